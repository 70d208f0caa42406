#pragma once
// CRM automations acting on a group: a Bitrix24 robot or workflow action, an amoCRM Digital
// Pipeline action, the sandbox's demo pipeline. Each run is a member change job (MembershipJobs),
// so it takes the same checked and paced path as a manager's click; what is robot-specific is
// here:
//   - whom: phones written in the robot's settings, or the deal's/lead's contacts, read from the
//     CRM by the job's first step (at run time, not when the CRM called);
//   - the idempotency key the CRM's call gives (Bitrix24's event_token, amoCRM's (account, lead,
//     stage, time)): a repeated call does nothing twice;
//   - the report hook: how the result goes back to the CRM once the job ends. It is part of the
//     job row, so a crash cannot lose it, and it is retried until the CRM takes it;
//   - robot_report(): the result as every CRM reports it (a code, a Russian message, how many
//     people succeeded and failed, a line per person).
#include "proxy/domain/membership_jobs.h"
#include "proxy/jobs/job_store.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace gd {

// What a CRM automation asks for. Built by the connector's route from what the CRM sent, after
// the call was proven genuine.
struct RobotOrder {
    std::string tenant;                 // "bitrix24:<member_id>", "amocrm:<account_id>", "standalone"
    std::string robot_name;             // the actor in the audit log and the jobs list
    std::string crm;                    // "bitrix24" | "amocrm" | "sandbox"
    std::string group_id;
    ParticipantAction action = ParticipantAction::add;
    EntityRef entity;                   // the deal or lead that entered the stage
    std::string entity_url;             // its card in the CRM, for the «Роботы» screen
    std::string trigger;                // for people: "Сделка: этап «Переговоры»", the robot's name
    std::vector<PersonInput> people;    // empty: the entity's contacts, read when the job starts
    bool invite_on_failure = false;     // send the invite link to whom an add failed for (invite_link_helps)
    std::string idempotency_key;        // required: the CRM's event identity
    nlohmann::json report_hook;         // {"type": ..., ...}: the result's way back to the CRM; null for none
};

class RobotRuns {
public:
    RobotRuns(MembershipJobs& jobs, JobStore& store) : jobs_(jobs), store_(store) {}

    // Enqueues the run and answers at once (nothing is asked of the CRM or WhatsApp here). The
    // same idempotency key again returns the same job and enqueues nothing.
    // Errors: invalid_group_id, bad_request (no key, no people and no entity), too_many_people.
    Result<Job> start(const RobotOrder& order);

    // The tenant's robot runs, newest first.
    Result<RobotRunList> recent(const std::string& tenant, int limit);

private:
    MembershipJobs& jobs_;
    JobStore& store_;
};

// The result of a finished run, as it goes back to the CRM.
struct RobotReport {
    std::string code;        // "ok" every person done; "partial"; "failed" nobody done; "no_people";
                             // or the job's stop reason (an ErrorCode name: "not_group_admin", ...)
    std::string message;     // one line in Russian: "Добавлено 2 из 3 в группу «Клиенты»."
    int succeeded = 0;       // done (or already as asked: already_member counts as success)
    int failed = 0;          // everyone else, including invite_sent and cancelled
    std::string log;         // a line per person in Russian, with the reason for each failed add (seed 000)
};
RobotReport robot_report(const QueuedJob& job, const std::vector<QueuedItem>& items);

// The hook that hands a finished run's report to its CRM. The connector only says how it is
// delivered (bizproc.event.send, a note in the lead): `deliver` returns true once the CRM took it
// (or refused it for good: nothing more to do), false to be retried with the engine's backoff.
using ReportDelivery = std::function<bool(const nlohmann::json& hook, const RobotReport& report)>;

class RobotReportHook : public HookRunner {
public:
    RobotReportHook(JobStore& store, ReportDelivery deliver) : store_(store), deliver_(std::move(deliver)) {}
    bool run(const nlohmann::json& hook, const QueuedJob& job) override {
        return deliver_(hook, robot_report(job, store_.items(job.id)));
    }

private:
    JobStore& store_;
    ReportDelivery deliver_;
};

// The robot's payload fields inside a member change job (payload["robot"]), so the list and the
// report hooks read one shape.
RobotRun robot_run_of(const Job& job, const QueuedJob& queued);

} // namespace gd
