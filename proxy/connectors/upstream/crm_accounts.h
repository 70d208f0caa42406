#pragma once
// A CRM account GroupDesk is installed in (a Bitrix24 portal, an amoCRM account) and the OAuth
// pair it was given. Both CRMs rotate the refresh token on every use and accept each one once,
// so two refreshes racing lose the integration for good. Hence two rules, kept here for every
// CRM connector:
//   - one refresh at a time per account (the second caller waits, then uses the first's pair);
//   - the new pair is saved before anyone uses it (a crash after the refresh must not lose it).
#include "shared/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace gd {

struct CrmAccount {
    std::string id;                 // Bitrix24 member_id, amoCRM account id
    std::string crm;                // "bitrix24" | "amocrm"
    std::string base_url;           // "https://portal.bitrix24.ru", "https://x.amocrm.ru"
    std::string access_token;
    std::string refresh_token;
    int64_t expires_at = 0;         // unix seconds; 0 = unknown
    // Bitrix24: proves an event came from the portal (its own application_token).
    // amoCRM: the installation's Digital Pipeline secret (64 hex digits, made by the proxy at
    // install and kept on re-install), which the widget puts into the pipeline action's settings;
    // amoCRM's hook posts it back, since the hook itself is unsigned.
    std::string application_token;
};

// Where accounts persist. The proxy's is the SQLite data file; tests use MemoryCrmAccounts.
class CrmAccountStore {
public:
    virtual ~CrmAccountStore() = default;
    virtual std::optional<CrmAccount> load(const std::string& id) = 0;   // throws on storage failure
    virtual void save(const CrmAccount& account) = 0;                   // throws on storage failure
    virtual void forget(const std::string& id) = 0;                     // throws on storage failure
};

class MemoryCrmAccounts : public CrmAccountStore {
public:
    std::optional<CrmAccount> load(const std::string& id) override;
    void save(const CrmAccount& account) override;
    void forget(const std::string& id) override;
    int saves() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, CrmAccount> accounts_;
    int saves_ = 0;
};

// Exchanges a refresh token for a new pair at the CRM's OAuth server. Returns the account with
// the new pair filled in; Error crm_reauthorization_needed when the CRM refuses the token.
using RefreshTokens = std::function<Result<CrmAccount>(const CrmAccount& current)>;

// The one place that refreshes. Shared by every connector of the proxy.
class CrmTokenKeeper {
public:
    explicit CrmTokenKeeper(CrmAccountStore& store);

    // The stored account; crm_not_connected when the CRM never installed us.
    Result<CrmAccount> current(const std::string& id);

    // Called after the CRM rejected `rejected_access_token` as expired. When another caller has
    // already replaced it, returns that newer pair without refreshing again; otherwise refreshes,
    // saves, and only then returns the new pair.
    Result<CrmAccount> refresh(const std::string& id, const std::string& rejected_access_token,
                               const RefreshTokens& refresh_tokens);

    // Install and re-install: a pair the CRM handed us directly.
    Result<Done> store(const CrmAccount& account);

    // The stored account with an application_token: the stored one, or `make()`'s, saved under
    // the account's lock, so a refresh racing it cannot lose its new pair.
    Result<CrmAccount> with_application_token(const std::string& id, const std::function<std::string()>& make);
    // Uninstall: the account and its pair are gone; current() is crm_not_connected from now on.
    // Waits for a refresh of that account under way, so it cannot save the pair back afterwards.
    Result<Done> forget(const std::string& id);

private:
    std::mutex& lock_for(const std::string& id);

    CrmAccountStore& store_;
    std::mutex locks_mutex_;
    std::map<std::string, std::unique_ptr<std::mutex>> locks_;
};

} // namespace gd
