#pragma once
// The durable queue every kind of long work goes through (member changes today; robots and CRM
// handovers next). A job is a row: its kind picks the handler, its lane says which upstream
// account's pace it shares, its items are the people (or records) it works through one by one.
//
// This header is the whole storage surface of the engine, so another store (PostgreSQL, for
// several proxies sharing one queue) is one more implementation of JobStore and nothing else.
// Times are unix milliseconds: a job's next run must survive a restart at that precision.
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gd {

// Where an item stands. in_flight is the intent recorded before the upstream is called: after a
// crash it means "outcome unknown", and the handler reads the upstream before trying again.
enum class ItemPhase { waiting, in_flight, finished };

struct QueuedItem {
    int position = 0;
    std::string input;     // as the requester wrote it
    std::string subject;   // what the upstream call is about (an E.164 phone); "" when invalid
    std::string label;     // a name for people
    std::string outcome;   // "pending" until finished
    ItemPhase phase = ItemPhase::waiting;
};

struct QueuedJob {
    std::string id;
    std::string kind;              // the handler: "member_change", ...
    std::string tenant;
    std::string lane;              // "whatsapp", "crm:<tenant>": one at a time per lane, in order
    std::string target;            // what the job is about (a group id): lists filter on it
    std::string title;             // its name for people (the group's name), "" until known
    nlohmann::json payload;        // the handler's own (the action, ...)
    JobState state = JobState::queued;
    int attempts = 0;              // failures that may pass, since the last item finished
    int64_t next_run_ms = 0;
    JobWait waiting_for = JobWait::nothing;
    int total = 0;
    int done = 0;                  // items finished
    int unsettled = 0;             // items in flight (sent, outcome not recorded)
    int ahead = 0;                 // older unfinished jobs in the same lane: they go first
    std::string stop_reason;       // an ErrorCode name
    Requester requested_by;
    nlohmann::json on_finish;      // the completion hook, null for none
    std::string hook_state = "none";   // "none", "due", "done" (the hook ran), "failed" (gave up)
    int64_t created_at = 0;        // unix seconds
};

struct NewJob {
    std::string kind, tenant, lane, target, title;
    std::string idempotency_key;   // "" for none; else (tenant, key) names one job forever
    nlohmann::json payload = nlohmann::json::object();
    Requester requested_by;
    nlohmann::json on_finish;      // null for none
    std::vector<QueuedItem> items; // positions are assigned in order
};

struct Enqueued {
    QueuedJob job;
    bool created = false;          // false: the key named an earlier job, which is returned
};

// What a worker does with a job it holds, when it lets go of it without finishing it.
struct Release {
    int64_t next_run_ms = 0;
    JobWait waiting_for = JobWait::nothing;
    int attempts = 0;
};

// A finished job whose completion hook is due.
struct DueHook {
    std::string job_id;
    nlohmann::json hook;
    QueuedJob job;
    int attempts = 0;
};

class JobStore {
public:
    virtual ~JobStore() = default;

    // Throws StorageError; the same (tenant, idempotency key) returns the earlier job, whose
    // payload the caller compares (a different request under a used key is refused there).
    virtual Enqueued enqueue(const NewJob& job, int64_t now_ms) = 0;

    // The next job to work on: the oldest unfinished job of a lane nobody holds, due by now_ms.
    // It is held by `worker` until lease_until_ms (heartbeat extends it). Cancelled jobs with an
    // item in flight are claimed too, so their outcome gets settled.
    virtual std::optional<QueuedJob> claim(const std::string& worker, int64_t now_ms, int64_t lease_until_ms) = 0;
    virtual bool heartbeat(const std::string& job_id, const std::string& worker, int64_t lease_until_ms) = 0;
    // Lets go of a job that is not finished: it runs again at release.next_run_ms.
    virtual void release(const std::string& job_id, const std::string& worker, const Release& release) = 0;
    // Ends a job (done, stopped, cancelled). Its completion hook, if any, becomes due.
    virtual void finish(const std::string& job_id, const std::string& worker, JobState state,
                        const std::string& stop_reason, int64_t now_ms) = 0;
    // Frees every lease: called at start, when no worker of this store can be alive (SQLite: one
    // proxy per data file).
    virtual void free_all_leases() = 0;
    // The earliest time claim or due_hook could give something: the next run of a lane's head
    // (lanes somebody holds are left out: their holder wakes the others), or of a due hook.
    // nullopt when nothing waits.
    virtual std::optional<int64_t> next_wake_ms(int64_t now_ms) = 0;

    // Items. begin_item records the intent before the upstream call; settle_item its outcome.
    virtual std::vector<QueuedItem> items(const std::string& job_id) = 0;
    // false when the job was cancelled meanwhile (the call must not go out) or the item is not waiting.
    virtual bool begin_item(const std::string& job_id, int position) = 0;
    virtual void settle_item(const std::string& job_id, int position, const std::string& outcome) = 0;
    // An item in flight goes back to waiting (the upstream showed the call did not happen).
    virtual void reopen_item(const std::string& job_id, int position) = 0;
    virtual void set_title(const std::string& job_id, const std::string& title) = 0;
    // Items known only once the job runs (a robot's "the deal's contacts"): appends them after the
    // existing ones and replaces the payload, in one transaction, so a crash leaves both or neither.
    virtual void fill_items(const std::string& job_id, const std::vector<QueuedItem>& items,
                            const nlohmann::json& payload) = 0;
    // Replaces the handler's payload in one statement: a job without items (a CRM handover) keeps
    // its progress and where to go on there, so a restart resumes from the last saved step.
    virtual void set_payload(const std::string& job_id, const nlohmann::json& payload) = 0;

    // Reads, always within a tenant: another tenant's job does not exist.
    virtual std::optional<QueuedJob> get(const std::string& tenant, const std::string& job_id) = 0;
    // The tenant's jobs about this target, newest first.
    virtual std::vector<QueuedJob> for_target(const std::string& tenant, const std::string& kind,
                                              const std::string& target, int limit) = 0;
    // The tenant's jobs of this kind asked for by a robot (or a webhook, a person), newest first.
    virtual std::vector<QueuedJob> by_requester(const std::string& tenant, const std::string& kind,
                                                RequesterKind requester, int limit) = 0;
    // The tenant's unfinished jobs, in the order they will run.
    virtual std::vector<QueuedJob> unfinished(const std::string& tenant, int limit) = 0;
    // Cancels an unfinished job: waiting items become `cancelled_outcome`; an item in flight keeps
    // going and is settled by its worker. Returns false when the job was already finished.
    virtual bool cancel(const std::string& tenant, const std::string& job_id, const std::string& cancelled_outcome,
                        int64_t now_ms) = 0;

    // Completion hooks: the oldest due by now_ms, then its end.
    virtual std::optional<DueHook> due_hook(int64_t now_ms) = 0;
    virtual void hook_done(const std::string& job_id) = 0;
    virtual void hook_failed(const std::string& job_id, int attempts, int64_t next_try_ms, bool give_up) = 0;
};

} // namespace gd
