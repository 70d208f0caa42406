#include "proxy/storage/session_token_table.h"

namespace gd {

std::optional<CrmAccount> SessionTokenTable::load(const std::string& session_key) {
    Statement st = db_.prepare("SELECT crm, base_url, access_token, refresh_token, expires_at "
                               "FROM session_crm_tokens WHERE session_key = ?1");
    st.bind(1, session_key);
    if (!st.step()) return std::nullopt;
    return CrmAccount{session_key, st.text(0), st.text(1), st.text(2), st.text(3), st.integer(4), {}};
}

void SessionTokenTable::save(const CrmAccount& account) {
    db_.run("INSERT INTO session_crm_tokens (session_key, crm, base_url, access_token, refresh_token, expires_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT(session_key) DO UPDATE SET crm = ?2, base_url = ?3, access_token = ?4, refresh_token = ?5, "
            "expires_at = ?6",
            account.id, account.crm, account.base_url, account.access_token, account.refresh_token, account.expires_at);
}

void SessionTokenTable::forget(const std::string& session_key) {
    db_.run("DELETE FROM session_crm_tokens WHERE session_key = ?1", session_key);
}

} // namespace gd
