// «Роботы», as an administrator sees it: given the proxy's robot runs, the screen says when,
// which deal (with its card a click away), what started it, the group and the action, how far a
// run is, the result per person and whether the CRM got it; it is read again while a run is
// unfinished, and only administrators have it.
#include "tests/web/ui_harness.h"

#include "shared/outcomes.h"
#include "shared/routes.h"
#include "web/state/api_decode.h"
#include "web/state/app_actions.h"
#include "web/state/robot_runs.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace gd::test {
namespace {

const std::string kRunsPath = std::string(routes::kRobotRuns) + "?limit=50";
const int64_t kNov30At1105Utc = 1796036700;   // 2026-11-30 11:05:00 UTC

// Moscow time without tzdata: POSIX "MSK-3" is UTC+3.
struct MoscowTime {
    std::string before;
    MoscowTime() {
        if (const char* tz = std::getenv("TZ")) before = tz;
        setenv("TZ", "MSK-3", 1);
        tzset();
    }
    ~MoscowTime() {
        if (before.empty()) unsetenv("TZ");
        else setenv("TZ", before.c_str(), 1);
        tzset();
    }
};

RobotRun run(const std::string& id, JobState state, int finished, int total) {
    RobotRun r;
    r.job.id = id;
    r.job.group_id = "120363000000000001@g.us";
    r.job.group_name = "Клиенты — Москва";
    r.job.action = ParticipantAction::add;
    r.job.state = state;
    r.job.finished = finished;
    r.job.total = total;
    r.job.created_at = kNov30At1105Utc;
    r.job.requested_by = {RequesterKind::robot, "Робот «Управление группой»"};
    r.crm = "bitrix24";
    r.entity = {EntityKind::deal, "101"};
    r.entity_title = "Поставка оборудования";
    r.entity_url = "https://example.bitrix24.ru/crm/deal/details/101/";
    r.trigger = "Сделка: этап «Переговоры»";
    r.people_from_entity = true;
    r.invite_on_failure = true;
    r.report = "due";
    return r;
}

std::string list_of(std::vector<RobotRun> runs) { return nlohmann::json(RobotRunList{std::move(runs)}).dump(); }

std::string health(const char* mode) { return nlohmann::json(Health{"ok", mode, "1", ""}).dump(); }

struct RobotsScreen : ::testing::Test {
    MoscowTime moscow;
    UiHarness ui{1.0f, ImVec2(900, 3000)};

    void sign_in(UiHarness& u, bool admin, const char* mode = "live") {
        u.app.state.session_token = "t";
        u.app.state.user = {"anna", "Анна Смирнова", admin, "bitrix24:portal"};
        start_app(u.app);
        ASSERT_TRUE(u.http.answer(routes::kHealth, 200, health(mode)));
        u.frames(2);
    }
    void open_with(UiHarness& u, std::vector<RobotRun> runs) {
        ASSERT_TRUE(u.click("Роботы"));
        ASSERT_EQ(u.app.state.screen, Screen::robots);
        ASSERT_TRUE(u.http.answer(kRunsPath, 200, list_of(std::move(runs))));
        u.frames(2);
    }
};

TEST_F(RobotsScreen, OnlyAnAdministratorHasTheScreen) {
    sign_in(ui, /*admin=*/false);
    EXPECT_FALSE(ui.shows("Роботы"));
    EXPECT_FALSE(robots_screen_allowed(ui.app.state));
    int sent = ui.http.sent;
    open_robot_runs(ui.app);   // what the proxy would refuse is not asked at all
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_EQ(ui.http.sent, sent);

    UiHarness admin;
    sign_in(admin, /*admin=*/true);
    EXPECT_TRUE(admin.shows("Журнал"));
    ASSERT_TRUE(admin.click("Роботы"));
    EXPECT_EQ(admin.app.state.screen, Screen::robots);
    EXPECT_TRUE(admin.http.has_request(kRunsPath));
    EXPECT_TRUE(admin.shows("Роботы CRM"));
}

TEST_F(RobotsScreen, ARunSaysWhenWhichDealWhatStartedItAndTheResultPerPerson) {
    sign_in(ui, true);
    RobotRun r = run("job-1", JobState::done, 4, 4);
    r.report = "done";
    r.job.items = {{"+79165551234", "+79165551234", "Иван Петров", ChangeOutcome::done},
                   {"+79267770011", "+79267770011", "Ольга", ChangeOutcome::invite_sent},
                   {"+74957775533", "+74957775533", "", ChangeOutcome::not_on_whatsapp},
                   {"+79031112233", "+79031112233", "Пётр", ChangeOutcome::already_member}};
    open_with(ui, {r});
    EXPECT_TRUE(ui.shows("30.11.2026 14:05 · Bitrix24"));   // local time: Moscow is UTC+3
    EXPECT_TRUE(ui.shows("Сделка «Поставка оборудования»"));
    EXPECT_TRUE(ui.shows("Сделка: этап «Переговоры»"));
    EXPECT_TRUE(ui.shows("Добавить в группу · Клиенты — Москва"));
    EXPECT_TRUE(ui.shows("Кому: контакты сделки или лида"));
    EXPECT_TRUE(ui.shows("Если добавить не удалось, человеку отправляется пригласительная ссылка."));
    EXPECT_TRUE(ui.shows("Готово"));
    EXPECT_TRUE(ui.shows("+79165551234 · Иван Петров"));
    EXPECT_TRUE(ui.shows("Добавлен в группу."));
    EXPECT_TRUE(ui.shows(outcome_text(ChangeOutcome::invite_sent, ParticipantAction::add).ru));
    EXPECT_TRUE(ui.shows(outcome_next_step(ChangeOutcome::invite_sent).ru));
    EXPECT_TRUE(ui.shows("+74957775533"));
    EXPECT_TRUE(ui.shows(outcome_next_step(ChangeOutcome::not_on_whatsapp).ru));
    EXPECT_TRUE(ui.shows("Уже в группе."));
    EXPECT_TRUE(ui.shows("Результат передан в CRM."));
    EXPECT_FALSE(ui.shows("Выполнено 4 из 4"));   // the bar is for a run that still runs
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);

    ASSERT_TRUE(ui.click("English"));
    EXPECT_TRUE(ui.shows("2026-11-30 14:05 · Bitrix24"));
    EXPECT_TRUE(ui.shows("Deal “Поставка оборудования”"));
    EXPECT_TRUE(ui.shows(outcome_text(ChangeOutcome::invite_sent, ParticipantAction::add).en));
    EXPECT_TRUE(ui.shows("The CRM has the result."));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(RobotsScreen, WhetherTheCrmGotTheResultIsSaidInWords) {
    RobotRun r = run("a", JobState::done, 1, 1);
    r.report = "none";
    EXPECT_STREQ(robot_report_text(r).ru, "В CRM результат не передаётся: у этого робота нет обратного канала.");
    r.report = "due";
    EXPECT_STREQ(robot_report_text(r).ru, "Передаём результат в CRM…");
    r.job.state = JobState::running;
    EXPECT_STREQ(robot_report_text(r).ru, "Результат будет передан в CRM, когда запуск закончится.");
    r.report = "failed";
    EXPECT_EQ(std::string(robot_report_text(r).ru).rfind("Результат не удалось передать в CRM.", 0), 0u);
    r.report = "done";
    EXPECT_STREQ(robot_report_text(r).en, "The CRM has the result.");
}

TEST_F(RobotsScreen, AnUntitledLeadIsNamedByItsNumber) {
    RobotRun r = run("a", JobState::done, 0, 0);
    r.entity = {EntityKind::lead, "42"};
    r.entity_title = "";
    EXPECT_EQ(robot_run_entity_text(r, Lang::ru), "Лид № 42");
    EXPECT_EQ(robot_run_entity_text(r, Lang::en), "Lead #42");
    r.crm = "amocrm";
    EXPECT_EQ(robot_run_crm_text(r, Lang::ru), "amoCRM");
}

TEST_F(RobotsScreen, TheDealsCardOpensInANewTabAndOnlyAWebAddressDoes) {
    sign_in(ui, true);
    RobotRun web = run("web", JobState::done, 0, 0);
    RobotRun script = run("script", JobState::done, 0, 0);
    script.entity_url = "javascript:alert(1)";
    RobotRun unknown = run("unknown", JobState::done, 0, 0);
    unknown.entity_url = "";
    open_with(ui, {web, script, unknown});
    EXPECT_TRUE(ui.shows("Открыть в CRM web"));
    EXPECT_FALSE(ui.shows("Открыть в CRM script"));
    EXPECT_FALSE(ui.shows("Открыть в CRM unknown"));
    ASSERT_TRUE(ui.click("Открыть в CRM web"));
    ASSERT_EQ(ui.links.opened.size(), 1u);
    EXPECT_EQ(ui.links.opened[0], web.entity_url);
    // Even if asked directly, a non-web address is never handed to the browser.
    open_robot_run_entity(ui.app, script);
    EXPECT_EQ(ui.links.opened.size(), 1u);
    EXPECT_EQ(ui.inspector.find_all_containing("Менять некого").size(), 3u);
}

TEST_F(RobotsScreen, ARunningRunShowsItsBarAndTheListIsReadAgainUntilEveryRunEnds) {
    sign_in(ui, true);
    RobotRun r = run("job-1", JobState::running, 1, 3);
    r.job.waiting_for = JobWait::pacing;
    r.job.next_in_seconds = 8;
    r.job.items = {{"+79165551234", "+79165551234", "Иван", ChangeOutcome::done},
                   {"+79267770011", "+79267770011", "Ольга", ChangeOutcome::pending}};
    open_with(ui, {r, run("old", JobState::done, 2, 2)});
    EXPECT_TRUE(ui.shows("Выполнено 1 из 3"));
    EXPECT_TRUE(ui.shows("Пауза между добавлениями: 8 с"));
    EXPECT_TRUE(ui.shows("Ждёт очереди."));
    EXPECT_TRUE(ui.shows("Результат будет передан в CRM, когда запуск закончится."));
    EXPECT_GE(seconds_until_next_poll(ui.app.state), 0);

    ui.frames(61);
    ASSERT_TRUE(ui.http.has_request(kRunsPath));
    r.job.state = JobState::done;
    r.job.finished = 3;
    r.job.items[1].outcome = ChangeOutcome::privacy_blocked;
    r.report = "done";
    ASSERT_TRUE(ui.http.answer(kRunsPath, 200, list_of({r, run("old", JobState::done, 2, 2)})));
    ui.frames(2);
    EXPECT_FALSE(ui.shows("Выполнено 1 из 3"));
    EXPECT_TRUE(ui.shows(outcome_text(ChangeOutcome::privacy_blocked, ParticipantAction::add).ru));
    EXPECT_TRUE(ui.shows("Результат передан в CRM."));
    // Every run has ended: nothing more is asked.
    ui.frames(180);
    EXPECT_FALSE(ui.http.has_request(kRunsPath));
    EXPECT_LT(seconds_until_next_poll(ui.app.state), 0);
}

TEST_F(RobotsScreen, ARunningRunIsNotPolledForOnAnotherScreen) {
    sign_in(ui, true);
    open_with(ui, {run("job-1", JobState::running, 0, 2)});
    ASSERT_TRUE(ui.click("Назад"));
    ui.frames(180);
    EXPECT_FALSE(ui.http.has_request(kRunsPath));
}

TEST_F(RobotsScreen, NoRunsYetSaysHowToAddARobotInEachCrm) {
    sign_in(ui, true);
    open_with(ui, {});
    EXPECT_TRUE(ui.shows("Роботы пока ничего не делали."));
    EXPECT_EQ(ui.inspector.find_all_containing("Bitrix24: ").size(), 1u);
    EXPECT_EQ(ui.inspector.find_all_containing("amoCRM: ").size(), 1u);
    EXPECT_TRUE(ui.inspector.find_all_containing("В песочнице").empty());   // a live proxy has no demo pipeline

    UiHarness sandbox;
    sign_in(sandbox, true, "sandbox");
    open_with(sandbox, {});
    EXPECT_EQ(sandbox.inspector.find_all_containing("В песочнице: откройте «Воронку»").size(), 1u);
}

TEST_F(RobotsScreen, AnErrorSaysWhatToDoAndRetryReadsAgain) {
    sign_in(ui, true);
    ASSERT_TRUE(ui.click("Роботы"));
    ASSERT_TRUE(ui.http.answer(kRunsPath, 403, R"({"error":{"code":"forbidden"}})"));
    ui.frames(2);
    ASSERT_NE(visible_error(ui.app.state), nullptr);
    EXPECT_EQ(visible_error(ui.app.state)->code, ErrorCode::forbidden);
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::forbidden).ru));
    ASSERT_TRUE(ui.click("Повторить"));
    ASSERT_TRUE(ui.http.answer(kRunsPath, 200, list_of({run("a", JobState::done, 1, 1)})));
    ui.frames(2);
    EXPECT_EQ(visible_error(ui.app.state), nullptr);
    EXPECT_TRUE(ui.shows("Сделка «Поставка оборудования»"));
}

TEST_F(RobotsScreen, AnAnswerOfTheWrongShapeIsABadResponse) {
    sign_in(ui, true);
    ASSERT_TRUE(ui.click("Роботы"));
    ASSERT_TRUE(ui.http.answer(kRunsPath, 200, R"({"runs":[{"job":{"id":7}}]})"));
    ui.frames(2);
    ASSERT_NE(visible_error(ui.app.state), nullptr);
    EXPECT_EQ(visible_error(ui.app.state)->code, ErrorCode::bad_response);
}

TEST_F(RobotsScreen, ARunWithoutItsOptionalFieldsDecodesWithTheirDefaults) {
    Result<RobotRunList> list = decode_response<RobotRunList>(
        HttpResponse{200, false, R"({"runs":[{"job":{"id":"j","group_id":"g@g.us","state":"queued"},"crm":"amocrm"}]})"});
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->runs.size(), 1u);
    EXPECT_EQ(list->runs[0].report, "none");
    EXPECT_EQ(list->runs[0].entity_url, "");
    EXPECT_EQ(list->runs[0].job.state, JobState::queued);
}

TEST_F(RobotsScreen, SigningOutForgetsTheRuns) {
    sign_in(ui, true);
    open_with(ui, {run("a", JobState::running, 0, 1)});
    ASSERT_TRUE(ui.click("Выйти"));
    EXPECT_EQ(ui.app.state.screen, Screen::sign_in);
    EXPECT_TRUE(ui.app.state.robots.list.data.runs.empty());
}

// amoCRM's right-hand panel is about 300 px wide; a phone 360; and a desktop: nothing is cut.
TEST_F(RobotsScreen, RunsFitA300PixelPanelA360PixelPhoneAndADesktop) {
    for (float width : {300.0f, 360.0f, 1200.0f}) {
        for (Lang lang : {Lang::ru, Lang::en}) {
            UiHarness u(1.0f, ImVec2(width, 4000));
            u.app.state.lang = lang;
            sign_in(u, true, "sandbox");
            RobotRun r = run("long", JobState::running, 3, 12);
            r.entity_title = "Поставка оборудования для Уральского федерального округа, второй этап";
            r.trigger = "Сделка перешла на этап «Договор подписан, ждём предоплату от клиента»";
            r.job.group_name = "Оптовые покупатели Уральского федерального округа";
            r.job.waiting_for = JobWait::retry;
            r.job.next_in_seconds = 95;
            r.job.attempts = 2;
            r.job.items = {{"+79267770011", "+79267770011", "Ольга Александровна Константинопольская", ChangeOutcome::invite_sent},
                           {"+79165551234", "+79165551234", "", ChangeOutcome::unknown}};
            RobotRun stopped = run("stopped", JobState::stopped, 1, 2);
            stopped.job.stop_reason = error_code_name(ErrorCode::number_banned);
            stopped.report = "failed";
            u.app.state.robots.highlighted = {"long"};
            ASSERT_TRUE(u.click_in_top_bar(lang == Lang::ru ? "Роботы" : "Robots"));
            ASSERT_TRUE(u.http.answer(kRunsPath, 200, list_of({r, stopped})));
            u.frames(3);
            ASSERT_EQ(u.app.state.screen, Screen::robots);
            ASSERT_TRUE(u.shows(lang == Lang::ru ? "Выполнено 3 из 12" : "3 of 12 done")) << width;
            for (const std::string& problem : layout_problems(u.inspector, width))
                ADD_FAILURE() << width << " px, " << lang_code(lang) << ": " << problem;
        }
    }
}

} // namespace
} // namespace gd::test
