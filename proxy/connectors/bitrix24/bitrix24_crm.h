#pragma once
// The CRM of one installed Bitrix24 portal (a local or Market app), read with the portal's stored
// token pair: the card's lead, deal or contact with its people and phones, search by title, and
// user administration (bitrix24_users.h: users, departments, seats, invite, dismiss;
// bitrix24_handover.h: a leaver's records counted and handed over). Made with a card user's pair
// (TokenOwner::user) it is that user's view: Bitrix24 applies their rights, and a card they may
// not see is card_not_found.
#include "proxy/connectors/bitrix24/bitrix24_handover.h"
#include "proxy/connectors/bitrix24/bitrix24_rest.h"
#include "proxy/connectors/bitrix24/bitrix24_users.h"
#include "proxy/connectors/crm.h"

#include <memory>

namespace gd {

class Bitrix24Crm final : public Crm {
public:
    // `member_id`: the keeper's id of the pair (a user's: their session key).
    Bitrix24Crm(CrmTokenKeeper& keeper, std::string member_id, Bitrix24App app, Clock& clock,
                UpstreamPolicy policy = {}, TokenOwner owner = TokenOwner::portal);

    Result<EntityContext> entity(const EntityRef& ref) override;
    // Titles only: each result's contacts would cost two more requests against a 2/s limit, so
    // they come from entity() once the user picks one.
    Result<std::vector<EntityContext>> find_entities(const std::string& text, int limit) override;

    const char* kind() const override { return "bitrix24"; }
    CrmAdminAbilities abilities() override;
    Result<std::vector<CrmUser>> users() override;
    Result<std::vector<CrmGroup>> groups() override;
    Result<std::vector<CrmGroup>> roles() override;
    Result<SeatCount> seats() override;
    Result<CrmUser> add_user(const NewUser& user) override;
    Result<Done> deactivate_user(const std::string& user_id) override;
    Result<int> count_records(const std::string& user_id, RecordKind kind) override;
    Result<HandoverBatch> reassign(const Reassignment& reassignment, RecordKind kind, const std::string& cursor) override;

    Bitrix24Rest& rest() { return rest_; }

private:
    Result<std::vector<CrmContact>> contacts(const std::vector<std::string>& ids);
    Error about(const EntityRef& ref, Error error) const;

    Bitrix24Rest rest_;
    Bitrix24Users users_{rest_};
    Bitrix24Handover handover_;
};

// One card user's view of the portal: their cards, read with the pair kept for their session
// (`user_keeper` holds it under `session_key`) and refreshed with their REFRESH_ID when it
// expires. crm_token_rejected when the session keeps no pair (it was not opened from a card tab).
Result<std::shared_ptr<CardSource>> bitrix24_user_cards(CrmTokenKeeper& user_keeper, const std::string& session_key,
                                                        const Bitrix24App& app, Clock& clock, UpstreamPolicy policy = {});

} // namespace gd
