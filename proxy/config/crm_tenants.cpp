#include "proxy/config/crm_tenants.h"

namespace gd {

namespace {

// Views kept at once; past this the oldest sessions' views are simply made again when asked.
constexpr size_t kMaxReaders = 512;

// A shared_ptr that does not own: the standalone CRM and the accounts live as long as CrmTenants.
std::shared_ptr<CardSource> borrowed(CardSource* source) { return std::shared_ptr<CardSource>(std::shared_ptr<void>(), source); }

} // namespace

void CrmTenants::set_standalone(Crm* crm) {
    std::lock_guard lock(mutex_);
    standalone_ = crm;
}

void CrmTenants::add_kind(const std::string& kind, MakeCrm make, MakeCards make_cards) {
    std::lock_guard lock(mutex_);
    kinds_[kind] = {std::move(make), std::move(make_cards)};
}

Result<Crm*> CrmTenants::crm_for(const std::string& tenant) {
    std::lock_guard lock(mutex_);
    return account_locked(tenant);
}

Result<Crm*> CrmTenants::account_locked(const std::string& tenant) {
    if (tenant == "standalone") {
        if (!standalone_) return Error{ErrorCode::crm_not_connected, "the standalone page has no CRM configured"};
        return standalone_;
    }
    auto made = accounts_.find(tenant);
    if (made != accounts_.end()) return made->second.get();
    const size_t colon = tenant.find(':');
    auto kind = colon == std::string::npos ? kinds_.end() : kinds_.find(tenant.substr(0, colon));
    if (kind == kinds_.end() || colon + 1 >= tenant.size())
        return Error{ErrorCode::crm_not_connected, "no CRM serves this session"};
    std::unique_ptr<Crm> crm = kind->second.make(tenant.substr(colon + 1));
    if (!crm) return Error{ErrorCode::crm_not_connected, {}};
    return (accounts_[tenant] = std::move(crm)).get();
}

Result<std::shared_ptr<CardSource>> CrmTenants::cards_for(const CrmReader& reader) {
    std::lock_guard lock(mutex_);
    Result<Crm*> account = account_locked(reader.tenant);
    if (!account) return account.error();
    if (reader.tenant == "standalone") return borrowed(*account);
    const std::string kind_name = reader.tenant.substr(0, reader.tenant.find(':'));
    const Kind& kind = kinds_.at(kind_name);   // account_locked found it
    if (!kind.make_cards) return borrowed(*account);

    const std::string key = reader.tenant + '\n' + reader.user_id + '\n' + reader.session_key;
    if (auto kept = readers_.find(key); kept != readers_.end()) return kept->second;
    Result<std::shared_ptr<CardSource>> made = kind.make_cards(reader.tenant.substr(kind_name.size() + 1), reader, **account);
    if (!made) return made.error();
    if (readers_.size() >= kMaxReaders) readers_.clear();
    readers_[key] = made.value();
    return made;
}

} // namespace gd
