#pragma once
// A portal's people as an administrator manages them: users with their departments, the seats
// active employees take, inviting a user, dismissing one. Read and written with the portal's
// stored pair (Bitrix24Rest), which must be an administrator's with the user and department scopes.
//   user.get        https://apidocs.bitrix24.com/api-reference/user/user-get.html
//   department.get  https://apidocs.bitrix24.com/api-reference/departments/department-get.html
//   user.add        https://apidocs.bitrix24.com/api-reference/user/user-add.html
//   user.update     https://apidocs.bitrix24.com/api-reference/user/user-update.html
#include "proxy/connectors/bitrix24/bitrix24_rest.h"
#include "shared/types.h"

#include <string>
#include <vector>

namespace gd {

// What Bitrix24 lets GroupDesk do with users (constant: the portal's plan decides seats, and
// its answers say so).
CrmAdminAbilities bitrix24_admin_abilities();

class Bitrix24Users {
public:
    explicit Bitrix24Users(Bitrix24Rest& rest) : rest_(rest) {}

    // Every user, dismissed ones too, with their first department's name; the pair's own user
    // is is_integration (and is_admin: the pair must be an administrator's).
    Result<std::vector<CrmUser>> users();
    Result<std::vector<CrmGroup>> departments();
    // Active employees; the licence count is not in the REST API, so source "unknown" (the proxy
    // learns it from the first user_count_exceeded).
    Result<SeatCount> seats();
    // user.add: Bitrix24 e-mails the invitation itself; no password travels.
    Result<CrmUser> add(const NewUser& user);
    // user.update ACTIVE=N. Never the pair's own user: that would cut GroupDesk off the portal.
    Result<Done> deactivate(const std::string& user_id);

private:
    Bitrix24Rest& rest_;
};

} // namespace gd
