#include "proxy/transport/amocrm_pipeline_jobs.h"

#include "proxy/connectors/amocrm/amo_lead_note.h"
#include "proxy/storage/database.h"

#include <cstdio>

namespace gd {

namespace {

// The order as the check job keeps it until the lead is confirmed.
nlohmann::json order_json(const RobotOrder& o) {
    return {{"tenant", o.tenant},       {"robot_name", o.robot_name},   {"crm", o.crm},
            {"group_id", o.group_id},   {"action", o.action},           {"entity", o.entity},
            {"entity_url", o.entity_url}, {"trigger", o.trigger},       {"invite_on_failure", o.invite_on_failure},
            {"idempotency_key", o.idempotency_key}, {"report_hook", o.report_hook}};
}

RobotOrder order_of(const nlohmann::json& j) {
    RobotOrder o;
    o.tenant = j.at("tenant").get<std::string>();
    o.robot_name = j.at("robot_name").get<std::string>();
    o.crm = j.at("crm").get<std::string>();
    o.group_id = j.at("group_id").get<std::string>();
    o.action = j.at("action").get<ParticipantAction>();
    o.entity = j.at("entity").get<EntityRef>();
    o.entity_url = j.at("entity_url").get<std::string>();
    o.trigger = j.at("trigger").get<std::string>();
    o.invite_on_failure = j.at("invite_on_failure").get<bool>();
    o.idempotency_key = j.at("idempotency_key").get<std::string>();
    o.report_hook = j.at("report_hook");
    return o;
}

// A read that may work a little later: the check waits and tries again.
bool may_pass(ErrorCode code) {
    return code == ErrorCode::crm_unavailable || code == ErrorCode::upstream_rate_limited ||
           code == ErrorCode::storage_failed;
}

std::string text_of(const nlohmann::json& object, const char* key) {
    auto it = object.is_object() ? object.find(key) : object.end();
    return object.is_object() && it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

AmoStageCheck::AmoStageCheck(JobEngine& engine, RobotRuns& runs, AmoLeadReader read_lead)
    : engine_(engine), runs_(runs), read_lead_(std::move(read_lead)) {
    engine_.add_handler(kKind, *this);
}

Result<std::string> AmoStageCheck::enqueue(const AmoStageOrder& stage_order) {
    const RobotOrder& order = stage_order.order;
    NewJob job;
    job.kind = kKind;
    job.tenant = order.tenant;
    job.lane = "crm:" + order.tenant;
    job.target = order.group_id;
    // The robot run keeps the hook's key itself; in the same tenant this job needs its own.
    job.idempotency_key = "stage-check:" + order.idempotency_key;
    job.payload = {{"account_id", stage_order.account_id},
                   {"pipeline_id", stage_order.pipeline_id},
                   {"status_id", stage_order.status_id},
                   {"order", order_json(order)}};
    job.requested_by = {RequesterKind::webhook, order.robot_name};
    try {
        Enqueued queued = engine_.store().enqueue(job, engine_.clock().unix_ms());
        if (queued.created) engine_.wake();
        return queued.job.id;
    } catch (const StorageError& e) {
        std::fprintf(stderr, "amoCRM pipeline: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
}

StepResult AmoStageCheck::step(const QueuedJob& job) {
    if (job.state == JobState::cancelled) return StepResult::finish(JobState::cancelled);
    RobotOrder order;
    try {
        order = order_of(job.payload.at("order"));
    } catch (const nlohmann::json::exception&) {
        return StepResult::finish(JobState::stopped, error_code_name(ErrorCode::bad_request));
    }
    const std::string account_id = text_of(job.payload, "account_id");
    const std::string pipeline_id = text_of(job.payload, "pipeline_id");
    const std::string status_id = text_of(job.payload, "status_id");

    Result<AmoLead> lead = read_lead_(account_id, order.entity.id);
    if (!lead) {
        if (may_pass(lead.error().code)) return StepResult::retry(lead.error().code);
        std::fprintf(stderr, "amoCRM pipeline: account %s, lead %s not read, nothing done: %s\n", account_id.c_str(),
                     order.entity.id.c_str(), error_code_name(lead.error().code));
        return StepResult::finish(JobState::stopped, error_code_name(lead.error().code));
    }
    if (lead->pipeline_id != pipeline_id || lead->status_id != status_id) {
        // Not where the hook says: a forged or stale hook. Nobody is touched.
        std::fprintf(stderr,
                     "amoCRM pipeline: account %s, lead %s is in pipeline %s, status %s, not %s/%s as the hook said: "
                     "nothing done\n",
                     account_id.c_str(), order.entity.id.c_str(), lead->pipeline_id.c_str(), lead->status_id.c_str(),
                     pipeline_id.c_str(), status_id.c_str());
        return StepResult::finish(JobState::stopped, error_code_name(ErrorCode::crm_token_rejected));
    }
    Result<Job> run = runs_.start(order);
    if (!run) {
        if (run.error().code == ErrorCode::storage_failed) return StepResult::retry(ErrorCode::storage_failed);
        std::fprintf(stderr, "amoCRM pipeline: account %s, lead %s: the robot run was refused: %s\n", account_id.c_str(),
                     order.entity.id.c_str(), error_code_name(run.error().code));
        return StepResult::finish(JobState::stopped, error_code_name(run.error().code));
    }
    return StepResult::finish(JobState::done);
}

bool AmoLeadNotes::run(const nlohmann::json& hook, const QueuedJob& job) {
    const std::string account_id = text_of(hook, "account_id");
    const std::string lead_id = text_of(hook, "lead_id");
    Result<AmoApi*> api = api_for_(account_id);
    Result<Done> written = api ? add_lead_note(*api.value(), lead_id, robot_report(job, store_.items(job.id)).log)
                               : Result<Done>(api.error());
    if (!written)
        std::fprintf(stderr, "amoCRM pipeline: the result of job %s is not in lead %s yet: %s %s\n", job.id.c_str(),
                     lead_id.c_str(), error_code_name(written.error().code), written.error().detail.c_str());
    return written.ok();
}

} // namespace gd
