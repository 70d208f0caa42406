// The sandbox WhatsApp gateway behaves like a real one: groups with their members, per-person
// answers when the manager adds, removes, promotes or demotes, a refusal in groups where our
// number is not an admin, invite links, messages and saved contacts.
#include "proxy_test_support.h"
#include "shared/validation.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace gd {
namespace {

using test::Sandbox;

std::vector<ChangeOutcome> outcomes(const Result<std::vector<ParticipantChange>>& r) {
    EXPECT_TRUE(r.ok());
    std::vector<ChangeOutcome> out;
    if (r.ok())
        for (const ParticipantChange& c : r.value()) out.push_back(c.outcome);
    return out;
}

std::optional<Participant> find_member(Sandbox& s, const std::string& group, const std::string& phone) {
    auto list = s.whatsapp.participants(group);
    if (!list.ok()) return std::nullopt;
    for (const Participant& p : list->participants)
        if (p.phone == phone) return p;
    return std::nullopt;
}

// A member of the group who is neither us nor its owner.
std::string some_member(Sandbox& s, const std::string& group, ParticipantRole role) {
    for (const Participant& p : s.whatsapp.participants(group)->participants)
        if (p.role == role && p.phone != demo::kOurNumber) return p.phone;
    return "";
}

const std::string kStranger = "+79161230000";   // has WhatsApp, in no group

TEST(SandboxWhatsApp, TheConnectedNumberIsTheDemoNumber) {
    Sandbox s;
    auto state = s.whatsapp.connection_state();
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state->status, ConnectionStatus::connected);
    EXPECT_EQ(state->phone, demo::kOurNumber);
    EXPECT_TRUE(s.whatsapp.capabilities().save_contact);
    EXPECT_TRUE(s.whatsapp.capabilities().revoke_invite_link);
}

TEST(SandboxWhatsApp, GroupsOfVariedSizesSomeWhereWeAreNotAdmin) {
    Sandbox s;
    auto groups = s.whatsapp.list_groups();
    ASSERT_TRUE(groups.ok());
    ASSERT_EQ(groups->size(), (size_t)demo::kGroupCount);
    EXPECT_EQ(groups->front().name, "Клиенты — Москва");
    int not_admin = 0, biggest = 0;
    for (const Group& g : groups.value()) {
        EXPECT_TRUE(is_valid_group_id(g.id)) << g.id;
        EXPECT_FALSE(g.name.empty());
        not_admin += g.we_are_admin ? 0 : 1;
        biggest = std::max(biggest, g.participant_count);
    }
    EXPECT_GE(not_admin, 1);
    EXPECT_EQ(biggest, demo::kBigGroupSize);
}

TEST(SandboxWhatsApp, TheBigGroupListsAllItsMembersWithRolesNamesAndPhones) {
    Sandbox s;
    auto list = s.whatsapp.participants(demo::kBigGroup);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->group.participant_count, demo::kBigGroupSize);
    ASSERT_EQ(list->participants.size(), (size_t)demo::kBigGroupSize);
    int owners = 0, admins = 0, unnamed = 0;
    for (const Participant& p : list->participants) {
        owners += p.role == ParticipantRole::owner;
        admins += p.role == ParticipantRole::admin;
        unnamed += p.name.empty();
        EXPECT_EQ(p.phone.rfind("+7", 0), 0u) << p.phone;
        EXPECT_EQ(p.id, p.phone.substr(1) + "@c.us");
    }
    EXPECT_EQ(owners, 1);
    EXPECT_GE(admins, 2);   // us and at least one more
    EXPECT_GT(unnamed, 0);  // some people set no profile name
    EXPECT_TRUE(find_member(s, demo::kBigGroup, demo::kOurNumber).has_value());
}

TEST(SandboxWhatsApp, AnUnknownGroupIsGroupNotFound) {
    Sandbox s;
    EXPECT_EQ(s.whatsapp.participants("999@g.us").error().code, ErrorCode::group_not_found);
    EXPECT_EQ(s.whatsapp.change_participants("999@g.us", ParticipantAction::add, {kStranger}).error().code,
              ErrorCode::group_not_found);
    EXPECT_EQ(s.whatsapp.invite_link("999@g.us").error().code, ErrorCode::group_not_found);
}

TEST(SandboxWhatsApp, CheckingNumbersAnswersOncePerPhoneInOrder) {
    Sandbox s;
    const std::string none = demo::numbers_without_whatsapp()[0];
    auto checks = s.whatsapp.check_whatsapp({kStranger, none, "not a phone", demo::kOurNumber});
    ASSERT_TRUE(checks.ok());
    ASSERT_EQ(checks->size(), 4u);
    EXPECT_EQ(checks.value()[0].phone, kStranger);
    EXPECT_TRUE(checks.value()[0].exists);
    EXPECT_FALSE(checks.value()[1].exists);
    EXPECT_FALSE(checks.value()[2].exists);
    EXPECT_TRUE(checks.value()[3].exists);
    EXPECT_TRUE(s.whatsapp.check_whatsapp({})->empty());
}

TEST(SandboxWhatsApp, AddingGivesOneOutcomePerPerson) {
    Sandbox s;
    const std::string member = some_member(s, demo::kMoscowClientsGroup, ParticipantRole::member);
    const std::string none = demo::numbers_without_whatsapp()[1];
    const std::string shy = demo::numbers_blocking_group_adds()[0];
    auto result = s.whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::add,
                                                 {kStranger, member, none, shy, "8 916 123"});
    EXPECT_EQ(outcomes(result), (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::already_member,
                                                            ChangeOutcome::not_on_whatsapp,
                                                            ChangeOutcome::privacy_blocked,
                                                            ChangeOutcome::not_on_whatsapp}));
    EXPECT_EQ(result->at(0).phone, kStranger);
    auto added = find_member(s, demo::kMoscowClientsGroup, kStranger);
    ASSERT_TRUE(added);
    EXPECT_EQ(added->role, ParticipantRole::member);
    EXPECT_FALSE(find_member(s, demo::kMoscowClientsGroup, none));
    EXPECT_EQ(s.whatsapp.participants(demo::kMoscowClientsGroup)->group.participant_count, 49);
}

TEST(SandboxWhatsApp, TheSamePhoneTwiceInOneRequestIsAddedOnce) {
    Sandbox s;
    EXPECT_EQ(outcomes(s.whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::add,
                                                      {kStranger, kStranger})),
              (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::already_member}));
}

TEST(SandboxWhatsApp, RemovingTakesMembersOutAndSaysWhoWasNotThere) {
    Sandbox s;
    const std::string member = some_member(s, demo::kMoscowClientsGroup, ParticipantRole::member);
    EXPECT_EQ(outcomes(s.whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::remove,
                                                      {member, kStranger})),
              (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::not_a_member}));
    EXPECT_FALSE(find_member(s, demo::kMoscowClientsGroup, member));
}

TEST(SandboxWhatsApp, PromotingAndDemotingChangeTheRole) {
    Sandbox s;
    const std::string member = some_member(s, demo::kMoscowClientsGroup, ParticipantRole::member);
    EXPECT_EQ(outcomes(s.whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::promote,
                                                      {member, kStranger})),
              (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::not_a_member}));
    EXPECT_EQ(find_member(s, demo::kMoscowClientsGroup, member)->role, ParticipantRole::admin);
    // Promoting an admin again is a no-op that succeeds, as in WhatsApp.
    EXPECT_EQ(outcomes(s.whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::promote, {member})),
              std::vector<ChangeOutcome>{ChangeOutcome::done});

    EXPECT_EQ(outcomes(s.whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::demote,
                                                      {member, kStranger})),
              (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::not_a_member}));
    EXPECT_EQ(find_member(s, demo::kMoscowClientsGroup, member)->role, ParticipantRole::member);
}

TEST(SandboxWhatsApp, TheOwnerCannotBeRemovedOrDemotedAndWhatsAppSaysNotWhy) {
    Sandbox s;
    const std::string owner = some_member(s, demo::kMoscowClientsGroup, ParticipantRole::owner);
    ASSERT_FALSE(owner.empty());
    EXPECT_EQ(outcomes(s.whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::remove, {owner})),
              std::vector<ChangeOutcome>{ChangeOutcome::unknown});
    EXPECT_EQ(outcomes(s.whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::demote, {owner})),
              std::vector<ChangeOutcome>{ChangeOutcome::unknown});
    EXPECT_EQ(find_member(s, demo::kMoscowClientsGroup, owner)->role, ParticipantRole::owner);
}

TEST(SandboxWhatsApp, WhereOurNumberIsNotAdminEveryPersonIsRefusedAndNothingChanges) {
    Sandbox s;
    auto before = s.whatsapp.participants(demo::kNotAdminGroup);
    ASSERT_TRUE(before.ok());
    EXPECT_FALSE(before->group.we_are_admin);
    const std::string member = some_member(s, demo::kNotAdminGroup, ParticipantRole::member);
    for (ParticipantAction action :
         {ParticipantAction::add, ParticipantAction::remove, ParticipantAction::promote, ParticipantAction::demote}) {
        EXPECT_EQ(outcomes(s.whatsapp.change_participants(demo::kNotAdminGroup, action, {kStranger, member})),
                  (std::vector<ChangeOutcome>{ChangeOutcome::not_admin, ChangeOutcome::not_admin}));
    }
    EXPECT_EQ(nlohmann::json(s.whatsapp.participants(demo::kNotAdminGroup).value()), nlohmann::json(before.value()));
}

TEST(SandboxWhatsApp, TheInviteLinkStaysUntilRevokedThenANewOneStays) {
    Sandbox s;
    auto first = s.whatsapp.invite_link(demo::kMoscowClientsGroup);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->url.rfind("https://chat.whatsapp.com/", 0), 0u);
    EXPECT_EQ(s.whatsapp.invite_link(demo::kMoscowClientsGroup)->url, first->url);

    auto revoked = s.whatsapp.revoke_invite_link(demo::kMoscowClientsGroup);
    ASSERT_TRUE(revoked.ok());
    EXPECT_NE(revoked->url, first->url);
    EXPECT_EQ(s.whatsapp.invite_link(demo::kMoscowClientsGroup)->url, revoked->url);
    // Each group has its own link.
    EXPECT_NE(s.whatsapp.invite_link(demo::kBigGroup)->url, revoked->url);
}

TEST(SandboxWhatsApp, OnlyAnAdminMayGetOrRevokeTheInviteLink) {
    Sandbox s;
    EXPECT_EQ(s.whatsapp.invite_link(demo::kNotAdminGroup).error().code, ErrorCode::not_group_admin);
    EXPECT_EQ(s.whatsapp.revoke_invite_link(demo::kNotAdminGroup).error().code, ErrorCode::not_group_admin);
}

TEST(SandboxWhatsApp, SentMessagesAreRecorded) {
    Sandbox s;
    ASSERT_TRUE(s.whatsapp.send_text(kStranger, "Ссылка на группу: https://chat.whatsapp.com/x").ok());
    Statement st = s.db->prepare("SELECT phone, text FROM wa_messages");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), kStranger);
    EXPECT_EQ(st.text(1), "Ссылка на группу: https://chat.whatsapp.com/x");

    EXPECT_EQ(s.whatsapp.send_text(demo::numbers_without_whatsapp()[0], "hi").error().code, ErrorCode::bad_request);
    EXPECT_EQ(s.whatsapp.send_text("89161234567", "hi").error().code, ErrorCode::invalid_phone);
    EXPECT_FALSE(s.whatsapp.send_text(kStranger, "").ok());
    EXPECT_EQ(s.db->scalar("SELECT count(*) FROM wa_messages", -1), 1);
}

TEST(SandboxWhatsApp, ASavedContactNameIsWhatTheGroupListShows) {
    Sandbox s;
    const std::string member = some_member(s, demo::kMoscowClientsGroup, ParticipantRole::member);
    ASSERT_TRUE(s.whatsapp.save_contact(member, "Клиент", "Важный").ok());
    EXPECT_EQ(find_member(s, demo::kMoscowClientsGroup, member)->name, "Клиент Важный");
    ASSERT_TRUE(s.whatsapp.save_contact(member, "Клиент", "").ok());   // saved again: updated
    EXPECT_EQ(find_member(s, demo::kMoscowClientsGroup, member)->name, "Клиент");
    EXPECT_EQ(s.whatsapp.save_contact("not a phone", "X", "").error().code, ErrorCode::invalid_phone);
    EXPECT_FALSE(s.whatsapp.save_contact(member, "", "").ok());
}

} // namespace
} // namespace gd
