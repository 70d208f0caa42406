#include "proxy/connectors/upstream/crm_accounts.h"

#include <exception>

namespace gd {

std::optional<CrmAccount> MemoryCrmAccounts::load(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = accounts_.find(id);
    if (it == accounts_.end()) return std::nullopt;
    return it->second;
}

void MemoryCrmAccounts::save(const CrmAccount& account) {
    std::lock_guard lock(mutex_);
    accounts_[account.id] = account;
    ++saves_;
}

void MemoryCrmAccounts::forget(const std::string& id) {
    std::lock_guard lock(mutex_);
    accounts_.erase(id);
}

int MemoryCrmAccounts::saves() const {
    std::lock_guard lock(mutex_);
    return saves_;
}

CrmTokenKeeper::CrmTokenKeeper(CrmAccountStore& store) : store_(store) {}

std::mutex& CrmTokenKeeper::lock_for(const std::string& id) {
    std::lock_guard lock(locks_mutex_);
    auto& slot = locks_[id];
    if (!slot) slot = std::make_unique<std::mutex>();
    return *slot;
}

Result<CrmAccount> CrmTokenKeeper::current(const std::string& id) {
    std::optional<CrmAccount> account;
    try {
        account = store_.load(id);
    } catch (const std::exception& e) {
        return Error{ErrorCode::storage_failed, e.what()};
    }
    if (!account || account->access_token.empty()) return Error{ErrorCode::crm_not_connected, {}};
    return *account;
}

Result<CrmAccount> CrmTokenKeeper::refresh(const std::string& id, const std::string& rejected_access_token,
                                           const RefreshTokens& refresh_tokens) {
    std::lock_guard lock(lock_for(id));
    Result<CrmAccount> stored = current(id);
    if (!stored) return stored;
    // Someone refreshed while we waited for the lock: their pair is the live one, and ours
    // (the refresh token in our copy) is already spent.
    if (stored->access_token != rejected_access_token) return stored;
    if (stored->refresh_token.empty()) return Error{ErrorCode::crm_reauthorization_needed, "no refresh token stored"};

    Result<CrmAccount> fresh = refresh_tokens(*stored);
    if (!fresh) return fresh;
    fresh->id = id;
    if (fresh->access_token.empty() || fresh->refresh_token.empty())
        return Error{ErrorCode::crm_bad_response, "the token answer has no token pair"};
    try {
        store_.save(*fresh);
    } catch (const std::exception& e) {
        // The old refresh token is spent and the new one is not saved: only a reconnect helps.
        return Error{ErrorCode::storage_failed, std::string("the refreshed CRM tokens could not be saved: ") + e.what()};
    }
    return fresh;
}

Result<Done> CrmTokenKeeper::store(const CrmAccount& account) {
    if (account.id.empty()) return Error{ErrorCode::bad_request, "the CRM account has no id"};
    std::lock_guard lock(lock_for(account.id));
    try {
        store_.save(account);
    } catch (const std::exception& e) {
        return Error{ErrorCode::storage_failed, e.what()};
    }
    return Done{};
}

Result<CrmAccount> CrmTokenKeeper::with_application_token(const std::string& id, const std::function<std::string()>& make) {
    std::lock_guard lock(lock_for(id));
    Result<CrmAccount> stored = current(id);
    if (!stored || !stored->application_token.empty()) return stored;
    stored->application_token = make();
    try {
        store_.save(*stored);
    } catch (const std::exception& e) {
        return Error{ErrorCode::storage_failed, e.what()};
    }
    return stored;
}

Result<Done> CrmTokenKeeper::forget(const std::string& id) {
    std::lock_guard lock(lock_for(id));
    try {
        store_.forget(id);
    } catch (const std::exception& e) {
        return Error{ErrorCode::storage_failed, e.what()};
    }
    return Done{};
}

} // namespace gd
