#include "proxy/domain/crm_user_names.h"

namespace gd {

CrmUserNames::CrmUserNames(CrmDirectory& crms, Clock& clock) : crms_(crms), clock_(clock) {}

bool CrmUserNames::should_read(const std::string& tenant, const std::string& user_id) {
    std::lock_guard lock(mutex_);
    auto known = tenants_.find(tenant);
    if (known == tenants_.end()) return true;
    const Clock::Duration age = clock_.now() - known->second.read_at;
    return age >= kKeepFor || (!known->second.names.count(user_id) && age >= kRereadForNewUserAfter);
}

bool CrmUserNames::read(const std::string& tenant) {
    Result<Crm*> crm = crms_.crm_for(tenant);
    if (!crm) return false;
    Users fresh;
    fresh.read_at = clock_.now();
    Result<std::vector<CrmUser>> listed = crm.value()->users();
    if (!listed) return false;   // a kept list, even stale, beats none
    for (const CrmUser& user : listed.value()) fresh.names[user.id] = user.name;
    std::lock_guard lock(mutex_);
    tenants_.insert_or_assign(tenant, std::move(fresh));
    return true;
}

std::string CrmUserNames::name_of(const std::string& tenant, const std::string& user_id) {
    if (should_read(tenant, user_id))
        reads_.run(tenant, [&] {
            // A read that landed while this caller was deciding to read serves it too.
            return should_read(tenant, user_id) ? read(tenant) : true;
        });
    std::lock_guard lock(mutex_);
    auto known = tenants_.find(tenant);
    if (known == tenants_.end()) return "";
    auto name = known->second.names.find(user_id);
    return name == known->second.names.end() ? "" : name->second;
}

} // namespace gd
