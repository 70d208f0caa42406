#include "proxy/domain/add_pacing.h"

namespace gd {

namespace {
const char* const kAddCounter = "group_add";
}

AddPacer::AddPacer(Database& db, Clock& clock, PacingPolicy policy, uint32_t seed)
    : db_(db), clock_(clock), policy_(policy), counts_(db, clock), random_(seed), next_gap_(policy.min_interval) {}

int AddPacer::adds_today() {
    std::lock_guard lock(mutex_);
    return counts_.today(kAddCounter);
}

Result<Clock::Duration> AddPacer::wait_for_next_add() {
    std::lock_guard lock(mutex_);
    if (counts_.today(kAddCounter) >= policy_.daily_cap) return Error{ErrorCode::daily_limit_reached, "group adds"};
    // Wall time, not the steady clock: the last add may have happened before a restart.
    int64_t last_ms = db_.scalar("SELECT value FROM pacing_state WHERE name = 'last_add_unix_ms'", -1);
    if (last_ms < 0) return Clock::Duration(0);
    int64_t now_ms = clock_.unix_ms();
    int64_t due_ms = last_ms + next_gap_.count();
    return Clock::Duration(due_ms > now_ms ? due_ms - now_ms : 0);
}

void AddPacer::record_add() {
    std::lock_guard lock(mutex_);
    counts_.add_one(kAddCounter);
    db_.run("INSERT INTO pacing_state (name, value) VALUES ('last_add_unix_ms', ?1) "
            "ON CONFLICT (name) DO UPDATE SET value = ?1",
            clock_.unix_ms());
    std::uniform_int_distribution<long long> jitter(0, policy_.max_jitter.count());
    next_gap_ = policy_.min_interval + Clock::Duration(jitter(random_));
}

void AddPacer::record_answer() {
    std::lock_guard lock(mutex_);
    db_.run("UPDATE pacing_state SET value = max(value, ?1) WHERE name = 'last_add_unix_ms'", clock_.unix_ms());
}

} // namespace gd
