// The action panel, as a manager uses it: given a group on screen, when they pick people and an
// action and press ВЫПОЛНИТЬ, then a job is started, followed, and every person's result explained.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/member_actions.h"
#include "web/state/robot_runs.h"
#include "shared/outcomes.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

const Group kGroup{"120363000000000001@g.us", "Клиенты — Москва", 3, true};
const Group kForeignGroup{"120363000000000009@g.us", "Чужая группа", 3, false};

std::string members_of(const Group& g) {
    ParticipantList list{g,
                         {{"79990000001@c.us", "+79990000001", "Мы", ParticipantRole::admin},
                          {"79161112233@c.us", "+79161112233", "Иван Петров", ParticipantRole::member},
                          {"79162223344@c.us", "+79162223344", "Мария", ParticipantRole::member}}};
    return nlohmann::json(list).dump();
}

Job job_with(JobState state, std::vector<JobItem> items, ParticipantAction action = ParticipantAction::add) {
    Job job;
    job.id = "job-1";
    job.group_id = kGroup.id;
    job.group_name = kGroup.name;
    job.action = action;
    job.state = state;
    job.total = (int)items.size();
    for (const JobItem& i : items) job.finished += i.outcome != ChangeOutcome::pending;
    job.items = std::move(items);
    return job;
}

struct MemberActionsPanel : ::testing::Test {
    UiHarness ui;

    void open(const Group& g) {
        ui.app.state.groups.data = {g};
        ui.app.state.groups.status = LoadStatus::loaded;
        open_group(ui.app, g.id);
        ASSERT_TRUE(ui.http.answer(routes::group_participants(g.id), 200, members_of(g)));
        ui.frames(2);
    }
    // The group's panel with its invite link fetched and shown.
    void show_invite_link(const Group& g) {
        open(g);
        ASSERT_TRUE(ui.click("Пригласительная ссылка"));
        ASSERT_TRUE(ui.click("Получить ссылку"));
        ASSERT_TRUE(ui.http.answer(routes::group_invite_link(g.id), 200, R"({"url":"https://chat.whatsapp.com/AbC123"})"));
        ui.frames(2);
        EXPECT_TRUE(ui.shows("https://chat.whatsapp.com/AbC123"));
    }
    nlohmann::json body_of(const std::string& path) {
        for (const auto& p : ui.http.pending)
            if (p.request.path == path) return nlohmann::json::parse(p.request.body);
        return nullptr;
    }
};

TEST_F(MemberActionsPanel, WhenOurNumberIsNotAdminExecuteIsDisabledWithTheReason) {
    open(kForeignGroup);
    ui.app.state.members.people_text = "+7 916 111-22-33";
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Наш номер не администратор этой группы."));
    int sent = ui.http.sent;
    ui.click("ВЫПОЛНИТЬ");
    EXPECT_EQ(ui.http.sent, sent);
}

TEST_F(MemberActionsPanel, WithNobodyChosenExecuteSaysWhatIsMissing) {
    open(kGroup);
    EXPECT_TRUE(ui.shows("Выберите участников в таблице или впишите номера."));
}

TEST_F(MemberActionsPanel, PastedNumbersAreAddedAsAJobThatIsFollowedToTheEnd) {
    open(kGroup);
    ASSERT_TRUE(ui.click("people"));
    ui.type("Олег +7 (926) 555-44-33\n8 903 000 11 22");
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));

    nlohmann::json body = body_of(routes::group_changes(kGroup.id));
    ASSERT_FALSE(body.is_null());
    EXPECT_EQ(body["action"], "add");
    ASSERT_EQ(body["people"].size(), 2u);
    EXPECT_EQ(body["people"][0]["phone"], "+7 (926) 555-44-33");
    EXPECT_EQ(body["people"][0]["name"], "Олег");

    Job running = job_with(JobState::running, {{"+7 (926) 555-44-33", "+79265554433", "Олег", ChangeOutcome::done},
                                               {"8 903 000 11 22", "+79030001122", "", ChangeOutcome::pending}});
    running.next_in_seconds = 9;
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 202, nlohmann::json(running).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Выполнено 1 из 2 · следующий через 9 с"));
    EXPECT_TRUE(ui.shows("Добавлен в группу."));
    EXPECT_TRUE(ui.shows("Ждёт очереди."));

    ui.frames(60);   // a second later the job is asked for its progress
    ASSERT_TRUE(ui.http.has_request(routes::job("job-1")));
    Job done = job_with(JobState::done, {{"+7 (926) 555-44-33", "+79265554433", "Олег", ChangeOutcome::done},
                                         {"8 903 000 11 22", "+79030001122", "", ChangeOutcome::not_on_whatsapp}});
    ASSERT_TRUE(ui.http.answer(routes::job("job-1"), 200, nlohmann::json(done).dump()));
    ui.frames(2);
    EXPECT_EQ(ui.inspector.find_all_containing("У номера нет WhatsApp").size(), 1u);
    // The group changed: its members are read again, and polling stops.
    EXPECT_TRUE(ui.http.has_request(routes::group_participants(kGroup.id)));
    ui.frames(120);
    EXPECT_FALSE(ui.http.has_request(routes::job("job-1")));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(MemberActionsPanel, APrivacyRefusalOffersTheInviteLinkAndSendsIt) {
    open(kGroup);
    ui.app.state.members.people_text = "+79265554433";
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    Job done = job_with(JobState::done, {{"+79265554433", "+79265554433", "", ChangeOutcome::privacy_blocked}});
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 202, nlohmann::json(done).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Настройки приватности не разрешают добавлять его в группы."));
    ASSERT_TRUE(ui.click("Отправить ссылку"));
    nlohmann::json body = body_of(routes::group_invite_link_send(kGroup.id));
    ASSERT_FALSE(body.is_null());
    EXPECT_EQ(body["phone"], "+79265554433");
    ASSERT_TRUE(ui.http.answer(routes::group_invite_link_send(kGroup.id), 200, R"({"ok":true})"));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Ссылка отправлена: +79265554433"));
}

// A robot (or the proxy) already sent the invite link: the panel says so, says what happens next
// and why the add may have failed, and offers no second send.
TEST_F(MemberActionsPanel, AnInviteAlreadySentIsSaidAsTheWayForwardNotOfferedAgain) {
    open(kGroup);
    ui.app.state.members.people_text = "+79265554433";
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    Job done = job_with(JobState::done, {{"+79265554433", "+79265554433", "Олег", ChangeOutcome::invite_sent}});
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 202, nlohmann::json(done).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Добавить не удалось, пригласительная ссылка отправлена ему в WhatsApp."));
    EXPECT_TRUE(ui.shows(outcome_next_step(ChangeOutcome::invite_sent).ru));
    EXPECT_TRUE(ui.shows(unknown_add_failure_reasons().ru));
    EXPECT_FALSE(ui.shows("Отправить ссылку"));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
    ASSERT_TRUE(ui.click("English"));
    EXPECT_TRUE(ui.shows("Could not be added; the invite link was sent to them on WhatsApp."));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST(PersonResult, AsAskedFailedOrNeither) {
    EXPECT_TRUE(outcome_as_asked(ChangeOutcome::already_member, ParticipantAction::add));
    EXPECT_TRUE(outcome_as_asked(ChangeOutcome::not_a_member, ParticipantAction::remove));
    EXPECT_FALSE(outcome_as_asked(ChangeOutcome::not_a_member, ParticipantAction::promote));
    EXPECT_TRUE(outcome_failed(ChangeOutcome::not_a_member, ParticipantAction::promote));
    EXPECT_TRUE(outcome_failed(ChangeOutcome::privacy_blocked, ParticipantAction::add));
    // An invite that went out, a wait and a cancel need nobody to act.
    EXPECT_FALSE(outcome_failed(ChangeOutcome::invite_sent, ParticipantAction::add));
    EXPECT_FALSE(outcome_failed(ChangeOutcome::pending, ParticipantAction::add));
    EXPECT_FALSE(outcome_failed(ChangeOutcome::cancelled, ParticipantAction::add));
}

TEST_F(MemberActionsPanel, AnUnexplainedRefusalListsTheReasonsAndSaveNumberRetriesTheAdd) {
    open(kGroup);
    ui.app.state.members.people_text = "+79265554433 Олег";
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    Job done = job_with(JobState::done, {{"+79265554433", "+79265554433", "Олег", ChangeOutcome::unknown}});
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 202, nlohmann::json(done).dump()));
    ui.frames(2);
    EXPECT_EQ(ui.inspector.find_all_containing("Пользователь запретил").size() +
                  ui.inspector.find_all_containing("пользователь запретил").size(), 1u);
    EXPECT_TRUE(ui.shows("Отправить ссылку"));

    ASSERT_TRUE(ui.click("Добавить номер"));
    nlohmann::json saved = body_of(routes::kContacts);
    ASSERT_FALSE(saved.is_null());
    EXPECT_EQ(saved["phone"], "+79265554433");
    EXPECT_EQ(saved["name"], "Олег");
    ASSERT_TRUE(ui.http.answer(routes::kContacts, 200, R"({"ok":true})"));
    ui.frames(2);
    nlohmann::json retry = body_of(routes::group_changes(kGroup.id));
    ASSERT_FALSE(retry.is_null());
    EXPECT_EQ(retry["people"][0]["phone"], "+79265554433");
}

TEST_F(MemberActionsPanel, RemovingActsOnTheMembersTickedInTheTable) {
    open(kGroup);
    ASSERT_TRUE(ui.click("action"));
    ASSERT_TRUE(ui.click("Удалить из группы"));
    EXPECT_EQ(ui.app.state.members.action, ParticipantAction::remove);
    ASSERT_TRUE(ui.click("tick +79162223344"));
    EXPECT_TRUE(ui.shows("Выбрано в таблице: 1 · номеров в списке: 0"));
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    nlohmann::json body = body_of(routes::group_changes(kGroup.id));
    ASSERT_FALSE(body.is_null());
    EXPECT_EQ(body["action"], "remove");
    ASSERT_EQ(body["people"].size(), 1u);
    EXPECT_EQ(body["people"][0]["phone"], "+79162223344");
    EXPECT_EQ(body["people"][0]["name"], "Мария");
}

TEST_F(MemberActionsPanel, ARunningJobCanBeStopped) {
    open(kGroup);
    ui.app.state.members.people_text = "+79265554433\n+79265554434";
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    Job running = job_with(JobState::running, {{"+79265554433", "+79265554433", "", ChangeOutcome::pending},
                                               {"+79265554434", "+79265554434", "", ChangeOutcome::pending}});
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 202, nlohmann::json(running).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Дождитесь окончания текущего задания или остановите его."));
    ASSERT_TRUE(ui.click("Остановить"));
    EXPECT_TRUE(ui.http.has_request(routes::job_cancel("job-1")));
}

TEST_F(MemberActionsPanel, ARefusedJobShowsTheProxysReason) {
    open(kGroup);
    ui.app.state.members.people_text = "+79265554433";
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 400, R"({"error":{"code":"invalid_phone","detail":"12"}})"));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Это не номер телефона."));
    EXPECT_FALSE(job_is_active(ui.app.state));
}

TEST_F(MemberActionsPanel, TheInviteLinkIsShownCopiedAndRevokedOnlyAfterConfirmation) {
    ui.app.state.user = {"1", "Анна", /*is_admin=*/true, "standalone"};
    show_invite_link(kGroup);

    ASSERT_TRUE(ui.click("Сбросить ссылку"));
    EXPECT_FALSE(ui.http.has_request(routes::group_invite_link_revoke(kGroup.id)));
    EXPECT_TRUE(ui.shows("Сбросить ссылку? Все ранее отправленные ссылки перестанут работать."));
    ASSERT_TRUE(ui.click("Отмена"));
    EXPECT_FALSE(ui.http.has_request(routes::group_invite_link_revoke(kGroup.id)));

    ASSERT_TRUE(ui.click("Сбросить ссылку"));
    ASSERT_TRUE(ui.click("Да, сбросить"));
    ASSERT_TRUE(ui.http.answer(routes::group_invite_link_revoke(kGroup.id), 200, R"({"url":"https://chat.whatsapp.com/New999"})"));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("https://chat.whatsapp.com/New999"));
}

TEST_F(MemberActionsPanel, AManagerGetsTheLinkButIsToldOnlyAnAdministratorRevokesIt) {
    ui.app.state.user = {"5", "Борис", /*is_admin=*/false, "bitrix24:portal"};
    show_invite_link(kGroup);
    EXPECT_TRUE(ui.shows("Сбросить ссылку может только администратор CRM или GroupDesk."));
    ui.click("Сбросить ссылку");   // shown, but disabled
    ui.frames(2);
    EXPECT_FALSE(ui.app.state.members.confirm_revoke);
    revoke_invite_link(ui.app);   // nor can it be sent another way
    EXPECT_FALSE(ui.http.has_request(routes::group_invite_link_revoke(kGroup.id)));
}

TEST_F(MemberActionsPanel, AnotherGroupStartsWithAClearPanel) {
    open(kGroup);
    ui.app.state.members.people_text = "+79265554433";
    ui.app.state.members.selected_ids = {"79161112233@c.us"};
    open(kForeignGroup);
    EXPECT_TRUE(ui.app.state.members.selected_ids.empty());
    EXPECT_TRUE(ui.app.state.members.people_text.empty());
}

} // namespace
} // namespace gd::test
