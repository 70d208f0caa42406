#include "proxy/jobs/job_engine.h"

#include "proxy/storage/database.h"

#include <algorithm>
#include <cstdio>

namespace gd {

namespace {
// An idle worker looks at the store at least this often: another process (a later PostgreSQL
// store) may add work without waking it, and a dead holder's lease runs out unannounced.
constexpr int64_t kIdlePollMs = 1000;
}

JobEngine::JobEngine(JobStore& store, Clock& clock, EngineSettings settings)
    : store_(store), clock_(clock), settings_(settings), random_(settings.seed) {}

JobEngine::~JobEngine() { stop(); }

void JobEngine::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
}

void JobEngine::add_handler(const std::string& kind, JobHandler& handler) { handlers_[kind] = &handler; }
void JobEngine::add_hook_runner(const std::string& type, HookRunner& runner) { hook_runners_[type] = &runner; }

void JobEngine::start() {
    store_.free_all_leases();
    for (int i = 0; i < std::max(1, settings_.workers); ++i)
        threads_.emplace_back([this, i] { work("worker-" + std::to_string(i + 1)); });
    threads_.emplace_back([this] { keep_leases(); });
}

void JobEngine::wake() {
    {
        std::lock_guard lock(mutex_);
        ++wakes_;
    }
    wake_.notify_all();
}

Clock::Duration JobEngine::backoff(int attempt) {
    int64_t full = settings_.first_retry.count();
    for (int i = 1; i < attempt && full < settings_.max_retry.count(); ++i) full *= 2;
    full = std::min<int64_t>(full, settings_.max_retry.count());
    std::lock_guard lock(mutex_);
    std::uniform_int_distribution<int64_t> share(full / 2, full);
    return Clock::Duration(share(random_));
}

bool JobEngine::run_one() { return run_one_job("worker-0") || run_one_hook(); }

void JobEngine::run_until_idle() {
    for (;;) {
        if (run_one()) continue;
        std::optional<int64_t> next = store_.next_wake_ms(clock_.unix_ms());
        if (!next) return;
        int64_t wait = *next - clock_.unix_ms();
        clock_.sleep_for(Clock::Duration(std::max<int64_t>(wait, 1)));
    }
}

bool JobEngine::run_one_job(const std::string& worker) {
    const int64_t now = clock_.unix_ms();
    std::optional<QueuedJob> job = store_.claim(worker, now, now + settings_.lease.count());
    if (!job) return false;
    {
        std::lock_guard lock(mutex_);
        held_[job->id] = worker;
    }
    StepResult r;
    auto handler = handlers_.find(job->kind);
    if (handler == handlers_.end()) {
        // A job of a kind this build does not know (written by a newer proxy): stop it visibly.
        r = StepResult::finish(JobState::stopped, error_code_name(ErrorCode::not_supported));
    } else {
        try {
            r = handler->second->step(*job);
        } catch (const StorageError& e) {
            std::fprintf(stderr, "jobs: %s step of %s: %s\n", job->kind.c_str(), job->id.c_str(), e.what());
            r = StepResult::retry(ErrorCode::storage_failed);
        }
    }

    const int64_t after = clock_.unix_ms();
    const int attempts = r.item_finished ? 0 : job->attempts;
    try {
        switch (r.next) {
        case StepResult::Next::again:
            store_.release(job->id, worker, {after, JobWait::nothing, attempts});
            break;
        case StepResult::Next::wait:
            store_.release(job->id, worker, {r.at_ms, r.waiting_for, attempts});
            break;
        case StepResult::Next::retry:
            if (attempts + 1 >= settings_.max_attempts) {
                store_.finish(job->id, worker, JobState::stopped, r.reason, after);
            } else {
                int64_t at = std::max(after + backoff(attempts + 1).count(), r.at_ms);
                store_.release(job->id, worker, {at, JobWait::retry, attempts + 1});
            }
            break;
        case StepResult::Next::finish:
            store_.finish(job->id, worker, r.final_state, r.reason, after);
            break;
        }
    } catch (...) {
        std::lock_guard lock(mutex_);
        held_.erase(job->id);
        throw;   // the lease runs out and the job is claimed again
    }
    {
        std::lock_guard lock(mutex_);
        held_.erase(job->id);
    }
    wake();   // the lane is free: a worker waiting for it may take it
    return true;
}

bool JobEngine::run_one_hook() {
    std::optional<DueHook> due = store_.due_hook(clock_.unix_ms());
    if (!due) return false;
    const std::string type = due->hook.is_object() && due->hook.contains("type") && due->hook["type"].is_string()
                                 ? due->hook["type"].get<std::string>()
                                 : std::string();
    auto runner = hook_runners_.find(type);
    if (runner == hook_runners_.end()) {
        std::fprintf(stderr, "jobs: no runner for the completion hook of job %s\n", due->job_id.c_str());
        store_.hook_failed(due->job_id, due->attempts + 1, 0, true);
        return true;
    }
    bool ok = false;
    try {
        ok = runner->second->run(due->hook, due->job);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "jobs: completion hook of job %s: %s\n", due->job_id.c_str(), e.what());
    }
    if (ok) {
        store_.hook_done(due->job_id);
    } else {
        const int attempts = due->attempts + 1;
        store_.hook_failed(due->job_id, attempts, clock_.unix_ms() + backoff(attempts).count(),
                           attempts >= settings_.hook_max_attempts);
    }
    return true;
}

void JobEngine::work(const std::string& worker) {
    for (;;) {
        uint64_t seen;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            seen = wakes_;
        }
        bool worked = false;
        int64_t wait_ms = kIdlePollMs;
        try {
            worked = run_one_job(worker) || run_one_hook();
            if (!worked) {
                std::optional<int64_t> next = store_.next_wake_ms(clock_.unix_ms());
                if (next) wait_ms = std::clamp<int64_t>(*next - clock_.unix_ms(), 0, kIdlePollMs);
            }
        } catch (const std::exception& e) {
            // A storage failure must not kill the worker: say it and look again later.
            std::fprintf(stderr, "jobs: %s\n", e.what());
        }
        if (worked) continue;
        // Sleeps until the next run is due (to the millisecond: pacing depends on it), or a wake.
        std::unique_lock lock(mutex_);
        if (wait_ms > 0)
            wake_.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return stopping_ || wakes_ != seen; });
    }
}

void JobEngine::keep_leases() {
    const auto every = std::chrono::milliseconds(std::max<int64_t>(settings_.lease.count() / 3, 10));
    for (;;) {
        std::map<std::string, std::string> held;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, every, [this] { return stopping_; });
            if (stopping_) return;
            held = held_;
        }
        const int64_t until = clock_.unix_ms() + settings_.lease.count();
        for (const auto& [job_id, worker] : held) {
            try {
                store_.heartbeat(job_id, worker, until);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "jobs: heartbeat: %s\n", e.what());
            }
        }
    }
}

} // namespace gd
