#pragma once
// The amoCRM Digital Pipeline action's two parts on the job engine (the route is
// amocrm_pipeline_routes.h):
//
//   AmoStageCheck: amoCRM's hook is unsigned and wants the fastest answer, so the route answers at
//     once and enqueues this check in the account's own CRM lane ("crm:amocrm:<account>"). Its one
//     step reads the lead through the API and starts the robot run (RobotRuns) only when the lead
//     really is in the pipeline and status the hook named; any other lead (another account's id,
//     moved on, deleted) starts nothing. The check runs within seconds of the hook, not behind the
//     WhatsApp number's paced queue, where a lead may have moved on legitimately by then; and it is
//     durable and retried like every job (a 429 or an outage does not lose the hook).
//
//   AmoLeadNotes: the robot run's completion hook {"type":"amocrm_lead_note", "account_id", "lead_id"}:
//     robot_report()'s log (a line per person) as a note in the lead. false (the engine retries with
//     backoff) until amoCRM takes it.
#include "proxy/connectors/amocrm/amo_api.h"
#include "proxy/connectors/amocrm/amo_records.h"
#include "proxy/domain/robot_runs.h"
#include "proxy/jobs/job_engine.h"

#include <functional>
#include <string>

namespace gd {

// Reads a lead of an installed account as amoCRM holds it now (AmoCrm::lead_record).
using AmoLeadReader = std::function<Result<AmoLead>(const std::string& account_id, const std::string& lead_id)>;
// The installed account's API client (AmoCrm::api): crm_not_connected when it is not installed.
using AmoApiFinder = std::function<Result<AmoApi*>(const std::string& account_id)>;

// A hook proven to come from an installed account, waiting for its lead to be confirmed.
struct AmoStageOrder {
    std::string account_id;
    std::string pipeline_id;
    std::string status_id;
    RobotOrder order;   // entity: the lead; its idempotency key names the hook
};

class AmoStageCheck : public JobHandler {
public:
    static constexpr const char* kKind = "amocrm_stage_check";

    // Registers itself with the engine.
    AmoStageCheck(JobEngine& engine, RobotRuns& runs, AmoLeadReader read_lead);

    // Enqueues the check; the same hook again (the order's idempotency key) enqueues nothing.
    // Returns the check job's id. Errors: storage_failed.
    Result<std::string> enqueue(const AmoStageOrder& stage_order);

    StepResult step(const QueuedJob& job) override;

private:
    JobEngine& engine_;
    RobotRuns& runs_;
    AmoLeadReader read_lead_;
};

class AmoLeadNotes : public HookRunner {
public:
    static constexpr const char* kType = "amocrm_lead_note";

    AmoLeadNotes(JobStore& store, AmoApiFinder api_for) : store_(store), api_for_(std::move(api_for)) {}
    bool run(const nlohmann::json& hook, const QueuedJob& job) override;

private:
    JobStore& store_;
    AmoApiFinder api_for_;
};

} // namespace gd
