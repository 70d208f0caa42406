#include "proxy/storage/crm_account_table.h"

namespace gd {

CrmAccountTable::CrmAccountTable(Database& db, Clock& clock) : db_(db), clock_(clock) {}

std::optional<CrmAccount> CrmAccountTable::load(const std::string& id) {
    Statement st = db_.prepare("SELECT crm, base_url, access_token, refresh_token, expires_at, application_token "
                               "FROM crm_accounts WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return CrmAccount{id, st.text(0), st.text(1), st.text(2), st.text(3), st.integer(4), st.text(5)};
}

void CrmAccountTable::save(const CrmAccount& account) {
    db_.run("INSERT INTO crm_accounts (id, crm, base_url, access_token, refresh_token, expires_at, application_token, updated_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
            "ON CONFLICT(id) DO UPDATE SET crm = ?2, base_url = ?3, access_token = ?4, refresh_token = ?5, "
            "expires_at = ?6, application_token = ?7, updated_at = ?8",
            account.id, account.crm, account.base_url, account.access_token, account.refresh_token,
            account.expires_at, account.application_token, clock_.unix_seconds());
}

void CrmAccountTable::forget(const std::string& id) { db_.run("DELETE FROM crm_accounts WHERE id = ?1", id); }

} // namespace gd
