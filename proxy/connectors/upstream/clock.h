#pragma once
// Time as the proxy's pacing sees it. Real code uses SteadyClock; tests a ManualClock, so no test
// ever sleeps or depends on the machine's speed.
#include <chrono>
#include <mutex>

namespace gd {

class Clock {
public:
    using Duration = std::chrono::milliseconds;
    virtual ~Clock() = default;
    virtual Duration now() = 0;   // monotonic
    virtual void sleep_for(Duration d) = 0;
};

class SteadyClock : public Clock {
public:
    Duration now() override;
    void sleep_for(Duration d) override;
};

// Advances only when told to; sleep_for advances it at once and remembers how long was slept.
class ManualClock : public Clock {
public:
    Duration now() override;
    void sleep_for(Duration d) override;
    void advance(Duration d);
    Duration slept() const;

private:
    mutable std::mutex mutex_;
    Duration now_{0};
    Duration slept_{0};
};

} // namespace gd
