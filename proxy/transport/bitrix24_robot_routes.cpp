#include "proxy/transport/bitrix24_robot_routes.h"

#include "proxy/connectors/bitrix24/bitrix24_robot_call.h"
#include "proxy/connectors/bitrix24/bitrix24_robot_result.h"
#include "proxy/storage/database.h"
#include "proxy/transport/crm_entry_routes.h"

#include <httplib.h>
#include <openssl/crypto.h>

namespace gd {

// Index
// - What Bitrix24 sent: the form, and whether the portal it names sent it
// - Bitrix24RobotRefusals: settings that cannot be acted on, as jobs that end at once
// - Bitrix24RobotResults: the completion hook, bizproc.event.send
// - The route

namespace {

using Log = std::function<void(const std::string&)>;

// ---------------------------------------------------------------------------------------------
// What Bitrix24 sent
// ---------------------------------------------------------------------------------------------

// Bitrix24's queue server posts application/x-www-form-urlencoded
// (https://apidocs.bitrix24.com/settings/cloud-and-on-premise/network-access.html); anything else holds no field we
// read (and so no proof).

// A member_id as it may go into a log line: it is the caller's text until proven.
std::string shown_id(const std::string& member_id) {
    std::string shown;
    for (char c : member_id.substr(0, 64)) shown += std::isalnum((unsigned char)c) ? c : '?';
    return shown.empty() ? "(none)" : shown;
}

// The call is the portal's when its application_token is the one the portal gave us at install
// (ONAPPINSTALL), compared in constant time
// (https://apidocs.bitrix24.com/api-reference/events/safe-event-handlers.html). The posted access
// token proves nothing: a token of any portal's user would do, so it is never used.
Result<CrmAccount> proven_portal(CrmTokenKeeper& keeper, const RobotCaller& caller) {
    if (caller.member_id.empty()) return Error{ErrorCode::crm_call_unverified, "no auth[member_id]"};
    Result<CrmAccount> portal = keeper.current(caller.member_id);
    if (!portal) {
        if (portal.error().code == ErrorCode::crm_not_connected)
            return Error{ErrorCode::crm_call_unverified, "a portal that has not installed GroupDesk"};
        return portal.error();
    }
    const std::string& stored = portal->application_token;
    const std::string& sent = caller.application_token;
    if (sent.empty()) return Error{ErrorCode::crm_call_unverified, "no auth[application_token]"};
    if (stored.empty()) return Error{ErrorCode::crm_call_unverified, "the portal's install event never came"};
    if (sent.size() != stored.size() || CRYPTO_memcmp(sent.data(), stored.data(), stored.size()) != 0)
        return Error{ErrorCode::crm_call_unverified, "a wrong auth[application_token]"};
    return portal;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Bitrix24RobotRefusals
// ---------------------------------------------------------------------------------------------

Bitrix24RobotRefusals::Bitrix24RobotRefusals(JobEngine& engine, JobStore& store) : engine_(engine), store_(store) {
    engine_.add_handler(kKind, *this);
}

QueuedJob Bitrix24RobotRefusals::refuse(const std::string& tenant, const std::string& robot_name,
                                        const std::string& event_token, const std::string& problem_ru,
                                        const nlohmann::json& report_hook) {
    NewJob job;
    job.kind = kKind;
    job.tenant = tenant;
    job.lane = "crm:" + tenant;   // not behind the WhatsApp number's work: there is none to do
    job.idempotency_key = event_token;
    job.payload = {{"problem", problem_ru}};
    job.requested_by = {RequesterKind::robot, robot_name};
    job.on_finish = report_hook;
    Enqueued queued = store_.enqueue(job, engine_.clock().unix_ms());
    if (queued.created) engine_.wake();
    return queued.job;
}

StepResult Bitrix24RobotRefusals::step(const QueuedJob&) {
    return StepResult::finish(JobState::stopped, error_code_name(ErrorCode::bad_request));
}

// ---------------------------------------------------------------------------------------------
// Bitrix24RobotResults
// ---------------------------------------------------------------------------------------------

Bitrix24RobotResults::Bitrix24RobotResults(JobStore& store, CrmTokenKeeper& keeper, Bitrix24App app, Clock& clock, Log log,
                                           UpstreamPolicy policy)
    : store_(store), keeper_(keeper), app_(std::move(app)), clock_(clock), log_(std::move(log)), policy_(policy) {
    policy_.max_attempts = 1;   // a retry is the engine's, with its backoff: no worker sleeps here
}

bool Bitrix24RobotResults::run(const nlohmann::json& hook, const QueuedJob& job) {
    const std::string member_id = hook.value("member_id", "");
    const std::string event_token = hook.value("event_token", "");
    const std::string about = "Bitrix24 robot result of job " + job.id + " (portal " + shown_id(member_id) + ")";
    if (member_id.empty() || event_token.empty()) {
        log_(about + ": the hook names no portal or event; nothing to send");
        return true;
    }
    RobotReturnValues values;
    if (job.kind == Bitrix24RobotRefusals::kKind) {
        values.result_code = error_code_name(ErrorCode::bad_request);
        values.result_message = job.payload.is_object() ? job.payload.value("problem", "") : "";
        values.log_message = values.result_message;
    } else {
        const RobotReport report = robot_report(job, store_.items(job.id));
        values = {report.code, report.message, report.succeeded, report.failed, report.log};
    }
    Bitrix24Rest portal(keeper_, member_id, app_, clock_, policy_);
    const ResultSent sent = send_robot_result(portal, event_token, values);
    switch (sent.delivery) {
        case ResultDelivery::accepted:
            log_(about + ": sent, " + values.result_code);
            return true;
        case ResultDelivery::try_later:
            log_(about + ": not taken yet, will try again: " + sent.detail);
            return false;
        case ResultDelivery::refused:
            break;
    }
    // The workflow stopped waiting (the activity's timeout), or the portal dropped GroupDesk:
    // the run itself stays in the «Роботы» screen.
    log_(about + ": Bitrix24 will not take it, given up: " + sent.detail);
    return true;
}

// ---------------------------------------------------------------------------------------------
// The route
// ---------------------------------------------------------------------------------------------

namespace {

void reply_job(Call& c, const std::string& job_id, const std::string& result) {
    c.reply(nlohmann::json{{"job_id", job_id}, {"result", result}});
}

void robot_call(Call& c, RobotRuns& runs, Bitrix24RobotRefusals& refusals, CrmTokenKeeper& keeper, const Log& log,
                const Bitrix24RobotSettings& s) {
    const FormFields form = form_fields(c.request);
    const RobotCaller caller = robot_caller(form);
    Result<CrmAccount> portal = proven_portal(keeper, caller);
    if (!portal) {
        log("Bitrix24 robot call refused, nothing enqueued: " + std::string(error_code_name(portal.error().code)) + " (" +
            portal.error().detail + ") for portal " + shown_id(caller.member_id));
        return c.fail(portal.error());
    }
    Result<RobotCall> call = parse_robot_call(form);
    if (!call) {
        log("Bitrix24 robot call from portal " + shown_id(caller.member_id) + " refused: " + call.error().detail);
        return c.fail(call.error());
    }
    const std::string tenant = "bitrix24:" + call->member_id;
    const nlohmann::json report_hook =
        call->use_subscription ? nlohmann::json{{"type", Bitrix24RobotResults::kHookType},
                                                {"member_id", call->member_id},
                                                {"event_token", call->event_token}}
                               : nlohmann::json();
    // Settings it cannot act on are the administrator's to fix: they go to the workflow's log.
    auto report_problem = [&](const std::string& problem_ru, const std::string& problem_en) {
        try {
            const QueuedJob job = refusals.refuse(tenant, s.robot_name, call->event_token, problem_ru, report_hook);
            log("Bitrix24 robot call from portal " + shown_id(call->member_id) + " cannot be acted on (" + problem_en +
                "): " + (report_hook.is_null() ? "not reported, the workflow does not wait" : "reported back") + ", job " + job.id);
            reply_job(c, job.id, "reported");
        } catch (const StorageError& e) {
            log(std::string("Bitrix24 robot call: ") + e.what());
            c.fail(Error{ErrorCode::storage_failed, {}});
        }
    };

    const RobotSettings settings = read_robot_settings(*call);
    if (!settings.ok()) return report_problem(settings.problem_ru, settings.problem_en);

    RobotOrder order;
    order.tenant = tenant;
    order.robot_name = s.robot_name;
    order.crm = "bitrix24";
    order.group_id = settings.group_id;
    order.action = settings.action;
    order.entity = settings.entity;
    order.entity_url = entity_card_url(portal->base_url, settings.entity);
    order.trigger = std::string(settings.entity.kind == EntityKind::lead ? "Лид " : "Сделка ") + settings.entity.id +
                    ": робот или бизнес-процесс Bitrix24";
    order.people = settings.people;
    order.invite_on_failure = settings.invite_on_failure;
    order.idempotency_key = call->event_token;
    order.report_hook = report_hook;
    Result<Job> job = runs.start(order);
    if (job) {
        log("Bitrix24 robot call from portal " + shown_id(call->member_id) + ": job " + job->id);
        return reply_job(c, job->id, "accepted");
    }
    const Error& error = job.error();
    switch (error.code) {
        case ErrorCode::idempotency_key_reused:
            // The same event_token with other settings: Bitrix24 never does that; the first call's
            // run stands, and its result goes back under the token.
            log("Bitrix24 robot call from portal " + shown_id(call->member_id) + ": its event was already taken with other settings");
            return c.reply(nlohmann::json{{"result", "already_taken"}});
        case ErrorCode::invalid_group_id:
        case ErrorCode::no_people:
        case ErrorCode::too_many_people:
        case ErrorCode::bad_request:
            return report_problem(std::string(error_text(error.code).ru) + " " + error_next_step(error.code).ru,
                                  error_code_name(error.code));
        default:
            // Nothing was stored: an error status lets Bitrix24's queue deliver the call again.
            log("Bitrix24 robot call from portal " + shown_id(call->member_id) + " not taken: " + error_code_name(error.code));
            return c.fail(error);
    }
}

} // namespace

std::vector<Route> bitrix24_robot_routes(RobotRuns& runs, Bitrix24RobotRefusals& refusals, CrmTokenKeeper& keeper, Log log,
                                         Bitrix24RobotSettings settings) {
    return {
        {"POST", "/crm/bitrix24/robot",
         [&runs, &refusals, &keeper, log, settings](Call& c) { robot_call(c, runs, refusals, keeper, log, settings); },
         Access::open},
    };
}

} // namespace gd
