// The manager picks a group, then sees who is in it. Ids are checked before any gateway sees them.
#include "gateway_fakes.h"
#include "proxy_test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gd {
namespace {

// A gateway that must never be asked: proves the domain stops bad ids itself.
class UntouchableGateway : public test::NothingGateway {
    Error nothing() override {
        ADD_FAILURE() << "the gateway was asked";
        return Error{ErrorCode::internal, {}};
    }
};

TEST(GroupDirectory, GivenTheSandboxTheManagerSeesEveryGroup) {
    test::Sandbox s;
    GroupDirectory directory(s.whatsapp);
    auto list = directory.groups();
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->groups.size(), (size_t)demo::kGroupCount);
}

TEST(GroupDirectory, OpeningAGroupListsItsParticipants) {
    test::Sandbox s;
    GroupDirectory directory(s.whatsapp);
    auto list = directory.participants(demo::kOldStyleGroup);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->group.name, "Семинар 14 марта");
    EXPECT_EQ(list->participants.size(), (size_t)list->group.participant_count);
}

TEST(GroupDirectory, EachMembersPhoneComesAsE164AndAsPeopleReadIt) {
    test::Sandbox s;
    GroupDirectory directory(s.whatsapp);
    auto list = directory.participants(demo::kMoscowClientsGroup);
    ASSERT_TRUE(list.ok());
    int shown = 0;
    for (const Participant& p : list->participants) {
        if (p.phone.empty()) {
            EXPECT_EQ(p.phone_display, "") << p.id;   // a hidden number stays hidden
            continue;
        }
        // "+79161234567" -> "+7 916 123-45-67": the same digits, grouped.
        EXPECT_EQ(p.phone_display.substr(0, 3), "+7 ") << p.phone_display;
        std::string digits;
        for (char c : p.phone_display)
            if (c != ' ' && c != '-') digits += c;
        EXPECT_EQ(digits, p.phone);
        ++shown;
    }
    EXPECT_GT(shown, 0);
}

TEST(GroupDirectory, AGroupTheNumberIsNotInIsGroupNotFound) {
    test::Sandbox s;
    GroupDirectory directory(s.whatsapp);
    EXPECT_EQ(directory.participants("120363000000000000@g.us").error().code, ErrorCode::group_not_found);
}

TEST(GroupDirectory, MalformedIdsNeverReachTheGateway) {
    UntouchableGateway gateway;
    GroupDirectory directory(gateway);
    for (const char* bad : {"", "abc", "79161234567@c.us", "1@g.us/../2@g.us", "%31@g.us", "1@g.us\n"})
        EXPECT_EQ(directory.participants(bad).error().code, ErrorCode::invalid_group_id) << bad;
}

} // namespace
} // namespace gd
