#pragma once
// Which CRM serves each session's tenant. The standalone page (and the sandbox) works on the CRM
// the proxy is configured with; a session opened from a Bitrix24 portal or an amoCRM account works
// on that account, whose connector is made on first use from its stored OAuth pair.
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

    // The CRM of "standalone" sessions; nullptr: the standalone page has no CRM.
    void set_standalone(Crm* crm);
    void add_kind(const std::string& kind, MakeCrm make);

    Result<Crm*> crm_for(const std::string& tenant) override;

private:
    std::mutex mutex_;
    Crm* standalone_ = nullptr;
    std::map<std::string, MakeCrm> kinds_;
    std::map<std::string, std::unique_ptr<Crm>> accounts_;   // by tenant
};

} // namespace gd
