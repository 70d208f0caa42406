#pragma once
// When each request to an upstream may start: one lane per rate key (an account's writes, a
// portal's REST calls), paced so that the upstream, counting requests as they ARRIVE, never sees
// more than the key's rate in any sliding window, whatever the network delay and however many
// threads ask at once; and a lane that was told 429/503 stays slowed for a while.
//
// How (for a rate r a second; see LaneShape):
// - A lane has `slots` places. A request holds one from the moment it may start until its answer
//   (or its failure) plus one `window`. L+1 arrivals inside one window would need the last one to
//   start while the other L had all been answered less than a window earlier, so still held: it
//   cannot happen, since arrival lies between start and answer. (Plus one tick of the clock, whose
//   readings are whole milliseconds.)
// - Starts are also spaced at least `spacing` apart, so a lane runs smoothly instead of in bursts.
// - A 429/503 pauses the whole lane (Retry-After or the client's backoff): nobody on it starts
//   before the pause ends, not only the request that was told; then the lane runs at a share of
//   its rate (half by default) for a cool-down, and at its full rate after.
// Waiting happens outside the lock: a turn is booked under it, then slept out on the Clock.
#include "proxy/connectors/upstream/clock.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace gd {

// What a rate means in slots and milliseconds. r > 0: slots = ceil(r), window = slots / r seconds,
// spacing = 1 / r seconds (both rounded up to the millisecond, so never faster than r). An integer
// rate L is "L in any second"; 0.9 is "1 in any 1112 ms"; 2.5 is "3 in any 1200 ms" (a rate
// that is not whole can only be met on average: such a lane may see ceil(r) in one second). r <= 0
// is no limit: no slots, no spacing.
struct LaneShape {
    int slots = 0;   // 0: unlimited
    Clock::Duration window{0};
    Clock::Duration spacing{0};
};
LaneShape lane_shape(double per_second);

struct LanePolicy {
    double default_rate_per_second = 5;       // for keys without their own rate
    Clock::Duration slow_for{60000};          // after a pause, how long the lane runs slowed
    double slow_share = 0.5;                  // ... at this share of its rate
};

// A booked start: hand it back to finish() when the answer (or the failure) comes.
struct LaneTurn {
    std::string key;
    uint64_t id = 0;
};

class LanePacer {
public:
    LanePacer(Clock& clock, LanePolicy policy);

    void set_rate(const std::string& key, double per_second);

    // Blocks (on the Clock) until a request of this key may start, and holds a slot for it.
    // A caller holds at most one turn at a time: the next one may wait for its slot to free.
    LaneTurn take_turn(const std::string& key);
    // The answer arrived or the request failed: its slot frees one window from now.
    void finish(const LaneTurn& turn);
    // The upstream said 429/503 (`status`) on this key: nobody on it starts for `pause`, then the
    // lane runs slowed for the policy's cool-down. Logged once per slowdown, by key name only.
    void slow_down(const std::string& key, Clock::Duration pause, int status);

    // Whether the key runs slowed now (for tests and status lines).
    bool slowed(const std::string& key);

private:
    struct Hold {
        uint64_t id = 0;
        bool open = true;            // started or booked, no answer yet
        Clock::Duration free_at{0};  // once closed: when the slot frees
    };
    struct Lane {
        double rate = 0;
        Clock::Duration next_start{0};     // even spacing: the earliest next start
        Clock::Duration last_start{0};
        Clock::Duration paused_until{0};   // Retry-After: nobody starts before
        Clock::Duration slow_until{0};     // cool-down: a share of the rate until
        bool slowed = false;               // said so in the log, not yet said it is over
        uint64_t pauses = 0;               // bumped by each slow_down: turns booked before re-queue
        std::vector<Hold> holds;
    };

    Lane& lane_of(const std::string& key);   // locked
    LaneShape shape_now(Lane& lane, const std::string& key, Clock::Duration now);   // locked
    static bool drop_hold(Lane& lane, uint64_t id);

    Clock& clock_;
    LanePolicy policy_;
    std::mutex mutex_;
    std::condition_variable slot_closed_;   // a hold closed or was dropped: a full lane may move
    std::map<std::string, Lane> lanes_;
    uint64_t next_id_ = 0;
};

} // namespace gd
