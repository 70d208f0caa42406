// Racing callers that want the same answer share one call; a caller that wants another answer
// never waits behind it; a failure reaches everyone who shared the call, and the next caller
// tries again.
#include "concurrency_support.h"
#include "proxy/domain/single_flight.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <stdexcept>
#include <string>
#include <vector>

namespace gd {
namespace {

using test::eventually;
using test::finishes;
using test::on_another_thread;

TEST(SingleFlight, RacingCallersForOneKeyShareOneCall) {
    SingleFlight<std::string, int> flights;
    std::atomic<int> calls{0};
    std::latch answer(1);
    const int kCallers = 8;
    std::vector<std::future<int>> callers;
    for (int i = 0; i < kCallers; ++i)
        callers.push_back(on_another_thread([&] {
            return flights.run("tenant-a", [&] {
                ++calls;
                answer.wait();
                return 42;
            });
        }));
    const bool all_joined = eventually([&] { return flights.sharing("tenant-a") == kCallers - 1; });
    answer.count_down();
    EXPECT_TRUE(all_joined) << flights.sharing("tenant-a") << " joined";
    for (auto& caller : callers) {
        ASSERT_TRUE(finishes(caller));
        EXPECT_EQ(caller.get(), 42);
    }
    EXPECT_EQ(calls.load(), 1);
    EXPECT_EQ(flights.sharing("tenant-a"), 0);
}

TEST(SingleFlight, ACallerForAnotherKeyIsNotHeldUp) {
    SingleFlight<std::string, int> flights;
    std::latch answer(1);
    std::atomic<bool> slow_started{false};
    auto slow = on_another_thread([&] {
        return flights.run("slow", [&] {
            slow_started = true;
            answer.wait();
            return 1;
        });
    });
    EXPECT_TRUE(eventually([&] { return slow_started.load(); }));
    auto quick = on_another_thread([&] { return flights.run("quick", [] { return 2; }); });
    const bool quick_finished = finishes(quick);
    const bool slow_still_waiting = slow.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
    answer.count_down();
    EXPECT_TRUE(quick_finished);
    EXPECT_TRUE(slow_still_waiting);
    if (quick_finished) EXPECT_EQ(quick.get(), 2);
    EXPECT_EQ(slow.get(), 1);
}

TEST(SingleFlight, AFailureReachesEveryoneWhoSharedTheCallAndTheNextCallerTriesAgain) {
    SingleFlight<std::string, int> flights;
    std::atomic<int> calls{0};
    std::latch answer(1);
    auto first = on_another_thread([&] {
        return flights.run("k", [&]() -> int {
            ++calls;
            answer.wait();
            throw std::runtime_error("upstream went away");
        });
    });
    EXPECT_TRUE(eventually([&] { return calls == 1; }));
    auto second = on_another_thread([&] { return flights.run("k", [&] { ++calls; return 7; }); });
    const bool joined = eventually([&] { return flights.sharing("k") == 1; });
    answer.count_down();
    EXPECT_TRUE(joined);
    EXPECT_THROW(first.get(), std::runtime_error);
    EXPECT_THROW(second.get(), std::runtime_error);
    EXPECT_EQ(calls.load(), 1);
    EXPECT_EQ(flights.run("k", [&] { ++calls; return 7; }), 7);
    EXPECT_EQ(calls.load(), 2);
}

TEST(SingleFlight, AnAnswerIsNotKeptOnceItsCallHasLanded) {
    SingleFlight<int, int> flights;
    int calls = 0;
    EXPECT_EQ(flights.run(1, [&] { return ++calls; }), 1);
    EXPECT_EQ(flights.run(1, [&] { return ++calls; }), 2);
}

} // namespace
} // namespace gd
