#include "proxy/domain/crm_user_names.h"

namespace gd {

CrmUserNames::CrmUserNames(CrmDirectory& crms, Clock& clock) : crms_(crms), clock_(clock) {}

bool CrmUserNames::read(const std::string& tenant, Users& users) {
    Result<Crm*> crm = crms_.crm_for(tenant);
    if (!crm) return false;
    Result<std::vector<CrmUser>> listed = crm.value()->users();
    if (!listed) return false;
    users.names.clear();
    for (const CrmUser& user : listed.value()) users.names[user.id] = user.name;
    users.read_at = clock_.now();
    return true;
}

std::string CrmUserNames::name_of(const std::string& tenant, const std::string& user_id) {
    std::lock_guard lock(mutex_);
    auto known = tenants_.find(tenant);
    const Clock::Duration now = clock_.now();
    const bool stale = known == tenants_.end() || now - known->second.read_at >= kKeepFor;
    const bool maybe_new = known != tenants_.end() && !known->second.names.count(user_id) &&
                           now - known->second.read_at >= kRereadForNewUserAfter;
    if (stale || maybe_new) {
        Users fresh;
        if (read(tenant, fresh)) known = tenants_.insert_or_assign(tenant, std::move(fresh)).first;
        else if (known == tenants_.end()) return "";   // a kept list, even stale, beats none
    }
    auto name = known->second.names.find(user_id);
    return name == known->second.names.end() ? "" : name->second;
}

} // namespace gd
