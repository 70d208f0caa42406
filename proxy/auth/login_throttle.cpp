#include "proxy/auth/login_throttle.h"

#include <algorithm>

namespace gd {

namespace {

constexpr Clock::Duration kMinute = std::chrono::minutes(1);

int64_t whole_seconds_up(Clock::Duration d) { return std::max<int64_t>(1, (d.count() + 999) / 1000); }

} // namespace

// ---------------------------------------------------------------------------------------------
// LoginAttempt
// ---------------------------------------------------------------------------------------------

LoginAttempt::LoginAttempt(LoginAttempt&& other) noexcept
    : throttle_(other.throttle_), login_(std::move(other.login_)), retry_after_seconds_(other.retry_after_seconds_) {
    other.throttle_ = nullptr;
}

LoginAttempt::~LoginAttempt() {
    if (throttle_) throttle_->release(login_, false);
}

void LoginAttempt::password_was_right() {
    if (throttle_) throttle_->release(login_, true);
    throttle_ = nullptr;
}

// ---------------------------------------------------------------------------------------------
// LoginThrottle
// ---------------------------------------------------------------------------------------------

int64_t LoginThrottle::wait_for_room(Times& times, Clock::Duration now, Clock::Duration window, int limit) {
    while (!times.empty() && times.front() <= now - window) times.pop_front();
    if ((int)times.size() < limit) return 0;
    if (times.empty()) return 1;   // a limit of 0
    return whole_seconds_up(times[times.size() - (size_t)limit] + window - now);
}

int64_t LoginThrottle::wait_in(std::map<std::string, Times>& by_key, const std::string& key, Clock::Duration now,
                               Clock::Duration window, int limit) {
    auto it = by_key.find(key);   // never adds: refused attempts leave nothing behind
    return it == by_key.end() ? 0 : wait_for_room(it->second, now, window, limit);
}

void LoginThrottle::forget_idle(std::map<std::string, Times>& by_key, Clock::Duration now, Clock::Duration window) {
    if (by_key.size() <= kMaxTracked) return;
    for (auto it = by_key.begin(); it != by_key.end();) {
        Times& times = it->second;
        while (!times.empty() && times.front() <= now - window) times.pop_front();
        it = times.empty() ? by_key.erase(it) : std::next(it);
    }
}

LoginAttempt LoginThrottle::try_take(const std::string& login, const std::string& address) {
    std::lock_guard lock(mutex_);
    const Clock::Duration now = clock_.now();
    // The login first: guessing at a locked login costs no budget, so it cannot lock others out.
    // Entries are made only for taken attempts, which the global budget bounds, so the maps stay
    // small; forget_idle is the backstop.
    if (int64_t wait = wait_in(login_failures_, login, now, limits_.login_window, limits_.failures_per_login))
        return LoginAttempt(nullptr, login, wait);
    if (int64_t wait = wait_in(address_checks_, address, now, kMinute, limits_.checks_per_address))
        return LoginAttempt(nullptr, login, wait);
    if (int64_t wait = wait_for_room(all_checks_, now, kMinute, limits_.checks_per_minute))
        return LoginAttempt(nullptr, login, wait);
    if (in_flight_ >= limits_.checks_at_once) return LoginAttempt(nullptr, login, 1);

    forget_idle(login_failures_, now, limits_.login_window);
    forget_idle(address_checks_, now, kMinute);
    login_failures_[login].push_back(now);
    address_checks_[address].push_back(now);
    all_checks_.push_back(now);
    ++in_flight_;
    return LoginAttempt(this, login, 0);
}

void LoginThrottle::release(const std::string& login, bool password_right) {
    std::lock_guard lock(mutex_);
    --in_flight_;
    if (password_right) login_failures_.erase(login);
}

} // namespace gd
