#pragma once
// Adds are paced per connected number so that a burst never looks like spam: a minimum interval
// with random jitter between two adds, and a daily cap. Bursts queue; they never go faster.
// The last add's time and the day's count live in the data file, so a restart keeps the pace.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/domain/daily_counts.h"
#include "shared/result.h"
#include "proxy/storage/database.h"

#include <mutex>
#include <random>
#include <variant>

namespace gd {

struct PacingPolicy {
    Clock::Duration min_interval{10000};   // at least this between two adds
    Clock::Duration max_jitter{5000};      // plus a random 0..this, so adds never tick regularly
    int daily_cap = 100;                   // adds per UTC day
};

class AddPacer {
public:
    AddPacer(Database& db, Clock& clock, PacingPolicy policy, uint32_t seed);

    // How long until the next add may go out; daily_limit_reached when today's adds are done.
    Result<Clock::Duration> wait_for_next_add();
    // Call when an add is about to go out (whatever WhatsApp will answer: attempts are what it
    // counts), inside the transaction that records the job's intent, so a crash cannot lose it.
    void record_add();
    // Call when the add's answer arrived: the gap runs from here. A slow first request would
    // otherwise reach the gateway closer than the gap to the next one.
    void record_answer();
    int adds_today();
    const PacingPolicy& policy() const { return policy_; }

private:
    Database& db_;
    Clock& clock_;
    PacingPolicy policy_;
    DailyCounts counts_;
    std::mutex mutex_;
    std::mt19937 random_;
    Clock::Duration next_gap_;   // interval + jitter before the next add, drawn after each add
};

} // namespace gd
