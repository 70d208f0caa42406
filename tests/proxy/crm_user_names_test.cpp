// A card's user named by id only gets their name from the account's user list, read once and kept
// a while; a user the list does not know yet rereads it (not on every open), and a CRM that is
// down leaves the name empty instead of failing the card.
#include "proxy/config/crm_tenants.h"
#include "proxy/domain/crm_user_names.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

class AccountUsers : public Crm {
public:
    std::vector<CrmUser> listed = {{"87654321", "Мария Орлова", "m@example.org"}, {"504141", "Админ", "a@example.org"}};
    bool down = false;
    int reads = 0;
    Result<std::vector<CrmUser>> users() override {
        ++reads;
        if (down) return Error{ErrorCode::crm_unavailable, {}};
        return listed;
    }
    Result<EntityContext> entity(const EntityRef&) override { return Error{ErrorCode::not_supported, {}}; }
    Result<std::vector<EntityContext>> find_entities(const std::string&, int) override { return Error{ErrorCode::not_supported, {}}; }
    Result<SeatCount> seats() override { return Error{ErrorCode::not_supported, {}}; }
    Result<CrmUser> add_user(const NewUser&) override { return Error{ErrorCode::not_supported, {}}; }
    Result<Done> deactivate_user(const std::string&) override { return Error{ErrorCode::not_supported, {}}; }
    Result<int> reassign(const Reassignment&, int) override { return Error{ErrorCode::not_supported, {}}; }
};

struct Names {
    ManualClock clock;
    AccountUsers account;
    CrmTenants tenants;
    CrmUserNames names{tenants, clock};
    Names() { tenants.set_standalone(&account); }
};

TEST(CrmUserNames, TheListIsReadOnceAndKept) {
    Names n;
    EXPECT_EQ(n.names.name_of("standalone", "87654321"), "Мария Орлова");
    EXPECT_EQ(n.names.name_of("standalone", "504141"), "Админ");
    EXPECT_EQ(n.account.reads, 1);
    n.clock.advance(CrmUserNames::kKeepFor);
    n.account.listed[0].name = "Мария Орлова-Ким";
    EXPECT_EQ(n.names.name_of("standalone", "87654321"), "Мария Орлова-Ким");
    EXPECT_EQ(n.account.reads, 2);
}

TEST(CrmUserNames, AnUnknownUserRereadsTheListAtMostOnceAMinute) {
    Names n;
    EXPECT_EQ(n.names.name_of("standalone", "999"), "");
    EXPECT_EQ(n.names.name_of("standalone", "999"), "");
    EXPECT_EQ(n.account.reads, 1);
    n.account.listed.push_back({"999", "Новый менеджер", "new@example.org"});
    n.clock.advance(CrmUserNames::kRereadForNewUserAfter);
    EXPECT_EQ(n.names.name_of("standalone", "999"), "Новый менеджер");
    EXPECT_EQ(n.account.reads, 2);
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

} // namespace
} // namespace gd
