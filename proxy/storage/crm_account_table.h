#pragma once
// CRM accounts and their OAuth pairs in the data file (table crm_accounts).
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/upstream/crm_accounts.h"
#include "proxy/storage/database.h"

namespace gd {

class CrmAccountTable : public CrmAccountStore {
public:
    CrmAccountTable(Database& db, Clock& clock);
    std::optional<CrmAccount> load(const std::string& id) override;
    void save(const CrmAccount& account) override;
    void forget(const std::string& id) override;

private:
    Database& db_;
    Clock& clock_;
};

} // namespace gd
