#include "proxy/domain/handover_jobs.h"

#include "proxy/domain/user_admin.h"

#include <algorithm>
#include <cstdio>

namespace gd {

namespace {

// ---------------------------------------------------------------------------------------------
// The job's payload: its progress, saved after every step
// ---------------------------------------------------------------------------------------------

struct KindProgress {
    RecordKind kind = RecordKind::lead;
    bool counted = false;
    int total = 0;
    int moved = 0;
    std::vector<std::string> refused;
    std::string cursor;        // the connector's, where the next batch starts
    bool finished = false;
    // A batch was sent and its answer never recorded (the proxy died, the CRM timed out): what it
    // moved is not in `moved`, so once the kind is through, what is left is counted again.
    bool in_flight = false;
    bool recount = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(KindProgress, kind, counted, total, moved, refused, cursor, finished,
                                                in_flight, recount)

struct Progress {
    CrmUser from;
    CrmUser to;
    std::string phase = "counting";   // "counting", "moving", "deactivating", "finished"
    std::vector<KindProgress> kinds;
    std::string deactivation;         // "", "deactivated", "by_hand"
    std::string deactivation_error;   // the ErrorCode name when by hand
    bool deactivate_sent = false;     // the call went out; a restart reads the user before sending again
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Progress, from, to, phase, kinds, deactivation, deactivation_error,
                                                deactivate_sent)

std::optional<Progress> progress_of(const QueuedJob& job) {
    if (!job.payload.is_object()) return std::nullopt;
    try {
        return job.payload.get<Progress>();
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

// Failures that may pass by themselves: the step is tried again with backoff.
bool may_pass(ErrorCode code) {
    return code == ErrorCode::crm_unavailable || code == ErrorCode::upstream_rate_limited ||
           code == ErrorCode::crm_api_blocked || code == ErrorCode::storage_failed;
}

// A refusal after which nothing moved for sure (a timeout may have moved a batch).
bool nothing_happened(ErrorCode code) {
    return code == ErrorCode::upstream_rate_limited || code == ErrorCode::crm_api_blocked;
}

// Why the CRM will not deactivate: the administrator does it by hand, as the widget says.
bool done_by_hand(ErrorCode code) {
    return code == ErrorCode::crm_deactivate_unavailable || code == ErrorCode::crm_user_is_admin ||
           code == ErrorCode::crm_user_is_integration;
}

StepResult failed(ErrorCode code) {
    if (may_pass(code)) return StepResult::retry(code);
    return StepResult::finish(JobState::stopped, error_code_name(code));
}

Actor actor_of(const QueuedJob& job) { return {job.requested_by.name, job.tenant, job.requested_by.kind}; }

Error storage_failed(const StorageError& e) {
    std::fprintf(stderr, "handover jobs: %s\n", e.what());
    return Error{ErrorCode::storage_failed, {}, {}};
}

} // namespace

HandoverJobs::HandoverJobs(JobEngine& engine, CrmDirectory& crms, AuditLog& audit)
    : engine_(engine), store_(engine.store()), crms_(crms), audit_(audit), clock_(engine.clock()) {
    engine_.add_handler(kKind, *this);
}

// ---------------------------------------------------------------------------------------------
// What the routes call
// ---------------------------------------------------------------------------------------------

Result<Handover> HandoverJobs::start(const Actor& actor, const std::string& from_user_id,
                                     const DeactivationRequest& request, const std::string& idempotency_key) {
    if (!is_valid_crm_user_id(from_user_id)) return Error{ErrorCode::bad_request, "malformed user id", "id"};
    const std::string& to_user_id = request.to_user_id;
    if (to_user_id.empty()) return Error{ErrorCode::bad_request, "choose who receives the records", "to_user_id"};
    if (!is_valid_crm_user_id(to_user_id)) return Error{ErrorCode::bad_request, "malformed user id", "to_user_id"};
    if (to_user_id == from_user_id)
        return Error{ErrorCode::bad_request, "the records cannot go to the leaver", "to_user_id"};

    Result<Crm*> crm = crms_.crm_for(actor.tenant);
    if (!crm) return crm.error();
    CrmAdmin& admin = *crm.value();
    const CrmAdminAbilities abilities = admin.abilities();
    // Deactivating without the handover would leave the leaver's records with nobody: both by hand.
    if (!abilities.reassign)
        return Error{ErrorCode::crm_deactivate_unavailable, "this CRM hands no records over through its API", {}};
    Result<std::vector<CrmUser>> users = admin.users();
    if (!users) return users.error();
    auto find = [&](const std::string& id) {
        return std::find_if(users->begin(), users->end(), [&](const CrmUser& u) { return u.id == id; });
    };
    auto from = find(from_user_id);
    if (from == users->end()) return Error{ErrorCode::crm_user_not_found, {}, "id"};
    // Deactivating them would cut GroupDesk off from the CRM halfway through.
    if (from->is_integration) return Error{ErrorCode::crm_user_is_integration, {}, "id"};
    auto to = find(to_user_id);
    if (to == users->end()) return Error{ErrorCode::crm_user_not_found, {}, "to_user_id"};
    if (!to->active) return Error{ErrorCode::crm_user_inactive, {}, "to_user_id"};

    Progress progress;
    progress.from = *from;
    progress.to = *to;
    for (RecordKind kind : abilities.record_kinds) {
        KindProgress k;
        k.kind = kind;
        progress.kinds.push_back(std::move(k));
    }
    NewJob job;
    job.kind = kKind;
    job.tenant = actor.tenant;
    // A lane of its own: a handover of thousands of records must not hold up the account's robot
    // work (lane "crm:<tenant>") for minutes. The connector paces every request to the account
    // whatever lane it comes from, so two lanes never go faster than the CRM allows.
    job.lane = "crm-users:" + actor.tenant;
    job.target = from->id;
    job.title = from->name;
    job.idempotency_key = idempotency_key;
    job.payload = progress;
    job.requested_by = {actor.kind, actor.name};
    try {
        Enqueued queued = store_.enqueue(job, clock_.unix_ms());
        if (!queued.created) {
            // The same key must mean the same request: the same leaver to the same colleague.
            std::optional<Progress> earlier = progress_of(queued.job);
            if (queued.job.kind != kKind || queued.job.target != from->id || !earlier || earlier->to.id != to->id)
                return Error{ErrorCode::idempotency_key_reused, {}, {}};
            return to_handover(queued.job);
        }
        audit_.record(actor, {{}, {}, "crm_handover_started", from->id, from->name + " › " + to->name, {}, "queued"});
        engine_.wake();
        return to_handover(queued.job);
    } catch (const StorageError& e) {
        return storage_failed(e);
    }
}

Result<Handover> HandoverJobs::get(const std::string& tenant, const std::string& id) {
    try {
        std::optional<QueuedJob> job = store_.get(tenant, id);
        if (!job || job->kind != kKind) return Error{ErrorCode::job_not_found, {}, {}};
        return to_handover(*job);
    } catch (const StorageError& e) {
        return storage_failed(e);
    }
}

Result<std::vector<Handover>> HandoverJobs::recent(const std::string& tenant, int limit) {
    try {
        std::vector<Handover> list;
        for (const QueuedJob& job : store_.by_requester(tenant, kKind, RequesterKind::person, std::clamp(limit, 1, 50)))
            list.push_back(to_handover(job));
        return list;
    } catch (const StorageError& e) {
        return storage_failed(e);
    }
}

Handover HandoverJobs::to_handover(const QueuedJob& q) {
    Handover h;
    h.id = q.id;
    h.state = q.state;
    h.stop_reason = q.stop_reason;
    h.requested_by = q.requested_by;
    h.created_at = q.created_at;
    if (std::optional<Progress> p = progress_of(q)) {
        h.from = p->from;
        h.to = p->to;
        h.phase = p->phase;
        h.deactivation = p->deactivation;
        h.deactivation_error = p->deactivation_error;
        for (const KindProgress& k : p->kinds) h.kinds.push_back({k.kind, k.total, k.moved, k.refused, k.finished});
    }
    const bool open = q.state == JobState::queued || q.state == JobState::running;
    const int64_t wait_ms = q.next_run_ms - clock_.unix_ms();
    if (open && wait_ms > 0 && q.waiting_for != JobWait::nothing) h.next_in_seconds = (double)wait_ms / 1000.0;
    return h;
}

// ---------------------------------------------------------------------------------------------
// One step: one count, one batch, or the deactivation
// ---------------------------------------------------------------------------------------------

StepResult HandoverJobs::step(const QueuedJob& job) {
    if (job.state == JobState::cancelled) return StepResult::finish(JobState::cancelled);
    std::optional<Progress> read = progress_of(job);
    if (!read) return StepResult::finish(JobState::stopped, error_code_name(ErrorCode::bad_request));
    Progress p = std::move(*read);
    auto save = [&] { store_.set_payload(job.id, p); };

    Result<Crm*> crm = crms_.crm_for(job.tenant);
    if (!crm) return failed(crm.error().code);
    CrmAdmin& admin = *crm.value();
    const Reassignment reassignment{p.from.id, p.to.id};

    if (p.phase == "counting") {
        auto next = std::find_if(p.kinds.begin(), p.kinds.end(), [](const KindProgress& k) { return !k.counted; });
        if (next != p.kinds.end()) {
            Result<int> count = admin.count_records(p.from.id, next->kind);
            if (!count) return failed(count.error().code);
            next->total = count.value();
            next->counted = true;
            save();
            return StepResult::again();
        }
        p.phase = "moving";
    }

    if (p.phase == "moving") {
        auto next = std::find_if(p.kinds.begin(), p.kinds.end(),
                                 [](const KindProgress& k) { return !k.finished || k.recount; });
        if (next != p.kinds.end()) {
            KindProgress& k = *next;
            if (k.finished) {
                // A batch's answer was lost: what it moved is what is no longer the leaver's.
                Result<int> left = admin.count_records(p.from.id, k.kind);
                if (!left) return failed(left.error().code);
                k.moved = std::max(k.moved, k.total - left.value() - (int)k.refused.size());
                k.recount = false;
                save();
                return StepResult::again();
            }
            if (k.in_flight) k.recount = true;   // the last batch went out and its answer is lost
            // The intent first: a crash from here on is seen by the next run.
            k.in_flight = true;
            save();
            Result<HandoverBatch> batch = admin.reassign(reassignment, k.kind, k.cursor);
            k.in_flight = false;
            if (!batch) {
                if (!nothing_happened(batch.error().code)) k.recount = true;
                save();
                return failed(batch.error().code);
            }
            k.moved += batch->moved;
            for (const std::string& id : batch->refused)
                if (std::find(k.refused.begin(), k.refused.end(), id) == k.refused.end()) k.refused.push_back(id);
            k.cursor = batch->cursor;
            k.finished = batch->finished;
            save();
            return StepResult::again();
        }
        p.phase = "deactivating";
    }

    if (p.phase == "deactivating") {
        auto end_as = [&](const std::string& how, ErrorCode why) {
            p.deactivation = how;
            p.deactivation_error = how == "by_hand" ? error_code_name(why) : "";
            p.phase = "finished";
            save();
            audit_.record(actor_of(job), {{}, {}, how == "by_hand" ? "crm_deactivation_by_hand" : "crm_user_deactivated",
                                          p.from.id, p.from.name, p.from.email,
                                          how == "by_hand" ? p.deactivation_error : "done"});
            return StepResult::finish(JobState::done);
        };
        if (!p.from.active) {   // a leaver let go before: only their records were left to hand over
            p.deactivation = "deactivated";
            p.phase = "finished";
            save();
            return StepResult::finish(JobState::done);
        }
        if (!admin.abilities().deactivate) return end_as("by_hand", ErrorCode::crm_deactivate_unavailable);
        if (p.deactivate_sent) {
            // The call went out before and its answer is lost: the CRM says whether it happened.
            Result<std::vector<CrmUser>> users = admin.users();
            if (!users) return failed(users.error().code);
            auto from = std::find_if(users->begin(), users->end(), [&](const CrmUser& u) { return u.id == p.from.id; });
            if (from != users->end() && !from->active) return end_as("deactivated", ErrorCode::unknown);
        }
        p.deactivate_sent = true;
        save();
        Result<Done> done = admin.deactivate_user(p.from.id);
        if (done) return end_as("deactivated", ErrorCode::unknown);
        const ErrorCode why = done.error().code;
        if (done_by_hand(why)) return end_as("by_hand", why);
        return failed(why);
    }

    return StepResult::finish(JobState::done);   // "finished": only the engine's record was lost
}

} // namespace gd
