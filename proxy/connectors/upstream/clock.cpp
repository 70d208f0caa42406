#include "proxy/connectors/upstream/clock.h"

#include <thread>

namespace gd {

Clock::Duration SteadyClock::now() {
    return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now().time_since_epoch());
}

void SteadyClock::sleep_for(Duration d) { std::this_thread::sleep_for(d); }

int64_t SteadyClock::unix_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int64_t SteadyClock::unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void ManualClock::set_unix_start(int64_t seconds) {
    std::lock_guard lock(mutex_);
    unix_start_ = seconds;
}

int64_t ManualClock::unix_seconds() {
    std::lock_guard lock(mutex_);
    return unix_start_ + std::chrono::duration_cast<std::chrono::seconds>(now_).count();
}

int64_t ManualClock::unix_ms() {
    std::lock_guard lock(mutex_);
    return unix_start_ * 1000 + now_.count();
}

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
