#pragma once
// A CRM that lives in the data file: deals and leads with their contacts, users and licence
// seats. It refuses what a real CRM refuses (no free seat, an e-mail that already has a user,
// handing work to an inactive user) so the widget's flows can be tried end to end.
#include "proxy/connectors/crm.h"
#include "proxy/connectors/sandbox/sandbox_store.h"

namespace gd {

class SandboxCrm final : public Crm {
public:
    explicit SandboxCrm(SandboxStore& store) : store_(store) {}

    Result<EntityContext> entity(const EntityRef& ref) override;
    Result<std::vector<EntityContext>> find_entities(const std::string& text, int limit) override;

    CrmAdminAbilities abilities() override;
    Result<std::vector<CrmUser>> users() override;
    Result<std::vector<CrmGroup>> groups() override;
    Result<std::vector<CrmGroup>> roles() override;
    Result<SeatCount> seats() override;
    Result<CrmUser> add_user(const NewUser& user) override;
    Result<Done> deactivate_user(const std::string& user_id) override;
    Result<int> count_records(const std::string& user_id, RecordKind kind) override;
    Result<HandoverBatch> reassign(const Reassignment& reassignment, RecordKind kind, const std::string& cursor) override;

private:
    SandboxStore& store_;
};

} // namespace gd
