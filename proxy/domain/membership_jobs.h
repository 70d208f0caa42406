#pragma once
// Changes to a group's members (add, remove, promote, demote) are jobs: created at once, worked
// through person by person by one background worker, kept in the data file so they survive a
// restart, and followed by the widget. The rules live here, so no caller can skip them:
//   - every phone is normalised (E.164) or refused;
//   - nobody is added without a fresh "has WhatsApp" answer;
//   - adds are paced (AddPacer) and capped per day;
//   - our number must be an admin of the group;
//   - a banned, warned or logged-out number stops every write;
//   - every attempt goes to the audit log.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/whatsapp_gateway.h"
#include "proxy/domain/add_pacing.h"
#include "proxy/domain/audit_log.h"
#include "proxy/domain/whatsapp_checks.h"
#include "proxy/storage/database.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace gd {

struct JobSettings {
    std::string default_region = "RU";          // for numbers written without a country code
    Clock::Duration write_interval{1000};       // between removes/promotes/demotes
    Clock::Duration rate_limited_pause{60000};  // after WhatsApp said "too many"
    Clock::Duration connection_recheck{60000};  // how long a connection state is trusted
    size_t max_people = 1000;
};

class MembershipJobs {
public:
    MembershipJobs(Database& db, WhatsAppGateway& gateway, WhatsAppChecks& checks, AddPacer& pacer, AuditLog& audit,
                   Clock& clock, JobSettings settings);
    ~MembershipJobs();

    // Starts the background worker (it resumes jobs left unfinished by a restart).
    void start_worker();

    // Every job belongs to its actor's tenant: reads, lists and cancels name the tenant, and a job
    // of another tenant is job_not_found, as if it did not exist.
    Result<Job> create(const std::string& group_id, const ChangeRequest& request, const Actor& actor);
    Result<Job> get(const std::string& tenant, const std::string& job_id);
    Result<Job> cancel(const std::string& job_id, const Actor& actor);
    // The tenant's latest jobs for the group, newest first.
    Result<std::vector<Job>> recent(const std::string& tenant, const std::string& group_id, int limit);
    // The connected number's state (as the jobs see it) and today's allowance.
    Result<GatewayStatus> status();

    // Works through every unfinished job on the calling thread; the worker runs the same.
    void run_until_idle();

private:
    struct Member {
        ParticipantRole role;
    };
    using Members = std::map<std::string, Member>;   // by E.164 phone

    bool work_one_step();
    void stop_job(const std::string& job_id, ErrorCode reason);
    bool pause(Clock::Duration d, const std::string& job_id);   // false when cancelled or stopping
    bool job_still_running(const std::string& job_id);
    Result<ConnectionState> connection();
    ChangeOutcome change_one(const std::string& job_id, const std::string& group_id, ParticipantAction action,
                             const std::string& phone, Members& members, bool& stop, ErrorCode& stop_reason);

    Database& db_;
    WhatsAppGateway& gateway_;
    WhatsAppChecks& checks_;
    AddPacer& pacer_;
    AuditLog& audit_;
    Clock& clock_;
    JobSettings settings_;

    std::mutex mutex_;   // guards the fields below
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread worker_;
    std::map<std::string, Members> members_by_job_;
    bool connection_known_ = false;
    Clock::Duration connection_checked_at_{0};
    Result<ConnectionState> connection_ = Error{ErrorCode::unknown, "not checked"};
};

} // namespace gd
