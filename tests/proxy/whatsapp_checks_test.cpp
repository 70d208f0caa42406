// "Does this number have WhatsApp?" while many requests ask at once: a check waiting for the
// gateway holds up no other number (a kept answer comes at once, another number gets the next
// turn), racing checks of one number make one gateway check, and the daily cap is never passed.
#include "concurrency_support.h"
#include "gateway_fakes.h"
#include "proxy/domain/whatsapp_checks.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <set>

namespace gd {
namespace {

// Answers checks from its list of numbers on WhatsApp, noting when each was asked; the check of
// `slow_number` answers only once `slow` counts down.
class CheckingGateway : public test::NothingGateway {
public:
    explicit CheckingGateway(Clock& clock) : clock_(clock) {}
    std::set<std::string> on_whatsapp;
    std::string slow_number;
    std::latch* slow = nullptr;

    struct Asked {
        std::string phone;
        Clock::Duration at;
    };
    std::vector<Asked> asked() {
        std::lock_guard lock(mutex_);
        return asked_;
    }
    Result<std::vector<WhatsAppCheck>> check_whatsapp(const std::vector<std::string>& phones) override {
        {
            std::lock_guard lock(mutex_);
            for (const std::string& phone : phones) asked_.push_back({phone, clock_.now()});
        }
        if (slow && phones == std::vector<std::string>{slow_number}) slow->wait();
        std::vector<WhatsAppCheck> answers;
        for (const std::string& phone : phones) answers.push_back({phone, on_whatsapp.count(phone) > 0});
        return answers;
    }

private:
    Clock& clock_;
    std::mutex mutex_;
    std::vector<Asked> asked_;
};

const std::string kSlow = "+79165550101";
const std::string kKept = "+79165550102";
const std::string kNew = "+79165550103";

struct Checks {
    test::Sandbox sandbox;
    ManualClock clock;
    CheckingGateway gateway{clock};
    CheckPolicy policy;
    std::unique_ptr<WhatsAppChecks> checks;
    explicit Checks(int daily_cap = 300) {
        policy.daily_cap = daily_cap;
        checks = std::make_unique<WhatsAppChecks>(*sandbox.db, gateway, clock, policy);
        gateway.on_whatsapp = {kSlow, kKept, kNew};
    }
};

TEST(WhatsAppChecks, ACheckWaitingForTheGatewayHoldsUpNoOtherNumber) {
    Checks c;
    c.checks->remember(kKept, true);
    std::latch answer(1);
    c.gateway.slow_number = kSlow;
    c.gateway.slow = &answer;
    auto slow = test::on_another_thread([&] { return c.checks->has_whatsapp(kSlow); });
    EXPECT_TRUE(test::eventually([&] { return c.gateway.asked().size() == 1; }));
    auto kept = test::on_another_thread([&] { return c.checks->has_whatsapp(kKept); });
    auto fresh = test::on_another_thread([&] { return c.checks->has_whatsapp(kNew); });
    const bool kept_finished = test::finishes(kept);
    const bool fresh_finished = test::finishes(fresh);
    answer.count_down();
    EXPECT_TRUE(kept_finished) << "a kept answer waited for another number's check";
    EXPECT_TRUE(fresh_finished) << "another number's check waited for this one's answer";
    Result<bool> kept_answer = kept.get(), fresh_answer = fresh.get(), slow_answer = slow.get();
    ASSERT_TRUE(kept_answer.ok() && fresh_answer.ok() && slow_answer.ok());
    EXPECT_TRUE(kept_answer.value() && fresh_answer.value() && slow_answer.value());

    // The other number still waited its turn: the spacing holds between checks in flight.
    std::vector<CheckingGateway::Asked> asked = c.gateway.asked();
    ASSERT_EQ(asked.size(), 2u);
    EXPECT_EQ(asked[0].phone, kSlow);
    EXPECT_EQ(asked[1].phone, kNew);
    EXPECT_GE(asked[1].at - asked[0].at, c.policy.min_interval);
    EXPECT_EQ(c.checks->gateway_checks_today(), 2);
}

TEST(WhatsAppChecks, RacingChecksOfOneNumberMakeOneGatewayCheck) {
    Checks c;
    std::latch answer(1);
    c.gateway.slow_number = kSlow;
    c.gateway.slow = &answer;
    std::vector<std::future<Result<bool>>> racing;
    for (int i = 0; i < 8; ++i) racing.push_back(test::on_another_thread([&] { return c.checks->has_whatsapp(kSlow); }));
    EXPECT_TRUE(test::eventually([&] { return c.gateway.asked().size() == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));   // the others arrive meanwhile
    answer.count_down();
    for (auto& check : racing) {
        Result<bool> has = check.get();
        ASSERT_TRUE(has.ok());
        EXPECT_TRUE(has.value());
    }
    EXPECT_EQ(c.gateway.asked().size(), 1u);
    EXPECT_EQ(c.checks->gateway_checks_today(), 1);
}

TEST(WhatsAppChecks, RacingChecksNeverPassTheDailyCap) {
    Checks c(3);
    std::vector<std::string> phones;
    for (int i = 0; i < 10; ++i) phones.push_back("+7916555020" + std::to_string(i));
    c.gateway.on_whatsapp.insert(phones.begin(), phones.end());
    std::vector<std::future<Result<bool>>> racing;
    for (const std::string& phone : phones)
        racing.push_back(test::on_another_thread([&c, phone] { return c.checks->has_whatsapp(phone); }));
    int answered = 0, refused = 0;
    for (auto& check : racing) {
        Result<bool> has = check.get();
        if (has.ok()) ++answered;
        else if (has.error().code == ErrorCode::daily_limit_reached) ++refused;
    }
    EXPECT_EQ(answered, 3);
    EXPECT_EQ(refused, 7);
    EXPECT_EQ(c.gateway.asked().size(), 3u);
    EXPECT_EQ(c.checks->gateway_checks_today(), 3);
}

} // namespace
} // namespace gd
