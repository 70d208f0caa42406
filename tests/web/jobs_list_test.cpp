// The jobs list, as a manager sees it: given the group's jobs and the account's running ones, the
// list says what each does, who asked, how far it is, what it waits for, and stops the one asked.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/jobs_list.h"
#include "web/state/member_actions.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

const Group kGroup{"120363000000000001@g.us", "Клиенты — Москва", 3, true};
const Group kOther{"120363000000000002@g.us", "Оптовики Урал", 48, true};
const std::string kRunningPath = std::string(routes::kJobs) + "?running=1";

std::string group_jobs_path(const Group& g) { return std::string(routes::kJobs) + "?group_id=" + routes::url_encode(g.id); }

std::string members_of(const Group& g) {
    ParticipantList list{g,
                         {{"79990000001@c.us", "+79990000001", "Мы", ParticipantRole::admin},
                          {"79161112233@c.us", "+79161112233", "Иван Петров", ParticipantRole::member}}};
    return nlohmann::json(list).dump();
}

Job job(const std::string& id, const Group& g, JobState state, int finished, int total, int64_t created_at = 1700000000) {
    Job j;
    j.id = id;
    j.group_id = g.id;
    j.group_name = g.name;
    j.state = state;
    j.finished = finished;
    j.total = total;
    j.created_at = created_at;
    j.requested_by = {RequesterKind::person, "Анна Смирнова"};
    return j;
}

Job waiting(const std::string& id, JobWait wait, double next_in, int attempts = 0) {
    Job j = job(id, kGroup, JobState::running, 1, 5);
    j.waiting_for = wait;
    j.next_in_seconds = next_in;
    j.attempts = attempts;
    return j;
}

std::string list_of(std::vector<Job> jobs) { return nlohmann::json(JobList{std::move(jobs)}).dump(); }

struct JobsListPanel : ::testing::Test {
    // Tall enough that every row of a short list is in view; the narrow test makes its own.
    UiHarness ui{1.0f, ImVec2(900, 3000)};

    void SetUp() override { ui.app.state.session_token = "t"; }

    // Opens the group with these jobs in its list and these running in the account.
    void open(const Group& g, std::vector<Job> group_jobs, std::vector<Job> running, UiHarness* on = nullptr) {
        UiHarness& u = on ? *on : ui;
        u.app.state.groups.data = {kGroup, kOther};
        u.app.state.groups.status = LoadStatus::loaded;
        open_group(u.app, g.id);
        ASSERT_TRUE(u.http.answer(routes::group_participants(g.id), 200, members_of(g)));
        ASSERT_TRUE(u.http.answer(group_jobs_path(g), 200, list_of(std::move(group_jobs))));
        ASSERT_TRUE(u.http.answer(kRunningPath, 200, list_of(std::move(running))));
        u.frames(3);
    }
};

TEST_F(JobsListPanel, EachWaitingReasonIsSaidInWordsWithItsTime) {
    std::vector<Job> jobs = {waiting("pacing", JobWait::pacing, 11.2), waiting("retry", JobWait::retry, 40, 1),
                             waiting("number", JobWait::number_state, 5), waiting("turn", JobWait::turn, 0)};
    open(kGroup, jobs, jobs);
    EXPECT_TRUE(ui.shows("Пауза между добавлениями: 12 с"));   // rounded up: never "0 s" while it waits
    EXPECT_TRUE(ui.shows("Повтор через 40 с (попытка 2)"));    // one try failed: the next is the second
    EXPECT_TRUE(ui.shows("Ждёт, пока номер снова подключится"));
    EXPECT_TRUE(ui.shows("Ждёт своей очереди"));
    EXPECT_EQ(ui.inspector.find_all_containing("Выполняется").size(), 4u);
    EXPECT_EQ(ui.inspector.find_all_containing("Инициатор: Анна Смирнова").size(), 4u);
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);

    ASSERT_TRUE(ui.click("English"));
    EXPECT_TRUE(ui.shows("Pause between adds: 12 s"));
    EXPECT_TRUE(ui.shows("Retry in 40 s (attempt 2)"));
    EXPECT_TRUE(ui.shows("Waiting for the number to reconnect"));
    EXPECT_TRUE(ui.shows("Waiting for its turn"));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(JobsListPanel, ALongWaitIsSaidInMinutesAndAFinishedJobWaitsForNothing) {
    EXPECT_EQ(job_waiting_text(waiting("a", JobWait::retry, 125, 3), Lang::ru), "Повтор через 2 мин 5 с (попытка 4)");
    Job done = waiting("b", JobWait::pacing, 9);
    done.state = JobState::done;
    EXPECT_EQ(job_waiting_text(done, Lang::ru), "");
    EXPECT_EQ(job_waiting_text(waiting("c", JobWait::nothing, 0), Lang::ru), "");
}

TEST_F(JobsListPanel, ProgressShowsFinishedOfTotal) {
    open(kGroup, {job("j1", kGroup, JobState::running, 3, 10)}, {job("j1", kGroup, JobState::running, 3, 10)});
    EXPECT_TRUE(ui.shows("Выполнено 3 из 10"));
    EXPECT_FLOAT_EQ(job_fraction(job("j1", kGroup, JobState::running, 3, 10)), 0.3f);
    EXPECT_FLOAT_EQ(job_fraction(job("j2", kGroup, JobState::done, 0, 0)), 1.0f);      // nobody to change: done
    EXPECT_FLOAT_EQ(job_fraction(job("j3", kGroup, JobState::queued, 0, 0)), 0.0f);

    // The next poll moves the bar (the list's, and the member panel's that follows this job).
    ui.frames(61);
    ASSERT_TRUE(ui.http.answer(kRunningPath, 200, list_of({job("j1", kGroup, JobState::running, 7, 10)})));
    ui.frames(2);
    EXPECT_EQ(jobs_of_open_group(ui.app.state).at(0).finished, 7);
    ASSERT_TRUE(ui.http.answer(routes::job("j1"), 200, nlohmann::json(job("j1", kGroup, JobState::running, 7, 10)).dump()));
    ui.frames(2);
    EXPECT_EQ(ui.inspector.find_all_containing("Выполнено 7 из 10").size(), 2u);
    EXPECT_FALSE(ui.shows("Выполнено 3 из 10"));
}

TEST_F(JobsListPanel, StopSendsTheCancelForThatJobOnly) {
    std::vector<Job> jobs = {job("job-2", kGroup, JobState::queued, 0, 4, 1700000100),
                             job("job-1", kGroup, JobState::running, 2, 4, 1700000000)};
    open(kGroup, jobs, {jobs[1], jobs[0]});
    ASSERT_TRUE(ui.shows("Остановить job-1"));
    ASSERT_TRUE(ui.click("Остановить job-2"));
    EXPECT_TRUE(ui.http.has_request(routes::job_cancel("job-2")));
    EXPECT_FALSE(ui.http.has_request(routes::job_cancel("job-1")));
    // A second press while the first is on its way sends nothing more.
    int sent = ui.http.sent;
    ui.click("Остановить job-2");
    EXPECT_EQ(ui.http.sent, sent);

    Job cancelled = jobs[0];
    cancelled.state = JobState::cancelled;
    ASSERT_TRUE(ui.http.answer(routes::job_cancel("job-2"), 200, nlohmann::json(cancelled).dump()));
    ui.frames(2);
    // The lists are read again and say so; a cancelled job has nothing left to stop.
    ASSERT_TRUE(ui.http.answer(kRunningPath, 200, list_of({jobs[1]})));
    ASSERT_TRUE(ui.http.answer(group_jobs_path(kGroup), 200, list_of({cancelled, jobs[1]})));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Отменено"));
    EXPECT_FALSE(ui.shows("Остановить job-2"));
    EXPECT_TRUE(ui.shows("Остановить job-1"));
}

TEST_F(JobsListPanel, ARunningJobOfAnotherGroupIsListedUnderTheAccountsRunningJobs) {
    Job robots = job("robot-job", kOther, JobState::running, 1, 3);
    robots.requested_by = {RequesterKind::robot, "Сделка на этапе «Оплата»"};
    robots.waiting_for = JobWait::pacing;
    robots.next_in_seconds = 8;
    open(kGroup, {job("old", kGroup, JobState::done, 2, 2)}, {robots});
    EXPECT_TRUE(ui.shows("Задания"));

    // Not among this group's jobs...
    EXPECT_TRUE(ui.shows("Готово"));
    EXPECT_FALSE(ui.shows("Инициатор: робот CRM «Сделка на этапе «Оплата»»"));
    // ...but under the account's running ones, with its group's name and who asked.
    ASSERT_TRUE(ui.click("Идут сейчас (1)"));
    EXPECT_TRUE(ui.shows("Добавить в группу · Оптовики Урал"));
    EXPECT_TRUE(ui.shows("Инициатор: робот CRM «Сделка на этапе «Оплата»»"));
    EXPECT_TRUE(ui.shows("Пауза между добавлениями: 8 с"));
    EXPECT_TRUE(ui.shows("Остановить robot-job"));
    EXPECT_FALSE(ui.shows("Готово"));

    // The groups screen lists it too.
    ASSERT_TRUE(ui.click("Назад"));
    EXPECT_TRUE(ui.shows("Идущие задания (1)"));
    EXPECT_TRUE(ui.shows("Добавить в группу · Оптовики Урал"));
    ASSERT_TRUE(ui.click("Остановить robot-job"));
    EXPECT_TRUE(ui.http.has_request(routes::job_cancel("robot-job")));
}

TEST_F(JobsListPanel, AStoppedJobGivesItsReasonAndTheNextStep) {
    Job stopped = job("s", kGroup, JobState::stopped, 2, 5);
    stopped.stop_reason = error_code_name(ErrorCode::number_banned);
    open(kGroup, {stopped}, {});
    EXPECT_TRUE(ui.shows("Остановлено из-за ошибки"));
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::number_banned).ru));
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::number_banned).ru));
    EXPECT_FALSE(ui.shows("Остановить s"));
}

TEST_F(JobsListPanel, AJobStartedHereIsListedAtOnceBeforeItHasReadTheGroup) {
    open(kGroup, {job("old", kGroup, JobState::done, 1, 1, 1700000000)}, {});
    ui.app.state.members.people_text = "+79265554433";
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    Job started = job("new", kGroup, JobState::queued, 0, 1, 1700000500);
    started.group_name = "";   // the 202 comes before the job has read the group
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 202, nlohmann::json(started).dump()));
    ui.frames(2);
    std::vector<Job> shown = jobs_of_open_group(ui.app.state);
    ASSERT_EQ(shown.size(), 2u);
    EXPECT_EQ(shown[0].id, "new");   // newest first
    EXPECT_EQ(job_title(ui.app.state, shown[0], Lang::ru, true), "Добавить в группу · Клиенты — Москва");
    EXPECT_TRUE(ui.shows("Остановить new"));
}

// Newest first; jobs of the same second keep the proxy's order.
TEST_F(JobsListPanel, JobsAreListedNewestFirstKeepingTheProxysOrderWithinASecond) {
    open(kGroup,
         {job("same-a", kGroup, JobState::done, 1, 1, 1700000200), job("old", kGroup, JobState::done, 1, 1, 1700000100),
          job("same-b", kGroup, JobState::done, 1, 1, 1700000200), job("new", kGroup, JobState::done, 1, 1, 1700000300)},
         {});
    std::vector<std::string> ids;
    for (const Job& j : jobs_of_open_group(ui.app.state)) ids.push_back(j.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"new", "same-a", "same-b", "old"}));
}

TEST_F(JobsListPanel, TheListIsPolledWhileAJobIsUnfinishedAndTheGroupReadAgainWhenOneEnds) {
    // The panel follows the newest (a person's); a webhook's older job runs beside it.
    Job mine = job("mine", kGroup, JobState::running, 0, 2, 1700000100);
    Job hooks = job("hook", kGroup, JobState::running, 0, 2, 1700000000);
    hooks.requested_by = {RequesterKind::webhook, "shop"};
    open(kGroup, {mine, hooks}, {hooks, mine});
    EXPECT_TRUE(ui.shows("Инициатор: вебхук «shop»"));
    EXPECT_GE(seconds_until_next_tick(ui.app.state), 0);
    ui.frames(61);
    ASSERT_TRUE(ui.http.answer(kRunningPath, 200, list_of({mine})));   // the webhook's has ended
    ui.frames(2);
    // It changed the group: the group's jobs and members are read again.
    EXPECT_TRUE(ui.http.has_request(group_jobs_path(kGroup)));
    EXPECT_TRUE(ui.http.has_request(routes::group_participants(kGroup.id)));
    hooks.state = JobState::done;
    hooks.finished = 2;
    ASSERT_TRUE(ui.http.answer(group_jobs_path(kGroup), 200, list_of({mine, hooks})));
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kGroup.id), 200, members_of(kGroup)));
    ui.frames(2);
    EXPECT_EQ(ui.inspector.find_all_containing("Готово").size(), 1u);

    // The followed one ends too: nothing is unfinished, so polling stops.
    mine.state = JobState::done;
    mine.finished = 2;
    while (ui.http.answer(routes::job("mine"), 200, nlohmann::json(mine).dump())) ui.frames(2);
    while (ui.http.answer(kRunningPath, 200, list_of({}))) ui.frames(2);
    while (ui.http.answer(group_jobs_path(kGroup), 200, list_of({mine, hooks}))) ui.frames(2);
    ui.frames(120);
    EXPECT_FALSE(ui.http.has_request(kRunningPath));
    EXPECT_FALSE(ui.http.has_request(routes::job("mine")));
    EXPECT_LT(seconds_until_next_tick(ui.app.state), 0);
    EXPECT_EQ(ui.inspector.find_all_containing("Готово").size(), 2u);
}

TEST_F(JobsListPanel, ResultsOfAnEarlierJobOpenInTheMemberPanel) {
    Job earlier = job("earlier", kGroup, JobState::done, 1, 1);
    open(kGroup, {earlier}, {});
    ASSERT_TRUE(ui.click("Результаты earlier"));
    earlier.items = {{"+79265554433", "+79265554433", "Олег", ChangeOutcome::privacy_blocked}};
    ASSERT_TRUE(ui.http.answer(routes::job("earlier"), 200, nlohmann::json(earlier).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Настройки приватности не разрешают добавлять его в группы."));
    EXPECT_FALSE(ui.shows("Результаты earlier"));   // it is the one shown
}

TEST_F(JobsListPanel, AStartThatGotNoAnswerIsSentAgainWithTheSameKey) {
    open(kGroup, {}, {});
    EXPECT_FALSE(ui.shows("Задания"));   // no job anywhere: the members keep the room
    ui.app.state.members.people_text = "+79265554433";
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    auto key_of_pending_change = [&]() -> std::string {
        for (const auto& p : ui.http.pending)
            if (p.request.path == routes::group_changes(kGroup.id)) return p.request.idempotency_key;
        return "<none>";
    };
    std::string first = key_of_pending_change();
    EXPECT_EQ(first.size(), 32u);
    ASSERT_TRUE(ui.http.fail_network(routes::group_changes(kGroup.id)));
    ui.frames(2);
    ASSERT_TRUE(change_start_lost(ui.app.state));
    ASSERT_TRUE(ui.click("Повторить"));
    EXPECT_EQ(key_of_pending_change(), first);

    // Refused by the proxy is not lost: Повторить does not send it again, ВЫПОЛНИТЬ is a new action.
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 400, R"({"error":{"code":"invalid_phone"}})"));
    ui.frames(2);
    EXPECT_FALSE(change_start_lost(ui.app.state));
    ASSERT_TRUE(ui.click("ВЫПОЛНИТЬ"));
    std::string second = key_of_pending_change();
    EXPECT_EQ(second.size(), 32u);
    EXPECT_NE(second, first);
}

// amoCRM's right-hand panel is about 300 px wide: nothing may stick out of it or sit on another item.
TEST_F(JobsListPanel, InA300PixelPanelEveryItemStaysInsideAndNoneOverlap) {
    UiHarness narrow(1.0f, ImVec2(300, 2400));
    narrow.app.state.session_token = "t";
    narrow.app.state.user = {"1", "Анна Смирнова", /*is_admin=*/true, "amocrm:acc"};
    Job retrying = waiting("retry", JobWait::retry, 95, 2);
    retrying.requested_by = {RequesterKind::robot, "Сделка перешла на этап «Договор подписан»"};
    retrying.action = ParticipantAction::demote;
    Job stopped = job("stopped", kGroup, JobState::stopped, 3, 12);
    stopped.stop_reason = error_code_name(ErrorCode::number_banned);
    Job other = job("other", kOther, JobState::queued, 0, 250);
    other.group_name = "Оптовые покупатели Уральского федерального округа";
    other.waiting_for = JobWait::turn;
    open(kGroup, {retrying, stopped, job("done", kGroup, JobState::done, 12, 12)}, {retrying, other}, &narrow);

    auto check_layout = [&](const char* where) {
        for (const std::string& problem : layout_problems(narrow.inspector, 300.0f)) ADD_FAILURE() << where << ": " << problem;
    };
    ASSERT_TRUE(narrow.shows("Повтор через 1 мин 35 с (попытка 3)"));
    check_layout("the group's jobs");
    ASSERT_TRUE(narrow.click("Идут сейчас (2)"));
    ASSERT_TRUE(narrow.shows("Ждёт своей очереди"));
    check_layout("the running jobs");
    ASSERT_TRUE(narrow.click("Назад"));
    ASSERT_TRUE(narrow.shows("Идущие задания (2)"));
    check_layout("the groups screen");
}

} // namespace
} // namespace gd::test
