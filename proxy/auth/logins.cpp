#include "proxy/auth/logins.h"

#include "proxy/auth/password_hash.h"

namespace gd {

namespace {

constexpr size_t kMaxLogin = 64;
constexpr size_t kMinPassword = 8;

bool valid_login(const std::string& login) {
    if (login.empty() || login.size() > kMaxLogin) return false;
    for (unsigned char c : login)
        if (c <= ' ' || c == 0x7f) return false;
    return true;
}

} // namespace

Logins::Logins(Database& db, int iterations)
    : db_(db), iterations_(iterations > 0 ? iterations : kPasswordIterations),
      // Costs as much to check as a real hash, without spending that time up front.
      decoy_hash_("pbkdf2-sha256$" + std::to_string(iterations_) + "$AAAAAAAAAAAAAAAAAAAAAA==$" +
                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=") {}

Result<Done> Logins::set(const LoginInfo& info, const std::string& password) {
    if (!valid_login(info.login))
        return Error{ErrorCode::bad_request, "a login is 1 to 64 characters without spaces"};
    if (password.size() < kMinPassword)
        return Error{ErrorCode::bad_request, "a password has at least 8 characters"};
    db_.run("INSERT INTO proxy_logins (login, name, password_hash, is_admin) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (login) DO UPDATE SET name = ?2, password_hash = ?3, is_admin = ?4",
            info.login, info.name.empty() ? info.login : info.name, hash_password(password, iterations_), info.is_admin);
    return Done{};
}

bool Logins::remove(const std::string& login) {
    Statement st = db_.prepare("DELETE FROM proxy_logins WHERE login = ?1");
    st.bind(1, login);
    return st.run() > 0;
}

std::vector<LoginInfo> Logins::list() {
    Statement st = db_.prepare("SELECT login, name, is_admin FROM proxy_logins ORDER BY login");
    std::vector<LoginInfo> logins;
    while (st.step()) logins.push_back({st.text(0), st.text(1), st.integer(2) != 0});
    return logins;
}

Result<LoginInfo> Logins::check(const std::string& login, const std::string& password) {
    Statement st = db_.prepare("SELECT login, name, is_admin, password_hash FROM proxy_logins WHERE login = ?1");
    st.bind(1, login);
    if (!st.step()) {
        verify_password(password, decoy_hash_);
        return Error{ErrorCode::wrong_login, {}};
    }
    LoginInfo info{st.text(0), st.text(1), st.integer(2) != 0};
    if (!verify_password(password, st.text(3))) return Error{ErrorCode::wrong_login, {}};
    return info;
}

} // namespace gd
