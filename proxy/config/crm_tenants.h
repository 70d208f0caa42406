#pragma once
// Which CRM serves each session's tenant. The standalone page (and the sandbox) works on the CRM
// the proxy is configured with; a session opened from a Bitrix24 portal or an amoCRM account works
// on that account, whose connector is made on first use from its stored OAuth pair.
//
// Card reads go through cards_for(): each CRM kind says how one user sees its account (the user's
// own token, or the account's token behind a check of the user's rights). Those views are kept per
// session for a while, so a user's reads share one client and its pace.
#include "proxy/connectors/crm.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace gd {

class CrmTenants : public CrmDirectory {
public:
    // Makes the connector for one account of a CRM kind ("bitrix24" -> member_id).
    using MakeCrm = std::function<std::unique_ptr<Crm>(const std::string& account_id)>;
    // Makes one reader's view of an account: (account id, reader, the account's own connector).
    using MakeCards =
        std::function<Result<std::shared_ptr<CardSource>>(const std::string& account_id, const CrmReader& reader, Crm& account)>;

    // The CRM of "standalone" sessions; nullptr: the standalone page has no CRM. Its logins read
    // every card of it: the proxy's own users are the ones the proxy's administrator let in.
    void set_standalone(Crm* crm);
    // Without `make_cards` a reader sees the account as its token does (a CRM without per-user
    // rights, such as a test double).
    void add_kind(const std::string& kind, MakeCrm make, MakeCards make_cards = {});

    Result<Crm*> crm_for(const std::string& tenant) override;
    Result<std::shared_ptr<CardSource>> cards_for(const CrmReader& reader) override;

private:
    struct Kind {
        MakeCrm make;
        MakeCards make_cards;
    };
    Result<Crm*> account_locked(const std::string& tenant);   // with mutex_ held

    std::mutex mutex_;
    Crm* standalone_ = nullptr;
    std::map<std::string, Kind> kinds_;
    std::map<std::string, std::unique_ptr<Crm>> accounts_;              // by tenant
    std::map<std::string, std::shared_ptr<CardSource>> readers_;        // by tenant, user and session
};

} // namespace gd
