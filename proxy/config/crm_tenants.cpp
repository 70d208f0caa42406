#include "proxy/config/crm_tenants.h"

namespace gd {

void CrmTenants::set_standalone(Crm* crm) {
    std::lock_guard lock(mutex_);
    standalone_ = crm;
}

void CrmTenants::add_kind(const std::string& kind, MakeCrm make) {
    std::lock_guard lock(mutex_);
    kinds_[kind] = std::move(make);
}

Result<Crm*> CrmTenants::crm_for(const std::string& tenant) {
    std::lock_guard lock(mutex_);
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
    std::unique_ptr<Crm> crm = kind->second(tenant.substr(colon + 1));
    if (!crm) return Error{ErrorCode::crm_not_connected, {}};
    return (accounts_[tenant] = std::move(crm)).get();
}

} // namespace gd
