// The activity log screen, the connected number's state on every screen, and a job left running.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/member_actions.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

std::string status_body(ConnectionStatus status, int adds_today = 3) {
    GatewayStatus s;
    s.connection = {status, "+79990000001"};
    s.adds_today = adds_today;
    s.adds_per_day = 100;
    return nlohmann::json(s).dump();
}

// An administrator signed in from a CRM card, on the «Журнал» screen.
void open_the_log(UiHarness& ui) {
    ui.app.state.session_token = "session-from-a-crm-card";
    ui.app.state.user = {"1", "Анна", /*is_admin=*/true, "bitrix24:portal"};
    start_app(ui.app);
    ui.http.answer(routes::kGroups, 200, R"({"groups":[]})");
    ui.http.answer(routes::kConnection, 200, status_body(ConnectionStatus::connected));
    ui.frames(2);
    ASSERT_TRUE(ui.click("Журнал"));
    ASSERT_EQ(ui.app.state.screen, Screen::audit);
}

// The proxy answers the log's request with `page`, and the screen draws it.
void answer_the_log(UiHarness& ui, const AuditPage& page) {
    ASSERT_TRUE(ui.http.answer(std::string(routes::kAudit) + "?limit=200", 200, nlohmann::json(page).dump()));
    ui.frames(2);
}

TEST(ActivityLog, TheLogListsWhoDidWhatNewestFirst) {
    UiHarness ui;
    ASSERT_NO_FATAL_FAILURE(open_the_log(ui));
    AuditPage page{{{"2026-11-23T09:00:00Z", "widget", "add", "1@g.us", "Клиенты — Москва", "+79165550102", "privacy_blocked"},
                    {"2026-11-23T08:59:00Z", "widget", "invite_link_sent", "1@g.us", "Клиенты — Москва", "+79165550103", "done"},
                    {"2026-11-23T08:58:00Z", "widget", "remove", "1@g.us", "Клиенты — Москва", "+79165550104", "gateway_unavailable"},
                    {"2026-11-23T08:57:00Z", "widget", "privacy_retry", "1@g.us", "Клиенты — Москва", "+79165550105", "done"}}};
    page.entries[0].phone_display = "+7 916 555-01-02";   // the others as an older proxy sent them
    ASSERT_NO_FATAL_FAILURE(answer_the_log(ui, page));
    EXPECT_EQ(ui.app.state.rows_shown, 4);
    EXPECT_TRUE(ui.shows("Снова предложен к добавлению"));   // «Повторить» after a privacy refusal
    EXPECT_TRUE(ui.shows("+7 916 555-01-02"));   // phones as people read them
    EXPECT_FALSE(ui.shows("+79165550102"));
    EXPECT_TRUE(ui.shows("+79165550103"));
    EXPECT_TRUE(ui.shows("Настройки приватности не разрешают добавлять его в группы."));
    EXPECT_TRUE(ui.shows("Готово."));
    EXPECT_TRUE(ui.shows("Шлюз WhatsApp не отвечает."));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
    ASSERT_TRUE(ui.click("Назад"));
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
}

TEST(ActivityLog, TheUsersScreensDoingsAreNamedAsSuchNotAsGroupChanges) {
    UiHarness ui;
    ASSERT_NO_FATAL_FAILURE(open_the_log(ui));
    // As the proxy writes them (proxy/domain/user_admin.cpp, handover_jobs.cpp).
    AuditPage page{{{"2026-11-23T09:05:00Z", "Анна", "crm_user_deactivated", "7", "Олег Ким", "oleg@example.ru", "done"},
                    {"2026-11-23T09:04:00Z", "Анна", "crm_handover_started", "7", "Олег Ким › Вера Соколова", "", "queued"},
                    {"2026-11-23T09:03:00Z", "Анна", "crm_seats_entered", "", "", "", "12 paid, 3 technical"},
                    {"2026-11-23T09:02:00Z", "Анна", "crm_user_added", "", "Иван Петров", "ivan@example.ru", "crm_no_free_seat"},
                    {"2026-11-23T09:01:00Z", "Анна", "crm_deactivation_by_hand", "8", "Ян Ли", "yan@example.ru", "crm_deactivate_unavailable"},
                    {"2026-11-23T09:00:00Z", "Анна", "robot_paused", "", "", "", "done"}}};
    ASSERT_NO_FATAL_FAILURE(answer_the_log(ui, page));
    EXPECT_EQ(ui.app.state.rows_shown, 6);
    for (const char* shown : {"Пользователь деактивирован", "Передача дел", "Начато.", "Лицензии введены",
                              "Оплачено: 12, технических: 3.", "Добавить пользователя CRM", "Деактивировать вручную",
                              "Олег Ким › Вера Соколова", "oleg@example.ru", "robot_paused"})
        EXPECT_TRUE(ui.shows(shown)) << shown;
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_no_free_seat).ru));
    EXPECT_FALSE(ui.shows("Добавить в группу")) << "no row of the users screen reads as a group change";
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST(ActivityLog, AManagerIsNotOfferedTheLog) {
    UiHarness ui;
    ui.app.state.session_token = "session-from-a-crm-card";
    start_app(ui.app);
    ui.http.answer(routes::kGroups, 200, R"({"groups":[]})");
    ui.http.answer(routes::kConnection, 200, status_body(ConnectionStatus::connected));
    ASSERT_TRUE(ui.http.answer(routes::kSession, 200,
                               nlohmann::json(SessionUser{"5", "Борис", false, "bitrix24:portal"}).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Борис"));
    EXPECT_FALSE(ui.shows("Журнал"));
    open_audit(ui.app);   // nor can it be reached another way
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_FALSE(ui.http.has_request(std::string(routes::kAudit) + "?limit=200"));
}

TEST(NumberState, ABannedNumberIsSaidOnEveryScreen) {
    UiHarness ui;
    ui.app.state.session_token = "session-from-a-crm-card";
    ui.app.state.user = {"1", "Анна", /*is_admin=*/true, "bitrix24:portal"};
    start_app(ui.app);
    ui.http.answer(routes::kGroups, 200, R"({"groups":[]})");
    ui.http.answer(routes::kConnection, 200, status_body(ConnectionStatus::banned));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Номер WhatsApp заблокирован: все изменения остановлены."));
    ASSERT_TRUE(ui.click("Журнал"));
    EXPECT_TRUE(ui.shows("Номер WhatsApp заблокирован: все изменения остановлены."));
}

TEST(NumberState, TodaysAllowanceShowsNextToAdding) {
    UiHarness ui;
    Group g{"120363000000000001@g.us", "Клиенты — Москва", 1, true};
    ui.app.state.groups.data = {g};
    ui.app.state.groups.status = LoadStatus::loaded;
    load_gateway_status(ui.app);
    ui.http.answer(routes::kConnection, 200, status_body(ConnectionStatus::connected, 7));
    open_group(ui.app, g.id);
    ui.http.answer(routes::group_participants(g.id), 200, nlohmann::json(ParticipantList{g, {}}).dump());
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Сегодня добавлено: 7 из 100"));
}

TEST(ReopenedWidget, AJobLeftRunningIsFollowedAgain) {
    UiHarness ui;
    Group g{"120363000000000001@g.us", "Клиенты — Москва", 1, true};
    ui.app.state.groups.data = {g};
    ui.app.state.groups.status = LoadStatus::loaded;
    open_group(ui.app, g.id);
    ui.http.answer(routes::group_participants(g.id), 200, nlohmann::json(ParticipantList{g, {}}).dump());
    Job running;
    running.id = "job-7";
    running.group_id = g.id;
    running.state = JobState::running;
    running.total = 2;
    running.finished = 1;
    running.items = {{"+79165550101", "+79165550101", "", ChangeOutcome::done, "+7 916 555-01-01"},
                     {"+79165550102", "+79165550102", "", ChangeOutcome::pending, "+7 916 555-01-02"}};
    const std::string jobs_path = std::string(routes::kJobs) + "?group_id=" + routes::url_encode(g.id);
    ASSERT_TRUE(ui.http.answer(jobs_path, 200, nlohmann::json(JobList{{running}}).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Выполнено 1 из 2"));
    EXPECT_TRUE(ui.shows("+7 916 555-01-01"));   // each person's phone as people read it
    ui.frames(2);
    EXPECT_TRUE(ui.http.has_request(routes::job("job-7")));
}

} // namespace
} // namespace gd::test
