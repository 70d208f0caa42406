#pragma once
// The CRM token pair a session's user brought (Bitrix24's card tab posts the user's AUTH_ID and
// REFRESH_ID), kept beside the session in the data file (table session_crm_tokens) and gone with
// it. The browser never holds it; card reads for that session go to the CRM with it, so the CRM
// applies that user's rights. A CrmAccountStore whose id is the session key (session_key()), so
// CrmTokenKeeper refreshes these pairs exactly as it refreshes an installation's.
#include "proxy/connectors/upstream/crm_accounts.h"
#include "proxy/storage/database.h"

namespace gd {

class SessionTokenTable : public CrmAccountStore {
public:
    explicit SessionTokenTable(Database& db) : db_(db) {}
    std::optional<CrmAccount> load(const std::string& session_key) override;
    // The session must exist (its row owns this one).
    void save(const CrmAccount& account) override;
    void forget(const std::string& session_key) override;

private:
    Database& db_;
};

} // namespace gd
