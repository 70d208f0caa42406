#pragma once
// Where Bitrix24's robot «Управление группой» and the workflow action of the same code call in,
// and how their result goes back (https://apidocs.bitrix24.com/tutorials/bizproc/activity.html):
//   POST /crm/bitrix24/robot   open (no session): the call as Bitrix24 sends it. Proven by
//                              auth[application_token] against the one stored for auth[member_id]
//                              (else 403, nothing enqueued), answered at once, and worked as a
//                              robot run (RobotRuns) keyed by its event_token: the same call
//                              again does nothing twice.
// Bitrix24's queue server slows down handlers that answer slowly or with errors
// (https://apidocs.bitrix24.com/api-reference/events/index.html), so a proven call is answered 200
// even when its settings cannot be acted on: that problem goes back to the workflow's log like any
// result, through a job of its own that ends at once (so it too is in the data file, keyed by the
// event_token, and survives a crash).
//
// When a run ends, its completion hook {"type":"bitrix24_robot_result","member_id","event_token"}
// (only when the workflow waits: use_subscription=Y) sends robot_report() through
// bizproc.event.send with the portal's stored pair; the engine retries it until Bitrix24 takes it.
#include "proxy/connectors/bitrix24/bitrix24_oauth.h"
#include "proxy/connectors/upstream/crm_accounts.h"
#include "proxy/domain/robot_runs.h"
#include "proxy/jobs/job_engine.h"
#include "proxy/transport/router.h"

#include <functional>
#include <string>
#include <vector>

namespace gd {

// Jobs for calls whose settings GroupDesk cannot act on: each ends at once, stopped with
// bad_request, so its completion hook takes the problem (payload "problem") to the workflow's log.
class Bitrix24RobotRefusals : public JobHandler {
public:
    static constexpr const char* kKind = "bitrix24_robot_refusal";

    // Registers itself with the engine as the handler of its kind.
    Bitrix24RobotRefusals(JobEngine& engine, JobStore& store);

    // The refusal's job under the call's event token (the same token again returns the first);
    // `report_hook` null when the workflow does not wait. Throws StorageError.
    QueuedJob refuse(const std::string& tenant, const std::string& robot_name, const std::string& event_token,
                     const std::string& problem_ru, const nlohmann::json& report_hook);

    StepResult step(const QueuedJob& job) override;

private:
    JobEngine& engine_;
    JobStore& store_;
};

// The completion hook of robot runs and refusals called from Bitrix24.
class Bitrix24RobotResults : public HookRunner {
public:
    static constexpr const char* kHookType = "bitrix24_robot_result";

    // `policy`: the timeouts of bizproc.event.send; one attempt per run, the engine backs off.
    Bitrix24RobotResults(JobStore& store, CrmTokenKeeper& keeper, Bitrix24App app, Clock& clock,
                         std::function<void(const std::string&)> log, UpstreamPolicy policy = {});

    // true once Bitrix24 took the result, or will never take it (the activity was closed by its
    // timeout, the portal uninstalled GroupDesk): one log line says which.
    bool run(const nlohmann::json& hook, const QueuedJob& job) override;

private:
    JobStore& store_;
    CrmTokenKeeper& keeper_;
    Bitrix24App app_;
    Clock& clock_;
    std::function<void(const std::string&)> log_;
    UpstreamPolicy policy_;
};

struct Bitrix24RobotSettings {
    std::string robot_name = "Робот Bitrix24 «Управление группой»";   // the actor in the audit log
};

// `log` gets one line per call: accepted, reported back or refused, never a token.
std::vector<Route> bitrix24_robot_routes(RobotRuns& runs, Bitrix24RobotRefusals& refusals, CrmTokenKeeper& keeper,
                                         std::function<void(const std::string&)> log,
                                         Bitrix24RobotSettings settings = {});

} // namespace gd
