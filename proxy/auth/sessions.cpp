#include "proxy/auth/sessions.h"

#include "proxy/auth/password_hash.h"

namespace gd {

namespace {
constexpr int kTokenBytes = 32;
}

std::string session_key(const std::string& token) { return sha256_hex(token); }

Sessions::Sessions(Database& db, Clock& clock, int lifetime_minutes)
    : db_(db), clock_(clock), lifetime_seconds_((int64_t)lifetime_minutes * 60) {}

Session Sessions::open(const SessionUser& user) {
    const int64_t now = clock_.unix_seconds();
    Session session{random_token(kTokenBytes), now + lifetime_seconds_, user};
    // Expired rows go as new ones come: the table stays the size of a day's sign-ins.
    db_.run("DELETE FROM sessions WHERE expires_at < ?1", now - 24 * 3600);
    db_.run("INSERT INTO sessions (token_sha256, user_id, user_name, is_admin, tenant, expires_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            sha256_hex(session.token), user.id, user.name, user.is_admin, user.tenant, session.expires_at);
    return session;
}

Result<SessionUser> Sessions::find(const std::string& token) {
    if (token.empty()) return Error{ErrorCode::not_signed_in, {}};
    Statement st = db_.prepare("SELECT user_id, user_name, is_admin, tenant, expires_at FROM sessions WHERE token_sha256 = ?1");
    st.bind(1, sha256_hex(token));
    if (!st.step()) return Error{ErrorCode::not_signed_in, {}};
    if (st.integer(4) <= clock_.unix_seconds()) return Error{ErrorCode::session_expired, {}};
    return SessionUser{st.text(0), st.text(1), st.integer(2) != 0, st.text(3)};
}

void Sessions::close(const std::string& token) {
    db_.run("DELETE FROM sessions WHERE token_sha256 = ?1", sha256_hex(token));
}

int Sessions::close_tenant(const std::string& tenant) {
    // session_crm_tokens rows go with them (ON DELETE CASCADE; the data file turns foreign keys on).
    return db_.run("DELETE FROM sessions WHERE tenant = ?1", tenant);
}

} // namespace gd
