#include "proxy/connectors/upstream/clock.h"

#include <thread>

namespace gd {

Clock::Duration SteadyClock::now() {
    return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now().time_since_epoch());
}

void SteadyClock::sleep_for(Duration d) { std::this_thread::sleep_for(d); }

Clock::Duration ManualClock::now() {
    std::lock_guard lock(mutex_);
    return now_;
}

void ManualClock::sleep_for(Duration d) {
    std::lock_guard lock(mutex_);
    now_ += d;
    slept_ += d;
}

void ManualClock::advance(Duration d) {
    std::lock_guard lock(mutex_);
    now_ += d;
}

Clock::Duration ManualClock::slept() const {
    std::lock_guard lock(mutex_);
    return slept_;
}

} // namespace gd
