// Deactivating a leaver: choose the colleague (active users only, not the leaver), see how many
// leads, contacts, companies and tasks will move, confirm; then a bar per kind and in all, read
// again until the end, which says «деактивирован» or what to do by hand, with refused records
// listed. A handover running from another session shows when the screen opens. GroupDesk's own
// user is never offered.
#include "tests/web/users_test_support.h"

#include "web/state/users_admin.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

const std::string kIvanRecords = std::string(routes::kCrmUsers) + "/2/records";
const std::string kIvanDeactivate = std::string(routes::kCrmUsers) + "/2/deactivate";
const std::string kHandoverH1 = std::string(routes::kCrmHandovers) + "/h1";

RecordCounts ivan_counts() { return {"2", {{RecordKind::lead, 120}, {RecordKind::contact, 40}, {RecordKind::company, 3}, {RecordKind::task, 12}}}; }

Handover handover(JobState state, std::vector<int> moved, const std::string& phase = "moving") {
    UserDirectory d = amocrm_directory();
    Handover h;
    h.id = "h1";
    h.from = d.users[1];
    h.to = d.users[2];
    h.state = state;
    h.phase = phase;
    const RecordCounts counts = ivan_counts();
    for (size_t i = 0; i < counts.kinds.size(); ++i)
        h.kinds.push_back({counts.kinds[i].kind, counts.kinds[i].count, moved[i], {}, moved[i] == counts.kinds[i].count});
    h.created_at = 1796036700;
    return h;
}

struct DeactivateUser : UsersFixture {
    void choose_olga() {
        sign_in(ui, true);
        open_with(ui, amocrm_directory());
        ASSERT_TRUE(ui.click("Деактивировать 2"));
        ASSERT_TRUE(ui.http.answer(kIvanRecords, 200, nlohmann::json(ivan_counts()).dump()));
        ui.frames(2);
        ASSERT_TRUE(ui.click("receiver"));
        ASSERT_TRUE(ui.click("receiver 3"));
        ASSERT_EQ(ui.app.state.users.deactivation.to_user_id, "3");
    }
};

TEST_F(DeactivateUser, TheIntegrationsOwnUserIsNotOfferedAndTheScreenSaysWhy) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory());
    EXPECT_FALSE(ui.shows("Деактивировать 1"));
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_user_is_integration).ru));
    EXPECT_TRUE(ui.shows("Деактивировать 2"));
    open_deactivation(ui.app, "1");   // even if asked directly
    EXPECT_TRUE(ui.app.state.users.deactivation.leaver_id.empty());
}

TEST_F(DeactivateUser, OnlyActiveColleaguesOtherThanTheLeaverMayReceive) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory());
    ASSERT_TRUE(ui.click("Деактивировать 2"));
    EXPECT_TRUE(ui.shows("Деактивировать: Иван Петров"));
    ASSERT_TRUE(ui.click("receiver"));
    EXPECT_TRUE(ui.shows("receiver 1"));
    EXPECT_TRUE(ui.shows("receiver 3"));
    EXPECT_FALSE(ui.shows("receiver 2"));   // the leaver
    EXPECT_FALSE(ui.shows("receiver 4"));   // deactivated already
    choose_receiver(ui.app, "4");
    EXPECT_TRUE(ui.app.state.users.deactivation.to_user_id.empty());
}

TEST_F(DeactivateUser, TheCountsOfEachKindShowBeforeConfirming) {
    choose_olga();
    EXPECT_TRUE(ui.shows("Перейдёт коллеге:"));
    EXPECT_TRUE(ui.shows("Сделки: 120"));   // amoCRM's leads, as its own screens call them
    EXPECT_TRUE(ui.shows("Контакты: 40"));
    EXPECT_TRUE(ui.shows("Компании: 3"));
    EXPECT_TRUE(ui.shows("Задачи: 12"));
    EXPECT_EQ(ui.http.find(kIvanDeactivate), nullptr);
    ASSERT_TRUE(ui.click("Передать дела и деактивировать"));
    EXPECT_EQ(ui.http.find(kIvanDeactivate), nullptr);   // asked first
    EXPECT_TRUE(ui.shows("Записей к передаче: 175 (Иван Петров › Ольга Ким). Затем деактивировать пользователя Иван Петров?"));
    ASSERT_TRUE(ui.click("Отмена"));
    EXPECT_TRUE(ui.app.state.users.deactivation.leaver_id.empty());
    EXPECT_EQ(ui.http.find(kIvanDeactivate), nullptr);
}

TEST_F(DeactivateUser, ConfirmedTheHandoverRunsWithABarPerKindAndInAllUntilDeactivated) {
    choose_olga();
    ASSERT_TRUE(ui.click("Передать дела и деактивировать"));
    ASSERT_TRUE(ui.click("Да, передать"));
    const HttpRequest* start = ui.http.find(kIvanDeactivate);
    ASSERT_NE(start, nullptr);
    EXPECT_EQ(start->method, "POST");
    EXPECT_EQ(nlohmann::json::parse(start->body), nlohmann::json(DeactivationRequest{"3"}));
    EXPECT_EQ(start->idempotency_key.size(), 32u);
    ASSERT_TRUE(ui.http.answer(kIvanDeactivate, 202, nlohmann::json(handover(JobState::queued, {0, 0, 0, 0}, "counting")).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.app.state.users.deactivation.leaver_id.empty());
    EXPECT_TRUE(ui.shows("Передача дел: Иван Петров › Ольга Ким"));
    EXPECT_TRUE(ui.shows("Считаем записи…"));
    EXPECT_TRUE(ui.shows("Сделки: 0 из 120"));
    EXPECT_TRUE(ui.shows("Всего: 0 из 175"));
    EXPECT_TRUE(ui.shows(ui_text::users_handover_running.ru));   // no second handover for Иван
    EXPECT_GE(seconds_until_next_poll(ui.app.state), 0);

    ui.frames(61);
    ASSERT_TRUE(ui.http.has_request(kHandoverH1));
    Handover moving = handover(JobState::running, {120, 20, 0, 0});
    moving.next_in_seconds = 2;
    ASSERT_TRUE(ui.http.answer(kHandoverH1, 200, nlohmann::json(moving).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Передаём записи…"));
    EXPECT_TRUE(ui.shows("Сделки: 120 из 120"));
    EXPECT_TRUE(ui.shows("Контакты: 20 из 40"));
    EXPECT_TRUE(ui.shows("Всего: 140 из 175"));
    EXPECT_EQ(ui.inspector.find_all_containing("Следующая порция через 2 с").size(), 1u);

    ui.frames(61);
    Handover done = handover(JobState::done, {120, 40, 3, 12}, "finished");
    done.deactivation = "deactivated";
    ASSERT_TRUE(ui.http.answer(kHandoverH1, 200, nlohmann::json(done).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Всего: 175 из 175"));
    EXPECT_TRUE(ui.shows("Пользователь Иван Петров деактивирован; все дела переданы: Ольга Ким."));
    EXPECT_TRUE(ui.http.has_request(kUsersPath));   // the list and the seats read again
    ASSERT_TRUE(ui.http.answer(kUsersPath, 200, directory_json(amocrm_directory())));
    ui.frames(180);
    EXPECT_FALSE(ui.http.has_request(kHandoverH1));   // ended: nothing more is asked
    EXPECT_LT(seconds_until_next_poll(ui.app.state), 0);
}

TEST_F(DeactivateUser, AStartWhoseAnswerWasLostGoesAgainWithTheSameKey) {
    choose_olga();
    ASSERT_TRUE(ui.click("Передать дела и деактивировать"));
    ASSERT_TRUE(ui.click("Да, передать"));
    const std::string key = ui.http.find(kIvanDeactivate)->idempotency_key;
    ASSERT_TRUE(ui.http.fail_network(kIvanDeactivate));
    ui.frames(2);
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::proxy_unreachable).ru));
    ASSERT_TRUE(ui.click("Повторить"));
    const HttpRequest* again = ui.http.find(kIvanDeactivate);
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->idempotency_key, key);
}

TEST_F(DeactivateUser, ARefusalToStartSaysWhyAndWhatToDo) {
    choose_olga();
    ASSERT_TRUE(ui.click("Передать дела и деактивировать"));
    ASSERT_TRUE(ui.click("Да, передать"));
    ASSERT_TRUE(ui.http.answer(kIvanDeactivate, 409, R"({"error":{"code":"crm_user_inactive"}})"));
    ui.frames(2);
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_user_inactive).ru));
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::crm_user_inactive).ru));
    EXPECT_FALSE(ui.shows("Повторить"));   // an answer, not a lost one: nothing to send again as is
}

TEST_F(DeactivateUser, AHandoverRunningElsewhereShowsOnOpeningAndIsFollowed) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory(), {handover(JobState::running, {60, 0, 0, 0})});
    EXPECT_TRUE(ui.shows("Передача дел: Иван Петров › Ольга Ким"));
    EXPECT_TRUE(ui.shows("Сделки: 60 из 120"));
    EXPECT_FALSE(ui.shows("Деактивировать 2"));   // one handover per leaver
    ui.frames(61);
    ASSERT_TRUE(ui.http.has_request(kHandoverH1));
}

// Newest first whatever order the proxy lists them in; those of the same second keep its order.
TEST_F(DeactivateUser, HandoversAreShownNewestFirstKeepingTheOrderOfTheSameSecond) {
    sign_in(ui, true);
    std::vector<Handover> listed;
    for (auto [id, at] : {std::pair{"old", 100}, {"same-a", 200}, {"new", 300}, {"same-b", 200}}) {
        Handover h = handover(JobState::done, {120, 0, 0, 0});
        h.id = id;
        h.created_at = at;
        listed.push_back(h);
    }
    open_with(ui, amocrm_directory(), listed);
    std::vector<std::string> shown;
    for (const Handover& h : ui.app.state.users.handovers.shown) shown.push_back(h.id);
    EXPECT_EQ(shown, (std::vector<std::string>{"new", "same-a", "same-b", "old"}));
}

TEST_F(DeactivateUser, DeactivationByHandSaysWhyAndWhatToDoAndListsRefusedRecords) {
    sign_in(ui, true);
    Handover h = handover(JobState::done, {118, 40, 3, 12}, "finished");
    h.kinds[0].refused = {"5012", "5013"};
    h.deactivation = "by_hand";
    h.deactivation_error = "crm_deactivate_unavailable";
    open_with(ui, amocrm_directory(), {h});
    EXPECT_TRUE(ui.shows(ui_text::users_by_hand.ru));
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_deactivate_unavailable).ru));
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::crm_deactivate_unavailable).ru));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);   // «Настройки › Пользователи»: the font has no arrows
    EXPECT_TRUE(ui.shows("CRM не передала записей: 2. Передайте их вручную в CRM:"));
    EXPECT_TRUE(ui.shows("Сделки: № 5012, 5013"));
    EXPECT_LT(seconds_until_next_poll(ui.app.state), 0);
}

TEST_F(DeactivateUser, AStoppedHandoverSaysWhy) {
    sign_in(ui, true);
    Handover h = handover(JobState::stopped, {10, 0, 0, 0});
    h.stop_reason = "crm_api_blocked";
    open_with(ui, amocrm_directory(), {h});
    EXPECT_TRUE(ui.shows("Передача остановлена:"));
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_api_blocked).ru));
}

TEST_F(DeactivateUser, AnAdministratorOrACrmWithoutDeactivationIsSaidBeforeTheRecordsMove) {
    sign_in(ui, true);
    UserDirectory d = amocrm_directory();
    d.users[2].is_admin = true;
    open_with(ui, d);
    ASSERT_TRUE(ui.click("Деактивировать 3"));
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_user_is_admin).ru));

    UiHarness other(1.0f, ImVec2(900, 3000));
    sign_in(other, true);
    d = amocrm_directory();
    d.abilities.deactivate = false;
    open_with(other, d);
    ASSERT_TRUE(other.click("Деактивировать 2"));
    EXPECT_TRUE(other.shows(error_text(ErrorCode::crm_deactivate_unavailable).ru));
}

TEST_F(DeactivateUser, ACrmThatDeactivatesNoOneThroughItsApiSaysSoOnceWithTheStepsByHand) {
    sign_in(ui, true);
    UserDirectory d = amocrm_directory();
    d.abilities.deactivate = false;
    d.abilities.reassign = false;
    open_with(ui, d);
    EXPECT_EQ(ui.inspector.find_all_containing(error_text(ErrorCode::crm_deactivate_unavailable).ru).size(), 1u);
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::crm_deactivate_unavailable).ru));
    EXPECT_FALSE(ui.shows("Деактивировать 2"));
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_user_is_integration).ru));   // still said by its user
}

TEST_F(DeactivateUser, Bitrix24NamesItsLeadsAndDealsApart) {
    EXPECT_STREQ(record_kind_text(RecordKind::lead, "bitrix24").ru, "Лиды");
    EXPECT_STREQ(record_kind_text(RecordKind::deal, "bitrix24").ru, "Сделки");
    EXPECT_STREQ(record_kind_text(RecordKind::lead, "amocrm").ru, "Сделки");
    EXPECT_STREQ(record_kind_text(RecordKind::task, "amocrm").en, "Tasks");
}

} // namespace
} // namespace gd::test
