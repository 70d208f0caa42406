#pragma once
// The Crm for one amoCRM account: the lead or contact card with its people and their phones,
// the lead search of the standalone page, and the account's users. User administration (seats,
// new users, deactivation, reassignment) is not built for amoCRM yet and says so.
#include "proxy/connectors/amocrm/amo_api.h"
#include "proxy/connectors/crm.h"

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
    Result<std::vector<CrmUser>> users() override;

    Result<SeatCount> seats() override;
    Result<CrmUser> add_user(const NewUser& user) override;
    Result<Done> deactivate_user(const std::string& user_id) override;
    Result<int> reassign(const Reassignment& reassignment, int limit) override;

private:
    Result<EntityContext> lead(const EntityRef& ref);
    Result<EntityContext> contact_card(const EntityRef& ref);
    Result<std::vector<CrmContact>> contacts(const std::vector<std::string>& ids);

    AmoApi api_;
};

} // namespace gd
