#pragma once
// The proxy's own logins, for the standalone page (outside a CRM). The admin manages them with
// `groupdesk-proxy --add-user LOGIN` and friends; passwords are kept as slow salted hashes.
#include "proxy/storage/database.h"
#include "shared/result.h"
#include "shared/types.h"

#include <string>
#include <vector>

namespace gd {

struct LoginInfo {
    std::string login;
    std::string name;
    bool is_admin = false;
};

class Logins {
public:
    // iterations: of the password hash; tests lower it, the proxy keeps the default.
    explicit Logins(Database& db, int iterations = 0);

    // Creates or replaces (a new password, name and admin flag). invalid: empty login, spaces,
    // longer than 64, or a password shorter than 8 characters.
    Result<Done> set(const LoginInfo& info, const std::string& password);
    bool remove(const std::string& login);
    std::vector<LoginInfo> list();

    // The login when the password is right. A wrong password and an unknown login cost the same
    // time and give the same error, so answers do not tell which logins exist.
    Result<LoginInfo> check(const std::string& login, const std::string& password);

private:
    Database& db_;
    int iterations_;
    std::string decoy_hash_;   // checked against when the login is unknown
};

} // namespace gd
