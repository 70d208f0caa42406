#pragma once
// Slows password guessing, and keeps password hashing (600,000 PBKDF2 rounds, a good part of a
// second of one core) from being used to starve the proxy:
//   - per login: after `failures_per_login` wrong passwords within `login_window`, that login is
//     refused until the oldest of them is that old, whoever asks;
//   - per client address: at most `checks_per_address` password checks a minute;
//   - in all: at most `checks_per_minute` checks a minute and `checks_at_once` running together.
// Every budget is taken before the hash runs, atomically: an attempt counts as a failure of its
// login from the moment it is taken until its password proves right, so parallel guesses cannot
// all pass a check made before any of them failed.
#include "proxy/connectors/upstream/clock.h"

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace gd {

struct ThrottleLimits {
    int failures_per_login = 5;
    Clock::Duration login_window = std::chrono::minutes(15);
    int checks_per_address = 20;   // a minute; an office behind one address signs in together
    int checks_per_minute = 60;    // a minute, all addresses: at most a fraction of one core
    int checks_at_once = 2;
};

class LoginThrottle;

// One taken attempt, or why there is none. While it lives it holds one of the checks_at_once
// places; until password_was_right() it counts as a failure of its login.
class LoginAttempt {
public:
    LoginAttempt(LoginAttempt&& other) noexcept;
    LoginAttempt& operator=(LoginAttempt&&) = delete;
    ~LoginAttempt();

    bool taken() const { return throttle_ != nullptr; }
    // When not taken: whole seconds until trying again can succeed (at least 1), for Retry-After.
    int64_t retry_after_seconds() const { return retry_after_seconds_; }
    // Clears the login's failures, this one included.
    void password_was_right();

private:
    friend class LoginThrottle;
    LoginAttempt(LoginThrottle* throttle, std::string login, int64_t retry_after_seconds)
        : throttle_(throttle), login_(std::move(login)), retry_after_seconds_(retry_after_seconds) {}

    LoginThrottle* throttle_;
    std::string login_;
    int64_t retry_after_seconds_;
};

class LoginThrottle {
public:
    static constexpr size_t kMaxTracked = 10000;

    explicit LoginThrottle(Clock& clock, ThrottleLimits limits = {}) : clock_(clock), limits_(limits) {}
    const ThrottleLimits& limits() const { return limits_; }

    // Takes an attempt for this login from this client address when every budget allows.
    LoginAttempt try_take(const std::string& login, const std::string& address);

private:
    friend class LoginAttempt;
    using Times = std::deque<Clock::Duration>;

    void release(const std::string& login, bool password_right);
    // Drops times older than the window; the wait until the oldest leaves it when `limit` are in.
    static int64_t wait_for_room(Times& times, Clock::Duration now, Clock::Duration window, int limit);
    static int64_t wait_in(std::map<std::string, Times>& by_key, const std::string& key, Clock::Duration now,
                           Clock::Duration window, int limit);
    static void forget_idle(std::map<std::string, Times>& by_key, Clock::Duration now, Clock::Duration window);

    Clock& clock_;
    const ThrottleLimits limits_;
    std::mutex mutex_;
    std::map<std::string, Times> login_failures_;
    std::map<std::string, Times> address_checks_;
    Times all_checks_;
    int in_flight_ = 0;
};

} // namespace gd
