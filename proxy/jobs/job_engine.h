#pragma once
// The engine that works through the job queue (job_store.h): a few worker threads claim the head
// job of a free lane, hand it to the handler registered for its kind for one step (one item, one
// upstream call), and put it back with what the step said: run again now, wait until a time
// (pacing, the number's state), retry later (a failure that may pass, with backoff and jitter), or
// finish. Lanes keep one upstream account's work in order and at its pace, while different lanes
// (a WhatsApp number, a CRM account) run side by side.
//
// A step never sleeps for pacing: it returns "wait until" and the worker is free for another lane.
// Completion hooks run after a job ends, from the store, so a crash cannot lose them.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/jobs/job_store.h"
#include "shared/errors.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

namespace gd {

// What a handler's step asks the engine to do with its job next.
struct StepResult {
    enum class Next { again, wait, retry, finish };
    Next next = Next::again;
    int64_t at_ms = 0;                      // wait: when to run again; retry: not before this (Retry-After)
    JobWait waiting_for = JobWait::nothing; // wait: why
    bool item_finished = false;             // an item ended: the attempts count starts over
    JobState final_state = JobState::done;  // finish
    std::string reason;                     // finish: stop reason; retry: what failed (an ErrorCode name)

    static StepResult again(bool item_finished = true) { return {Next::again, 0, JobWait::nothing, item_finished}; }
    static StepResult wait_until(int64_t at_ms, JobWait why, bool item_finished = false) {
        return {Next::wait, at_ms, why, item_finished};
    }
    static StepResult retry(ErrorCode why, int64_t not_before_ms = 0) {
        StepResult r{Next::retry, not_before_ms};
        r.reason = error_code_name(why);
        return r;
    }
    static StepResult finish(JobState state, const std::string& reason = {}) {
        StepResult r{Next::finish};
        r.final_state = state;
        r.reason = reason;
        return r;
    }
};

class JobHandler {
public:
    virtual ~JobHandler() = default;
    // One step of a job this worker holds. May call the upstream (once); never sleeps to pace.
    virtual StepResult step(const QueuedJob& job) = 0;
};

// Runs a job's completion hook ({"type": ..., ...}); false to be tried again later.
class HookRunner {
public:
    virtual ~HookRunner() = default;
    virtual bool run(const nlohmann::json& hook, const QueuedJob& job) = 0;
};

struct EngineSettings {
    int workers = 3;                       // lanes worked at the same time
    Clock::Duration lease{60000};          // a job held this long without a heartbeat is free again
    Clock::Duration first_retry{2000};     // backoff after the first failure, doubled each time
    Clock::Duration max_retry{300000};
    int max_attempts = 8;                  // failures in a row before the job stops with the last reason
    int hook_max_attempts = 12;
    uint32_t seed = std::random_device{}();
};

class JobEngine {
public:
    JobEngine(JobStore& store, Clock& clock, EngineSettings settings = {});
    ~JobEngine();   // stops the workers after their current step

    void add_handler(const std::string& kind, JobHandler& handler);
    void add_hook_runner(const std::string& type, HookRunner& runner);

    // Frees leases left by a previous run (a crash), then starts the workers.
    void start();
    // Lets each worker finish its step, then joins them. Call it before a handler is destroyed.
    void stop();
    // Something was enqueued or cancelled: idle workers look again now.
    void wake();

    // One claim and one step, or one due hook, on the calling thread: false when nothing was due.
    bool run_one();
    // For tests on a ManualClock: runs until nothing waits, sleeping the clock to each next run.
    void run_until_idle();

    JobStore& store() { return store_; }
    Clock& clock() { return clock_; }

    // The delay before retry number `attempt` (1, 2, ...): doubling from first_retry up to
    // max_retry, then a random 50-100 % of it, so lanes that failed together do not retry together.
    Clock::Duration backoff(int attempt);

private:
    bool run_one_job(const std::string& worker);
    bool run_one_hook();
    void work(const std::string& worker);
    void keep_leases();

    JobStore& store_;
    Clock& clock_;
    EngineSettings settings_;
    std::map<std::string, JobHandler*> handlers_;
    std::map<std::string, HookRunner*> hook_runners_;

    std::mutex mutex_;   // guards the fields below; never held across a step or a store call
    std::condition_variable wake_;
    uint64_t wakes_ = 0;
    bool stopping_ = false;
    std::mt19937 random_;
    std::map<std::string, std::string> held_;   // job id -> worker, while a step runs (heartbeats)
    std::vector<std::thread> threads_;
};

} // namespace gd
