// A card's user named by id only gets their name from the account's user list, read once and kept
// a while; a user the list does not know yet rereads it (not on every open), and a CRM that is
// down leaves the name empty instead of failing the card. Racing card opens read the list once,
// and one account's slow list never holds up a card opened from another account.
#include "tests/proxy/card_only_crm.h"
#include "concurrency_support.h"
#include "proxy/domain/crm_user_names.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>

namespace gd {
namespace {

class AccountUsers : public test::CardOnlyCrm {
public:
    std::vector<CrmUser> listed = {{.id = "87654321", .name = "Мария Орлова", .email = "m@example.org"},
                                   {.id = "504141", .name = "Админ", .email = "a@example.org"}};
    bool down = false;
    std::atomic<int> reads{0};
    std::latch* slow = nullptr;   // when set, the CRM answers only once it counts down
    Result<std::vector<CrmUser>> users() override {
        ++reads;
        if (slow) slow->wait();
        if (down) return Error{ErrorCode::crm_unavailable, {}};
        return listed;
    }
};

struct Names {
    ManualClock clock;
    AccountUsers account;
    AccountUsers other_account;
    test::CrmsByTenant tenants;   // the standalone page's CRM, and one amoCRM account beside it
    CrmUserNames names{tenants, clock};
    Names() {
        tenants.by_tenant["standalone"] = &account;
        tenants.by_tenant["amocrm:other"] = &other_account;
    }
};

TEST(CrmUserNames, TheListIsReadOnceAndKept) {
    Names n;
    EXPECT_EQ(n.names.name_of("standalone", "87654321"), "Мария Орлова");
    EXPECT_EQ(n.names.name_of("standalone", "504141"), "Админ");
    EXPECT_EQ(n.account.reads.load(), 1);
    n.clock.advance(CrmUserNames::kKeepFor);
    n.account.listed[0].name = "Мария Орлова-Ким";
    EXPECT_EQ(n.names.name_of("standalone", "87654321"), "Мария Орлова-Ким");
    EXPECT_EQ(n.account.reads.load(), 2);
}

TEST(CrmUserNames, AnUnknownUserRereadsTheListAtMostOnceAMinute) {
    Names n;
    EXPECT_EQ(n.names.name_of("standalone", "999"), "");
    EXPECT_EQ(n.names.name_of("standalone", "999"), "");
    EXPECT_EQ(n.account.reads.load(), 1);
    n.account.listed.push_back({"999", "Новый менеджер", "new@example.org"});
    n.clock.advance(CrmUserNames::kRereadForNewUserAfter);
    EXPECT_EQ(n.names.name_of("standalone", "999"), "Новый менеджер");
    EXPECT_EQ(n.account.reads.load(), 2);
}

TEST(CrmUserNames, ACrmThatIsDownLeavesTheNameEmptyOrKeepsTheOldList) {
    Names n;
    n.account.down = true;
    EXPECT_EQ(n.names.name_of("standalone", "87654321"), "");
    n.account.down = false;
    EXPECT_EQ(n.names.name_of("standalone", "87654321"), "Мария Орлова");
    n.account.down = true;
    n.clock.advance(CrmUserNames::kKeepFor);
    EXPECT_EQ(n.names.name_of("standalone", "87654321"), "Мария Орлова");
    EXPECT_EQ(n.names.name_of("bitrix24:unknown-portal", "1"), "");
}

TEST(CrmUserNames, ASlowListHoldsUpNoCardOfAnotherAccount) {
    Names n;
    std::latch answer(1);
    n.account.slow = &answer;
    auto slow = test::on_another_thread([&] { return n.names.name_of("standalone", "87654321"); });
    EXPECT_TRUE(test::eventually([&] { return n.account.reads.load() == 1; }));
    auto other = test::on_another_thread([&] { return n.names.name_of("amocrm:other", "504141"); });
    const bool other_finished = test::finishes(other);
    answer.count_down();
    EXPECT_TRUE(other_finished) << "a card of another account waited for this account's CRM";
    EXPECT_EQ(other.get(), "Админ");
    EXPECT_EQ(slow.get(), "Мария Орлова");
}

TEST(CrmUserNames, RacingCardOpensOfOneAccountReadTheListOnce) {
    Names n;
    std::latch answer(1);
    n.account.slow = &answer;
    std::vector<std::future<std::string>> opens;
    for (int i = 0; i < 8; ++i)
        opens.push_back(test::on_another_thread([&, i] { return n.names.name_of("standalone", i % 2 ? "87654321" : "504141"); }));
    EXPECT_TRUE(test::eventually([&] { return n.account.reads.load() == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));   // the others arrive meanwhile
    answer.count_down();
    for (int i = 0; i < 8; ++i) EXPECT_EQ(opens[i].get(), i % 2 ? "Мария Орлова" : "Админ");
    EXPECT_EQ(n.account.reads.load(), 1);
}

} // namespace
} // namespace gd
