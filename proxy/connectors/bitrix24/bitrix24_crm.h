#pragma once
// The CRM of one installed Bitrix24 portal (a local or Market app), read with the portal's stored
// token pair: the card's lead, deal or contact with its people and phones, search by title, users.
// User administration (seats, add, deactivate, reassign) is not built yet: those say not_supported.
#include "proxy/connectors/bitrix24/bitrix24_rest.h"
#include "proxy/connectors/crm.h"

namespace gd {

class Bitrix24Crm final : public Crm {
public:
    Bitrix24Crm(CrmTokenKeeper& keeper, std::string member_id, Bitrix24App app, Clock& clock,
                UpstreamPolicy policy = {});

    Result<EntityContext> entity(const EntityRef& ref) override;
    // Titles only: each result's contacts would cost two more requests against a 2/s limit, so
    // they come from entity() once the user picks one.
    Result<std::vector<EntityContext>> find_entities(const std::string& text, int limit) override;

    Result<std::vector<CrmUser>> users() override;
    Result<SeatCount> seats() override;
    Result<CrmUser> add_user(const NewUser& user) override;
    Result<Done> deactivate_user(const std::string& user_id) override;
    Result<int> reassign(const Reassignment& reassignment, int limit) override;

    Bitrix24Rest& rest() { return rest_; }

private:
    Result<std::vector<CrmContact>> contacts(const std::vector<std::string>& ids);

    Bitrix24Rest rest_;
};

} // namespace gd
