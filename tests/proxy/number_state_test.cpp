// The connected number's state before every write: only a connected number may write; a turn to
// warned is noticed once the kept answer is older than it may be trusted; racing callers share one
// look at the gateway, and a look waiting for the gateway holds up no caller a kept answer serves.
#include "concurrency_support.h"
#include "gateway_fakes.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/domain/number_state.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>

namespace gd {
namespace {

// Says the number is in `status` (or fails with `failure`), counting looks; while `slow` is set a
// look answers only once it counts down.
class StatusGateway : public test::NothingGateway {
public:
    std::atomic<ConnectionStatus> status{ConnectionStatus::connected};
    std::optional<Error> failure;
    std::atomic<int> looks{0};
    std::atomic<std::latch*> slow{nullptr};

    Result<ConnectionState> connection_state() override {
        ++looks;
        if (std::latch* wait = slow.load()) wait->wait();
        if (failure) return *failure;
        return ConnectionState{status.load(), "+79160000000"};
    }
};

const Clock::Duration kTrustFor = std::chrono::seconds(2);

struct Number {
    ManualClock clock;
    StatusGateway gateway;
    NumberState state{gateway, clock, kTrustFor};
};

ErrorCode refusal(Result<ConnectionState> r) { return r ? ErrorCode::unknown : r.error().code; }

TEST(NumberState, OnlyAConnectedNumberMayWrite) {
    std::vector<std::pair<ConnectionStatus, ErrorCode>> cases = {{ConnectionStatus::connected, ErrorCode::unknown}};
    cases.insert(cases.end(), std::begin(test::kStatesThatStopWrites), std::end(test::kStatesThatStopWrites));
    for (auto [status, expected] : cases) {
        Number n;
        n.gateway.status = status;
        EXPECT_EQ(refusal(n.state.ready_for_writes()), expected) << nlohmann::json(status);
        Result<ConnectionState> current = n.state.current();
        ASSERT_TRUE(current.ok());
        EXPECT_EQ(current->status, status);
    }
}

TEST(NumberState, AGatewayThatCannotSayRefusesWritesWithItsOwnError) {
    Number n;
    n.gateway.failure = Error{ErrorCode::gateway_unavailable, "connection refused"};
    EXPECT_EQ(refusal(n.state.ready_for_writes()), ErrorCode::gateway_unavailable);
}

TEST(NumberState, ATurnToWarnedIsNoticedOnceTheAnswerIsOlderThanTrustFor) {
    Number n;
    EXPECT_TRUE(n.state.ready_for_writes().ok());
    n.gateway.status = ConnectionStatus::warned;
    n.clock.advance(kTrustFor - std::chrono::milliseconds(1));
    EXPECT_TRUE(n.state.ready_for_writes().ok());   // trusted a little longer
    EXPECT_EQ(n.gateway.looks.load(), 1);
    n.clock.advance(std::chrono::milliseconds(1));
    EXPECT_EQ(refusal(n.state.ready_for_writes()), ErrorCode::number_warned);
    EXPECT_EQ(n.gateway.looks.load(), 2);
}

TEST(NumberState, FreshAsksAgainAndItsAnswerIsKept) {
    Number n;
    EXPECT_EQ(n.state.current()->status, ConnectionStatus::connected);
    n.gateway.status = ConnectionStatus::banned;
    EXPECT_EQ(n.state.fresh()->status, ConnectionStatus::banned);
    EXPECT_EQ(refusal(n.state.ready_for_writes()), ErrorCode::number_banned);
    EXPECT_EQ(n.gateway.looks.load(), 2);
}

TEST(NumberState, RacingCallersShareOneLook) {
    Number n;
    std::latch answer(1);
    n.gateway.slow = &answer;
    std::vector<std::future<Result<ConnectionState>>> racing;
    for (int i = 0; i < 8; ++i)
        racing.push_back(test::on_another_thread([&, i] { return i % 2 ? n.state.current() : n.state.ready_for_writes(); }));
    EXPECT_TRUE(test::eventually([&] { return n.gateway.looks.load() == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));   // the others arrive meanwhile
    answer.count_down();
    for (auto& caller : racing) EXPECT_TRUE(caller.get().ok());
    EXPECT_EQ(n.gateway.looks.load(), 1);
}

TEST(NumberState, ALookWaitingForTheGatewayHoldsUpNoCallerAKeptAnswerServes) {
    Number n;
    EXPECT_TRUE(n.state.current().ok());
    std::latch answer(1);
    n.gateway.slow = &answer;
    auto asked_by_a_person = test::on_another_thread([&] { return n.state.fresh(); });
    EXPECT_TRUE(test::eventually([&] { return n.gateway.looks.load() == 2; }));
    auto writer = test::on_another_thread([&] { return n.state.ready_for_writes(); });
    const bool writer_finished = test::finishes(writer);
    answer.count_down();
    EXPECT_TRUE(writer_finished) << "a kept answer waited for the gateway";
    EXPECT_TRUE(writer.get().ok());
    EXPECT_TRUE(asked_by_a_person.get().ok());
    EXPECT_EQ(n.gateway.looks.load(), 2);
}

} // namespace
} // namespace gd
