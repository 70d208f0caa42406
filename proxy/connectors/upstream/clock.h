#pragma once
// Time as the proxy's pacing sees it. Real code uses SteadyClock; tests a ManualClock, so no test
// ever sleeps or depends on the machine's speed.
#include <chrono>
#include <cstdint>
#include <mutex>

namespace gd {

class Clock {
public:
    using Duration = std::chrono::milliseconds;
    virtual ~Clock() = default;
    virtual Duration now() = 0;   // monotonic
    virtual void sleep_for(Duration d) = 0;
    // Wall time, for what people read (audit times) and count by day (daily caps).
    virtual int64_t unix_seconds() = 0;
    // Wall time to the millisecond, for what must survive a restart at that precision (the time
    // of the last add, a job's next run).
    virtual int64_t unix_ms() = 0;
};

class SteadyClock : public Clock {
public:
    Duration now() override;
    void sleep_for(Duration d) override;
    int64_t unix_seconds() override;
    int64_t unix_ms() override;
};

// Advances only when told to; sleep_for advances it at once and remembers how long was slept.
class ManualClock : public Clock {
public:
    Duration now() override;
    void sleep_for(Duration d) override;
    void advance(Duration d);
    Duration slept() const;
    // Wall time moves with now(), from this start (default 2026-11-23 09:00 UTC).
    void set_unix_start(int64_t seconds);
    int64_t unix_seconds() override;
    int64_t unix_ms() override;

private:
    mutable std::mutex mutex_;
    int64_t unix_start_ = 1795424400;
    Duration now_{0};
    Duration slept_{0};
};

} // namespace gd
