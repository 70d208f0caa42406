// The lanes that pace each rate key: never more than the rate in any window as the upstream
// counts arrivals (whatever the answers' delays), even spacing, and a 429/503 that pauses and then
// slows the whole key for a cool-down. On a ManualClock (or a clock the test steps), so no test
// sleeps.
#include "proxy/connectors/upstream/lane_pacer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace gd {
namespace {

using ms = Clock::Duration;

// A clock whose sleep_for blocks until the test moves time past the sleeper's wake-up: threads
// that wait for their turn stay where they are until the test says time has passed.
class SteppedClock : public Clock {
public:
    Duration now() override {
        std::lock_guard lock(mutex_);
        return now_;
    }
    void sleep_for(Duration d) override {
        std::unique_lock lock(mutex_);
        const Duration until = now_ + d;
        auto booked = wakeups_.insert(until);
        moved_.notify_all();
        moved_.wait(lock, [&] { return now_ >= until; });
        wakeups_.erase(booked);
    }
    int64_t unix_seconds() override { return 0; }
    int64_t unix_ms() override { return 0; }
    void advance_to(Duration t) {
        std::lock_guard lock(mutex_);
        now_ = std::max(now_, t);
        moved_.notify_all();
    }
    // Waits (really, briefly) until `n` threads sleep on this clock.
    void wait_for_sleepers(size_t n) {
        std::unique_lock lock(mutex_);
        moved_.wait_for(lock, std::chrono::seconds(5), [&] { return wakeups_.size() >= n; });
    }
    // Waits (really, briefly) until a sleeper is booked to wake at `t`.
    void wait_for_wakeup(Duration t) {
        std::unique_lock lock(mutex_);
        moved_.wait_for(lock, std::chrono::seconds(5), [&] { return wakeups_.count(t) > 0; });
    }
    // When the first sleeper wakes (-1 ms: nobody sleeps).
    Duration first_wakeup() {
        std::lock_guard lock(mutex_);
        return wakeups_.empty() ? Duration(-1) : *wakeups_.begin();
    }

private:
    std::mutex mutex_;
    std::condition_variable moved_;
    Duration now_{0};
    std::multiset<Duration> wakeups_;
};

struct Span {
    ms start, answered;
};

// Whether some window [t, t + window) could hold more than `limit` arrivals, each arrival lying
// anywhere between its request's start and its answer: k spans fit one window exactly when the
// latest start is less than a window after the earliest answer.
bool some_window_could_see_more_than(const std::vector<Span>& spans, int limit, ms window) {
    const size_t k = limit + 1;
    if (spans.size() < k) return false;
    std::vector<bool> pick(spans.size(), false);
    std::fill(pick.begin(), pick.begin() + k, true);
    do {
        ms latest_start{INT64_MIN}, earliest_answer{INT64_MAX};
        for (size_t i = 0; i < spans.size(); ++i)
            if (pick[i]) {
                latest_start = std::max(latest_start, spans[i].start);
                earliest_answer = std::min(earliest_answer, spans[i].answered);
            }
        if (latest_start - earliest_answer < window) return true;
    } while (std::prev_permutation(pick.begin(), pick.end()));
    return false;
}

TEST(LaneShape, ARateBecomesSlotsAWindowAndASpacing) {
    auto same = [](LaneShape s, int slots, long long window, long long spacing) {
        return s.slots == slots && s.window == ms(window) && s.spacing == ms(spacing);
    };
    EXPECT_TRUE(same(lane_shape(1), 1, 1000, 1000));
    EXPECT_TRUE(same(lane_shape(2), 2, 1000, 500));
    EXPECT_TRUE(same(lane_shape(7), 7, 1000, 143));      // rounded up: never faster than 7 a second
    EXPECT_TRUE(same(lane_shape(0.9), 1, 1112, 1112));   // one in any 1.112 s
    EXPECT_TRUE(same(lane_shape(0.5), 1, 2000, 2000));
    EXPECT_TRUE(same(lane_shape(2.5), 3, 1200, 400));    // three in any 1.2 s: 2.5 on average
    EXPECT_EQ(lane_shape(0).slots, 0);                   // no limit
    EXPECT_EQ(lane_shape(-1).slots, 0);
}

TEST(LanePacer, StartsOfALaneAreEvenlySpaced) {
    ManualClock clock;
    LanePacer lanes(clock, {});
    lanes.set_rate("w", 5);
    std::vector<ms> starts;
    for (int i = 0; i < 6; ++i) {
        LaneTurn turn = lanes.take_turn("w");
        starts.push_back(clock.now());
        lanes.finish(turn);
    }
    // The sixth waits for the first's slot: a window after its answer, plus one tick of the clock.
    EXPECT_EQ(starts, (std::vector<ms>{ms(0), ms(200), ms(400), ms(600), ms(800), ms(1001)}));
}

// Up to three requests in flight at once, answered after delays from 0 to 1.5 s: whatever the
// delays, no three-a-second window could see a fourth arrival. (A bucket that only spaces starts
// 333 ms apart lets the fourth start at 1 s while the first is answered at 1.5 s.)
TEST(LanePacer, NoWindowCanSeeMoreThanTheRateWhateverTheAnswersDelays) {
    ManualClock clock;
    LanePacer lanes(clock, {});
    lanes.set_rate("w", 3);
    const long long delays[] = {1500, 0, 700, 30, 999, 250, 1200, 0, 0, 400, 1000, 60, 800, 5, 1499, 333};
    std::deque<std::pair<LaneTurn, size_t>> in_flight;
    std::vector<Span> spans;
    std::vector<ms> asked;
    for (size_t i = 0; i < 24; ++i) {
        if (in_flight.size() == 3) {   // the oldest is answered after its delay
            auto [turn, index] = in_flight.front();
            in_flight.pop_front();
            const ms answered = spans[index].start + ms(delays[index % std::size(delays)]);
            if (clock.now() < answered) clock.advance(answered - clock.now());
            spans[index].answered = clock.now();
            lanes.finish(turn);
        }
        asked.push_back(clock.now());
        LaneTurn turn = lanes.take_turn("w");
        spans.push_back({clock.now(), clock.now()});
        in_flight.push_back({turn, i});
    }
    for (auto& [turn, index] : in_flight) {
        clock.advance(ms(delays[index % std::size(delays)]));
        spans[index].answered = clock.now();
        lanes.finish(turn);
    }
    EXPECT_FALSE(some_window_could_see_more_than(spans, 3, ms(1000)));
    // ...and no request waited longer than it had to: each started when it asked, one spacing
    // after the one before, or one window after an answer freed a slot.
    for (size_t i = 1; i < spans.size(); ++i) {
        bool freed_by_an_answer = false;
        for (size_t j = 0; j < i; ++j) freed_by_an_answer |= spans[i].start == spans[j].answered + ms(1001);
        EXPECT_TRUE(spans[i].start == asked[i] || spans[i].start == spans[i - 1].start + ms(334) || freed_by_an_answer)
            << "request " << i << " started at " << spans[i].start.count();
    }
}

TEST(LanePacer, AnAnsweredRequestHoldsItsSlotForOneWindowAfterTheAnswer) {
    ManualClock clock;
    LanePacer lanes(clock, {});
    lanes.set_rate("w", 2);
    LaneTurn first = lanes.take_turn("w");    // starts at 0
    LaneTurn second = lanes.take_turn("w");   // at 500
    EXPECT_EQ(clock.now(), ms(500));
    clock.advance(ms(1700));                  // the first is answered at 2.2 s, the second at 2.3 s
    lanes.finish(first);
    clock.advance(ms(100));
    lanes.finish(second);
    lanes.take_turn("w");
    EXPECT_EQ(clock.now(), ms(3201));   // the first's slot: answered at 2.2 s, plus the window and a tick
}

TEST(LanePacer, ARequestThatGotNoAnswerFreesItsSlotOneWindowAfterItFailed) {
    ManualClock clock;
    LanePacer lanes(clock, {});
    lanes.set_rate("w", 1);
    LaneTurn failed = lanes.take_turn("w");
    clock.advance(ms(5000));   // a read timeout
    lanes.finish(failed);
    lanes.take_turn("w");
    EXPECT_EQ(clock.now(), ms(6001));
}

// A 429 on one request pauses everybody on the key (Retry-After), then the key runs at half its
// rate for the cool-down, then at its full rate again; other keys never notice.
TEST(LanePacer, AThrottledKeyPausesThenRunsAtHalfRateForTheCoolDownThenAtFullRate) {
    ManualClock clock;
    LanePacer lanes(clock, {.default_rate_per_second = 5, .slow_for = ms(60000), .slow_share = 0.5});
    lanes.set_rate("w", 2);
    auto start_one = [&](const std::string& key) {
        LaneTurn turn = lanes.take_turn(key);
        ms at = clock.now();
        lanes.finish(turn);
        return at;
    };
    EXPECT_EQ(start_one("w"), ms(0));
    lanes.slow_down("w", ms(4000), 429);
    EXPECT_TRUE(lanes.slowed("w"));
    EXPECT_EQ(start_one("other"), ms(0));   // another key is not paused
    EXPECT_EQ(start_one("w"), ms(4000));    // the next request of the key waits out Retry-After
    // Half of 2 a second: one a second (and a tick) while cooling down (until 4 s + 60 s).
    EXPECT_EQ(start_one("w"), ms(5001));
    EXPECT_EQ(start_one("w"), ms(6002));
    clock.advance(ms(64000) - clock.now());
    EXPECT_FALSE(lanes.slowed("w"));
    ms back = start_one("w");
    EXPECT_EQ(back, ms(64000));
    EXPECT_EQ(start_one("w") - back, ms(500));   // the full rate again
}

TEST(LanePacer, ThrottlingAgainDuringTheCoolDownExtendsIt) {
    ManualClock clock;
    LanePacer lanes(clock, {.default_rate_per_second = 4, .slow_for = ms(10000), .slow_share = 0.5});
    lanes.slow_down("k", ms(1000), 503);
    clock.advance(ms(8000));
    lanes.slow_down("k", ms(2000), 503);   // at 8 s: paused to 10 s, slowed to 20 s
    clock.advance(ms(11000));
    EXPECT_TRUE(lanes.slowed("k"));
    clock.advance(ms(1000));
    EXPECT_FALSE(lanes.slowed("k"));
}

// A request already waiting for its turn when another one is told 429 does not start at the
// time it had booked: it queues again behind the pause.
TEST(LanePacer, ATurnBookedBeforeA429WaitsOutThePauseToo) {
    SteppedClock clock;
    LanePacer lanes(clock, {.default_rate_per_second = 5, .slow_for = ms(60000), .slow_share = 0.5});
    lanes.set_rate("w", 2);
    LaneTurn first = lanes.take_turn("w");   // at 0, no wait
    std::atomic<long long> second_started{-1};
    std::thread second([&] {
        LaneTurn turn = lanes.take_turn("w");   // booked for 500
        second_started = clock.now().count();
        lanes.finish(turn);
    });
    clock.wait_for_sleepers(1);
    lanes.finish(first);
    lanes.slow_down("w", ms(3000), 429);   // the first was told 429, Retry-After 3
    EXPECT_EQ(clock.first_wakeup(), ms(500));
    clock.advance_to(ms(500));             // the second's booked time: it must not start
    clock.wait_for_wakeup(ms(3000));       // it booked again, behind the pause
    EXPECT_EQ(second_started.load(), -1);
    clock.advance_to(ms(3000));
    second.join();
    EXPECT_EQ(second_started.load(), 3000);
}

// Two slots, both held by requests still without an answer: a third caller waits until one is
// answered, and then one window more, however long the answer takes.
TEST(LanePacer, WhenEverySlotWaitsForAnAnswerTheNextCallerWaitsForAnAnswer) {
    SteppedClock clock;
    LanePacer lanes(clock, {});
    lanes.set_rate("w", 2);
    LaneTurn a = lanes.take_turn("w");   // at 0
    std::thread booker([&] { lanes.finish(lanes.take_turn("w")); });   // b at 500: it sleeps first
    clock.wait_for_sleepers(1);
    clock.advance_to(ms(500));
    booker.join();                       // b started and was answered at once at 500: free at 1501
    LaneTurn c;
    std::atomic<long long> c_started{-1};
    std::thread taker([&] {   // not at 1000 (the spacing): a and b hold both slots
        c = lanes.take_turn("w");
        c_started = clock.now().count();
    });
    clock.wait_for_sleepers(1);
    EXPECT_EQ(clock.first_wakeup(), ms(1501));
    clock.advance_to(ms(1501));
    taker.join();
    EXPECT_EQ(c_started.load(), 1501);   // b's slot freed (a has no answer yet)
    std::atomic<long long> d_started{-1};
    std::thread d([&] {
        LaneTurn turn = lanes.take_turn("w");
        d_started = clock.now().count();
        lanes.finish(turn);
    });
    clock.advance_to(ms(9000));   // a and c still have no answer: d cannot know when, so waits
    EXPECT_EQ(d_started.load(), -1);
    lanes.finish(a);              // a answered at 9 s: its slot frees at 10 s (and a tick)
    clock.wait_for_sleepers(1);
    EXPECT_EQ(clock.first_wakeup(), ms(10001));
    EXPECT_EQ(d_started.load(), -1);
    clock.advance_to(ms(10001));
    d.join();
    EXPECT_EQ(d_started.load(), 10001);
    lanes.finish(c);
}

} // namespace
} // namespace gd
