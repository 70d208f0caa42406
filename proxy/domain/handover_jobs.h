#pragma once
// A leaver's handover as a job of the engine (proxy/jobs/): their leads or deals, contacts,
// companies and tasks go to a colleague kind by kind, then the leaver is deactivated where the
// CRM's API allows it. The job runs in the CRM account's lane ("crm:<tenant>"), at the pace the
// connector keeps, and is readable from any session of the tenant and after a restart.
//
// The job has no items: its payload is its progress. After every step each kind's total, moved,
// refused records and the connector's cursor are saved, so a restarted proxy goes on from the
// last saved cursor, and a record the CRM refused is reported, never tried again. The rules:
//   - never the user GroupDesk's tokens belong to (crm_user_is_integration), refused at start;
//   - only to an active colleague other than the leaver;
//   - a failure that may pass (the CRM down, its rate limit, its API block) is retried with
//     backoff; anything else stops the job with its reason;
//   - where the CRM will not deactivate (its plan, an administrator, the integration's user), the
//     handover ends with deactivation "by_hand" and the reason, so the widget says what to do;
//   - the start, the deactivation and a deactivation left to do by hand go to the audit log.
#include "proxy/connectors/crm.h"
#include "proxy/domain/audit_log.h"
#include "proxy/jobs/job_engine.h"

#include <string>
#include <vector>

namespace gd {

class HandoverJobs : public JobHandler {
public:
    static constexpr const char* kKind = "crm_handover";

    // Registers itself with the engine as the handler of handovers.
    HandoverJobs(JobEngine& engine, CrmDirectory& crms, AuditLog& audit);

    // Starts handing `from_user_id`'s records to the request's colleague, in the actor's tenant.
    // A non-empty idempotency key names one handover for good: the same key again gives it back
    // (a different request under it is idempotency_key_reused).
    Result<Handover> start(const Actor& actor, const std::string& from_user_id, const DeactivationRequest& request,
                           const std::string& idempotency_key = {});
    // A handover of the tenant; job_not_found for another tenant's, as if it did not exist.
    Result<Handover> get(const std::string& tenant, const std::string& id);
    // The tenant's latest handovers, newest first.
    Result<std::vector<Handover>> recent(const std::string& tenant, int limit);

    StepResult step(const QueuedJob& job) override;
    // A queued handover as the API shows it.
    Handover to_handover(const QueuedJob& job);

private:
    JobEngine& engine_;
    JobStore& store_;
    CrmDirectory& crms_;
    AuditLog& audit_;
    Clock& clock_;
};

} // namespace gd
