#include "proxy/connectors/upstream/lane_pacer.h"

#include <algorithm>
#include <cmath>
#include <iostream>

namespace gd {

namespace {

Clock::Duration ms_rounded_up(double ms) { return Clock::Duration((long long)std::ceil(ms - 1e-9)); }

// A clock reading T means a moment in [T, T + 1 ms): a slot answered at reading T frees at reading
// T + window + 1 ms, which is surely a whole window after the real answer.
constexpr Clock::Duration kClockTick{1};

} // namespace

LaneShape lane_shape(double per_second) {
    LaneShape shape;
    if (!(per_second > 0)) return shape;
    shape.slots = std::max(1, (int)std::ceil(per_second - 1e-9));
    shape.window = ms_rounded_up(1000.0 * shape.slots / per_second);
    shape.spacing = ms_rounded_up(1000.0 / per_second);
    return shape;
}

LanePacer::LanePacer(Clock& clock, LanePolicy policy) : clock_(clock), policy_(policy) {}

LanePacer::Lane& LanePacer::lane_of(const std::string& key) {
    auto [it, added] = lanes_.try_emplace(key);
    if (added) it->second.rate = policy_.default_rate_per_second;
    return it->second;
}

void LanePacer::set_rate(const std::string& key, double per_second) {
    std::lock_guard lock(mutex_);
    lane_of(key).rate = per_second;
}

// The lane's shape at `now`: its share of the rate while cooling down, its full rate after (said
// once in the log when the cool-down is over).
LaneShape LanePacer::shape_now(Lane& lane, const std::string& key, Clock::Duration now) {
    if (now < lane.slow_until) return lane_shape(lane.rate * policy_.slow_share);
    if (lane.slowed) {
        lane.slowed = false;
        std::cerr << "upstream lane " << key << ": back to its full rate\n";
    }
    return lane_shape(lane.rate);
}

bool LanePacer::drop_hold(Lane& lane, uint64_t id) {
    auto it = std::find_if(lane.holds.begin(), lane.holds.end(), [&](const Hold& h) { return h.id == id; });
    if (it == lane.holds.end()) return false;
    lane.holds.erase(it);
    return true;
}

LaneTurn LanePacer::take_turn(const std::string& key) {
    for (;;) {
        uint64_t id = 0;
        uint64_t pauses = 0;
        Clock::Duration wait{0};
        {
            std::unique_lock lock(mutex_);
            Lane& lane = lane_of(key);
            const Clock::Duration now = clock_.now();
            const LaneShape shape = shape_now(lane, key, now);
            std::erase_if(lane.holds, [&](const Hold& h) { return !h.open && h.free_at <= now; });

            Clock::Duration start = std::max({now, lane.paused_until, lane.next_start});
            if (shape.slots > 0 && (int)lane.holds.size() >= shape.slots) {
                // Full: the start waits for enough answered holds to free. When too many are still
                // without an answer, nobody knows when: wait for one to close, then look again.
                std::vector<Clock::Duration> frees;
                for (const Hold& h : lane.holds)
                    if (!h.open) frees.push_back(h.free_at);
                const size_t needed = lane.holds.size() - shape.slots + 1;
                if (frees.size() < needed) {
                    slot_closed_.wait(lock);
                    continue;
                }
                std::sort(frees.begin(), frees.end());
                start = std::max(start, frees[needed - 1]);
            }
            id = ++next_id_;
            lane.holds.push_back({id, true, {}});
            lane.next_start = start + shape.spacing;
            pauses = lane.pauses;
            wait = start - now;
        }
        if (wait.count() > 0) clock_.sleep_for(wait);   // booked: slept out without the lock

        std::lock_guard lock(mutex_);
        Lane& lane = lane_of(key);
        if (lane.pauses == pauses) {
            lane.last_start = clock_.now();
            return {key, id};
        }
        // A 429/503 came while this turn waited: give the place back and queue behind the pause.
        drop_hold(lane, id);
        slot_closed_.notify_all();
    }
}

void LanePacer::finish(const LaneTurn& turn) {
    {
        std::lock_guard lock(mutex_);
        Lane& lane = lane_of(turn.key);
        const Clock::Duration now = clock_.now();
        const LaneShape shape = shape_now(lane, turn.key, now);
        for (Hold& h : lane.holds)
            if (h.id == turn.id) {
                h.open = false;
                h.free_at = now + shape.window + kClockTick;
            }
    }
    slot_closed_.notify_all();
}

void LanePacer::slow_down(const std::string& key, Clock::Duration pause, int status) {
    std::lock_guard lock(mutex_);
    Lane& lane = lane_of(key);
    const Clock::Duration now = clock_.now();
    lane.paused_until = std::max(lane.paused_until, now + std::max(pause, Clock::Duration(0)));
    lane.slow_until = lane.paused_until + policy_.slow_for;
    ++lane.pauses;
    // Turns booked before this re-queue behind the pause, spaced at the slowed rate from the last
    // request that did start.
    const LaneShape slowed = lane_shape(lane.rate * policy_.slow_share);
    lane.next_start = std::max(lane.paused_until, lane.last_start + slowed.spacing);
    if (!lane.slowed) {
        lane.slowed = true;
        // The key names a kind of request ("waha_write", "amocrm"), never a URL or a credential.
        std::cerr << "upstream lane " << key << ": HTTP " << status << ", paused " << pause.count() << " ms, then "
                  << (int)std::lround(policy_.slow_share * 100) << " % of its rate for "
                  << std::chrono::duration_cast<std::chrono::seconds>(policy_.slow_for).count() << " s\n";
    }
}

bool LanePacer::slowed(const std::string& key) {
    std::lock_guard lock(mutex_);
    Lane& lane = lane_of(key);
    return clock_.now() < lane.slow_until;
}

} // namespace gd
