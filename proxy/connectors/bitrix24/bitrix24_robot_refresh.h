#pragma once
// Refreshing a portal's robot when an administrator comes back, off the page's path: the page is
// answered first, and a worker thread of its own makes the calls later. The robot's group list
// follows the WhatsApp number, which can be slow to read; a card tab must never wait for it.
//
//   - at most one refresh per portal in any `interval` (10 minutes): admins open many cards;
//   - never two at once for one portal: a request while one is queued or running is dropped;
//   - the lock guards the bookkeeping only, never the refresh itself.
// A refresh that fails is not retried before the interval is over either: a portal that refuses
// is not asked again on every card an admin opens.
#include "proxy/connectors/upstream/clock.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

namespace gd {

class RobotRefresher {
public:
    using Refresh = std::function<void()>;

    explicit RobotRefresher(Clock& clock, Clock::Duration interval = std::chrono::minutes(10));
    // Waits for the refresh under way; the ones still queued are dropped.
    ~RobotRefresher();
    RobotRefresher(const RobotRefresher&) = delete;
    RobotRefresher& operator=(const RobotRefresher&) = delete;

    // Queues `refresh` for the portal and returns at once: true when queued, false when one for
    // this portal is queued, running, or began less than `interval` ago.
    bool request(const std::string& member_id, Refresh refresh);
    // The install has just registered the robot: counts as a refresh begun now.
    void refreshed_now(const std::string& member_id);
    // The portal removed the app: its throttle goes, and a queued refresh for it is dropped.
    void forget(const std::string& member_id);
    // Until nothing is queued or running (tests, and an orderly stop).
    void wait_idle();

private:
    void work();

    Clock& clock_;
    Clock::Duration interval_;
    std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::deque<std::pair<std::string, Refresh>> queue_;
    std::set<std::string> pending_;                      // queued or running
    std::map<std::string, Clock::Duration> last_begun_;  // by member_id, on clock_.now()
    bool stopping_ = false;
    std::thread worker_;                                 // started with the first request
};

} // namespace gd
