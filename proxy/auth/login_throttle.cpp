#include "proxy/auth/login_throttle.h"

namespace gd {

void LoginThrottle::forget_old(std::deque<int64_t>& times, int64_t now) const {
    while (!times.empty() && times.front() <= now - kWindowSeconds) times.pop_front();
}

bool LoginThrottle::locked(const std::string& login) {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(login);
    if (it == failures_.end()) return false;
    forget_old(it->second, clock_.unix_seconds());
    if (it->second.empty()) {
        failures_.erase(it);
        return false;
    }
    return (int)it->second.size() >= kMaxFailures;
}

void LoginThrottle::failed(const std::string& login) {
    std::lock_guard lock(mutex_);
    if (failures_.size() > kMaxTracked) {   // many made-up logins: drop those whose window passed
        for (auto it = failures_.begin(); it != failures_.end();) {
            forget_old(it->second, clock_.unix_seconds());
            it = it->second.empty() ? failures_.erase(it) : std::next(it);
        }
    }
    std::deque<int64_t>& times = failures_[login];
    forget_old(times, clock_.unix_seconds());
    times.push_back(clock_.unix_seconds());
}

void LoginThrottle::succeeded(const std::string& login) {
    std::lock_guard lock(mutex_);
    failures_.erase(login);
}

} // namespace gd
