#pragma once
// A CRM that lives in the data file: deals and leads with their contacts, users in groups and
// roles, licence seats, and thousands of records to hand over. It refuses what a real CRM refuses
// (no free seat, an e-mail that already has a user here or an account elsewhere, deactivating an
// administrator or the integration's own user, handing work to an inactive user, moving a locked
// record) so the widget's flows can be tried end to end.
#include "proxy/connectors/crm.h"
#include "proxy/connectors/sandbox/sandbox_store.h"

#include <chrono>

namespace gd {

class SandboxCrm final : public Crm {
public:
    // How long a handover batch takes in the demo, like a CRM's answer, so its progress bar can
    // be watched: 3,000 records in batches of 50 take about ten seconds.
    static constexpr std::chrono::milliseconds kDemoHandoverPause{150};

    // `handover_pause`: each reassign() call waits this long (without the store's lock), 0 answers
    // at once (tests).
    explicit SandboxCrm(SandboxStore& store, std::chrono::milliseconds handover_pause = {})
        : store_(store), handover_pause_(handover_pause) {}

    Result<EntityContext> entity(const EntityRef& ref) override;
    Result<std::vector<EntityContext>> find_entities(const std::string& text, int limit) override;

    const char* kind() const override { return "sandbox"; }
    CrmAdminAbilities abilities() override;
    Result<std::vector<CrmUser>> users() override;
    Result<std::vector<CrmGroup>> groups() override;
    Result<std::vector<CrmGroup>> roles() override;
    Result<SeatCount> seats() override;
    Result<CrmUser> add_user(const NewUser& user) override;
    Result<Done> deactivate_user(const std::string& user_id) override;
    Result<int> count_records(const std::string& user_id, RecordKind kind) override;
    // Looks at the leaver's next kHandoverBatch records of the kind in id order (text order) after
    // `cursor`, the last id looked at: moves each, or reports it refused when it is locked.
    Result<HandoverBatch> reassign(const Reassignment& reassignment, RecordKind kind, const std::string& cursor) override;

    static constexpr int kHandoverBatch = 50;

private:
    SandboxStore& store_;
    std::chrono::milliseconds handover_pause_;
};

// Where the sandbox CRM keeps a kind of record: leads and deals share crm_entities, told apart
// by its kind column.
struct SandboxRecordTable {
    const char* table;
    const char* entity_kind;   // "" outside crm_entities
};
SandboxRecordTable sandbox_record_table(RecordKind kind);

} // namespace gd
