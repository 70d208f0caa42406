#pragma once
// Changes to a group's members (add, remove, promote, demote) as jobs of the engine
// (proxy/jobs/): created at once without asking WhatsApp, then worked person by person in the
// WhatsApp number's lane. The rules live here, so no caller can skip them:
//   - every phone is normalised (E.164) or refused;
//   - nobody is added without a fresh "has WhatsApp" answer;
//   - adds are paced (AddPacer) and capped per day; other writes are spaced too;
//   - our number must be an admin of the group;
//   - before every write the number's state is looked at (NumberState, seconds old at most): a
//     banned number stops the job, a warned or logged-out one makes it wait;
//   - the intent is recorded before each call, so after a crash the group is read again
//     before anything is retried (never a second add, never a wrong answer);
//   - every attempt goes to the audit log, with who asked;
//   - an add WhatsApp refuses for the person's privacy is remembered for the group (the card stops
//     offering it), and forgotten once an add of that number there succeeds.
#include "proxy/connectors/whatsapp_gateway.h"
#include "proxy/domain/add_pacing.h"
#include "proxy/domain/audit_log.h"
#include "proxy/domain/number_state.h"
#include "proxy/domain/privacy_refusals.h"
#include "proxy/domain/whatsapp_checks.h"
#include "proxy/jobs/job_engine.h"
#include "proxy/storage/database.h"

#include <functional>
#include <map>
#include <mutex>

namespace gd {

struct JobSettings {
    std::string default_region = "RU";          // for numbers written without a country code
    Clock::Duration write_interval{1000};       // between removes/promotes/demotes
    Clock::Duration rate_limited_pause{60000};  // at least this after WhatsApp said "too many"
    Clock::Duration number_recheck{10000};      // a job waiting for the number looks again this often
    size_t max_people = 1000;
    std::string lane = "whatsapp";              // the connected number's lane
};

// What a robot's job carries beyond a manager's (RobotRuns, robot_runs.h).
struct JobExtras {
    // payload["robot"]: {crm, entity, entity_url, trigger, people_from_entity, invite_on_failure};
    // with people_from_entity the job's first step reads the entity's contacts (EntityReader).
    nlohmann::json robot;
    nlohmann::json on_finish;   // the completion hook (the result's way back to the CRM); null for none
};

// Reads a lead or deal with its contacts from the tenant's CRM (CrmDirectory::crm_for).
using EntityReader = std::function<Result<EntityContext>(const std::string& tenant, const EntityRef& ref)>;
// Sends the group's invite link privately to one person (GroupInvites::send).
using InviteSender = std::function<Result<Ack>(const std::string& group_id, const std::string& phone, const Actor& actor)>;

class MembershipJobs : public JobHandler {
public:
    static constexpr const char* kKind = "member_change";

    // Registers itself with the engine as the handler of member changes.
    MembershipJobs(JobEngine& engine, Database& db, WhatsAppGateway& gateway, NumberState& number,
                   WhatsAppChecks& checks, AddPacer& pacer, AuditLog& audit, JobSettings settings);

    // Every job belongs to its actor's tenant: reads, lists and cancels name the tenant, and a job
    // of another tenant is job_not_found, as if it did not exist. A non-empty idempotency key
    // names one job for good: the same key again gives that job back (a different request under
    // it is idempotency_key_reused).
    Result<Job> create(const std::string& group_id, const ChangeRequest& request, const Actor& actor,
                       const std::string& idempotency_key = {}, const JobExtras& extras = {});
    // Set once at start, before the engine runs: without them a robot's job whose people are the
    // entity's contacts stops with crm_not_connected, and no invite is sent.
    void set_entity_reader(EntityReader reader) { read_entity_ = std::move(reader); }
    void set_invite_sender(InviteSender sender) { send_invite_ = std::move(sender); }
    Result<Job> get(const std::string& tenant, const std::string& job_id);
    Result<Job> cancel(const std::string& job_id, const Actor& actor);
    // The tenant's latest jobs for the group, newest first.
    Result<std::vector<Job>> recent(const std::string& tenant, const std::string& group_id, int limit);
    // The tenant's unfinished jobs in every group, in the order they will run.
    Result<std::vector<Job>> running(const std::string& tenant, int limit);
    // The connected number's state (looked at now) and today's allowance.
    Result<GatewayStatus> status();

    StepResult step(const QueuedJob& job) override;
    // A queued member change as the API shows it (reads its items).
    Job to_job(const QueuedJob& queued);

private:
    struct Member {
        ParticipantRole role;
    };
    using Members = std::map<std::string, Member>;   // by E.164 phone

    // What a job does when the number may not be written to now; nullopt when it may.
    std::optional<StepResult> number_not_ready();
    // Reads the group's members; keeps its name on the job (and in `job`, for the audit rows).
    Result<Members> read_group(QueuedJob& job, bool& we_are_admin);
    StepResult read_people(const QueuedJob& job);
    ChangeOutcome invite_if_asked(const QueuedJob& job, ParticipantAction action, const QueuedItem& item,
                                  ChangeOutcome outcome);
    StepResult settle_in_flight(QueuedJob job, const std::vector<QueuedItem>& items);
    StepResult change_one(const QueuedJob& job, ParticipantAction action, const QueuedItem& item, Members& members);
    void settle(const QueuedJob& job, ParticipantAction action, const QueuedItem& item, ChangeOutcome outcome);
    void forget(const std::string& job_id);

    JobEngine& engine_;
    JobStore& store_;
    Database& db_;
    WhatsAppGateway& gateway_;
    NumberState& number_;
    WhatsAppChecks& checks_;
    AddPacer& pacer_;
    AuditLog& audit_;
    Clock& clock_;
    JobSettings settings_;
    PrivacyRefusals refusals_;   // over the same data file as every other reader of the refusals
    EntityReader read_entity_;
    InviteSender send_invite_;

    std::mutex mutex_;   // guards the fields below; never held across a call
    std::map<std::string, Members> members_by_job_;   // read once per job per run of the proxy
    int64_t last_write_ms_ = 0;                       // the last remove/promote/demote
};

} // namespace gd
