#pragma once
// Slows password guessing: after kMaxFailures wrong passwords for one login within the window,
// that login is refused (too_many_attempts) until the window has passed, whoever asks.
#include "proxy/connectors/upstream/clock.h"

#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace gd {

class LoginThrottle {
public:
    static constexpr int kMaxFailures = 5;
    static constexpr int64_t kWindowSeconds = 15 * 60;
    static constexpr size_t kMaxTracked = 10000;

    explicit LoginThrottle(Clock& clock) : clock_(clock) {}

    bool locked(const std::string& login);
    void failed(const std::string& login);
    void succeeded(const std::string& login);

private:
    void forget_old(std::deque<int64_t>& times, int64_t now) const;

    Clock& clock_;
    std::mutex mutex_;
    std::map<std::string, std::deque<int64_t>> failures_;
};

} // namespace gd
