#pragma once
// The Crm for one amoCRM account: the lead or contact card with its people and their phones,
// the lead search of the standalone page (amo_crm.cpp), and user administration: users, groups,
// roles, seats, adding and deactivating (amo_users.cpp), and handing a leaver's leads, contacts,
// companies and tasks to a colleague (amo_handover.cpp).
//
// amoCRM gives a card's user no token of their own (the widget's JWT only names them), so every
// read goes with the installation's token, which sees everything. A user's view therefore checks
// that user's rights first (entity_seen_by, amocrm_user_cards): a lead or contact they may not
// view is card_not_found, a lead's contacts they may not view are left out.
#include "proxy/connectors/amocrm/amo_api.h"
#include "proxy/connectors/amocrm/amo_records.h"
#include "proxy/connectors/crm.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace gd {

class AmoCrm final : public Crm {
public:
    AmoCrm(CrmTokenKeeper& keeper, std::string account_id, AmoIntegration integration, Clock& clock,
           UpstreamPolicy policy = amo_policy());

    // A lead (kind lead; deal is taken as amoCRM's lead, which its UI calls «Сделка») with its
    // contacts, or a contact card, whose one person is the contact itself.
    Result<EntityContext> entity(const EntityRef& ref) override;
    // Leads matching the text (amoCRM's own search over filled-in fields); without contacts: the
    // page reads the chosen lead's people with entity().
    Result<std::vector<EntityContext>> find_entities(const std::string& text, int limit) override;

    const char* kind() const override { return "amocrm"; }
    CrmAdminAbilities abilities() override;
    Result<std::vector<CrmUser>> users() override;
    Result<std::vector<CrmGroup>> groups() override;
    Result<std::vector<CrmGroup>> roles() override;
    Result<SeatCount> seats() override;
    Result<CrmUser> add_user(const NewUser& user) override;
    Result<Done> deactivate_user(const std::string& user_id) override;
    Result<int> count_records(const std::string& user_id, RecordKind kind) override;
    Result<HandoverBatch> reassign(const Reassignment& reassignment, RecordKind kind, const std::string& cursor) override;

    // The lead as amoCRM holds it now, without contacts: where it stands (pipeline_id, status_id),
    // which a Digital Pipeline hook is confirmed against. card_not_found when the account has no
    // such lead (another account's id, or deleted).
    Result<AmoLead> lead_record(const std::string& lead_id);
    // The account's one API client (its pace), for what writes to the account too (lead notes).
    AmoApi& api() { return api_; }

    // As the user `user_id` may see them: their rights read from amoCRM (kept a minute).
    Result<EntityContext> entity_seen_by(const std::string& user_id, const EntityRef& ref);
    Result<std::vector<EntityContext>> find_entities_seen_by(const std::string& user_id, const std::string& text, int limit);

private:
    using Owners = std::map<std::string, std::string>;   // contact id -> responsible user id
    Result<EntityContext> lead(const EntityRef& ref, const AmoRights* viewer);
    Result<EntityContext> contact_card(const EntityRef& ref, const AmoRights* viewer);
    Result<std::vector<CrmContact>> contacts(const std::vector<std::string>& ids, Owners* owners);
    Result<std::vector<AmoLead>> search_leads(const std::string& text, int limit);
    Result<AmoRights> rights_of(const std::string& user_id);
    // May the viewer see a record with this view right and responsible user?
    Result<bool> may_view(const AmoRights& viewer, const std::string& right, const std::string& responsible_user_id);
    Result<bool> may_view_lead(const AmoRights& viewer, const AmoLead& lead);

    // ---- user administration (amo_users.cpp)
    // The user the installation's tokens belong to: /api/v4/account's current_user_id, read once
    // (concurrent first callers wait for the one read).
    Result<std::string> integration_user_id();
    void learn_integration_user(const std::string& id);
    // One user as amoCRM holds them now; std::nullopt when the account has no such user (204).
    Result<std::optional<CrmUser>> user_now(const std::string& user_id);
    Result<CrmUser> send_new_user(const nlohmann::json& item, const NewUser& asked, bool account_over_100);

    // ---- handover (amo_handover.cpp)
    Result<Done> check_colleague(const Reassignment& reassignment);
    Result<int> count_by_filter(const std::string& user_id, RecordKind kind, bool& filter_ignored);
    Result<int> count_by_scan(const std::string& user_id, RecordKind kind);

    struct KeptRights {
        AmoRights rights;
        Clock::Duration read_at{0};
    };

    AmoApi api_;
    Clock& clock_;
    std::mutex rights_mutex_;
    std::map<std::string, KeptRights> rights_;   // by user id

    std::mutex integration_read_mutex_;    // held through the one read of /api/v4/account
    std::mutex admin_mutex_;
    std::string integration_user_;         // "" until read
    std::set<std::string> colleagues_checked_;   // to_user_id found active by this instance
    // amoCRM answered a filter[responsible_user_id] list with other users' records: this account
    // has no API filtering (research §3.1), so lists are scanned whole from now on.
    std::atomic<bool> filter_ignored_{false};
};

// One card user's view of the account (their rights checked before each answer).
std::shared_ptr<CardSource> amocrm_user_cards(AmoCrm& account, const std::string& user_id);

} // namespace gd
