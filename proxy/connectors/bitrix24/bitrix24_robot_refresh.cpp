#include "proxy/connectors/bitrix24/bitrix24_robot_refresh.h"

#include <algorithm>

namespace gd {

RobotRefresher::RobotRefresher(Clock& clock, Clock::Duration interval) : clock_(clock), interval_(interval) {}

RobotRefresher::~RobotRefresher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

bool RobotRefresher::request(const std::string& member_id, Refresh refresh) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || pending_.count(member_id)) return false;
        const Clock::Duration now = clock_.now();
        if (auto last = last_begun_.find(member_id); last != last_begun_.end() && now - last->second < interval_)
            return false;
        last_begun_[member_id] = now;
        pending_.insert(member_id);
        queue_.emplace_back(member_id, std::move(refresh));
        if (!worker_.joinable()) worker_ = std::thread([this] { work(); });
    }
    wake_.notify_one();
    return true;
}

void RobotRefresher::refreshed_now(const std::string& member_id) {
    std::lock_guard lock(mutex_);
    last_begun_[member_id] = clock_.now();
}

void RobotRefresher::forget(const std::string& member_id) {
    std::lock_guard lock(mutex_);
    last_begun_.erase(member_id);
    auto queued = std::find_if(queue_.begin(), queue_.end(), [&](const auto& q) { return q.first == member_id; });
    if (queued != queue_.end()) {
        queue_.erase(queued);
        pending_.erase(member_id);
    }
    if (pending_.empty()) idle_.notify_all();
}

void RobotRefresher::wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return pending_.empty(); });
}

void RobotRefresher::work() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) break;
        auto [member_id, refresh] = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
            refresh();
        } catch (...) {
            // A refresh reports through its own log; one that throws must not end the worker.
        }
        lock.lock();
        pending_.erase(member_id);
        if (pending_.empty()) idle_.notify_all();
    }
    pending_.clear();
    idle_.notify_all();
}

} // namespace gd
