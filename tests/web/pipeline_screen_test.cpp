// The sandbox's demo pipeline, as a newcomer uses it: the stages with their robots and deals;
// move a deal into the stage with a robot, and the run it started shows right there, person by
// person, until it ends; «Открыть в «Роботах»» finds it marked among every robot's runs.
#include "tests/web/ui_harness.h"

#include "shared/outcomes.h"
#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/sandbox_pipeline.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

const std::string kRunsPath = std::string(routes::kRobotRuns) + "?limit=50";

SandboxPipeline demo_pipeline() {
    SandboxPipeline p;
    p.stages = {{"new", "Новая"}, {"talks", "Переговоры"}, {"won", "Успешно реализовано"}};
    p.deals = {{"101", "Поставка оборудования", "new"}, {"102", "Монтаж вентиляции", "new"}, {"103", "Аудит склада", "won"}};
    p.robots = {{"talks", "120363000000000001@g.us", "Клиенты — Москва", ParticipantAction::add, true}};
    return p;
}

Job started_run(const std::string& id, JobState state, int finished) {
    Job j;
    j.id = id;
    j.group_id = "120363000000000001@g.us";
    j.group_name = "Клиенты — Москва";
    j.action = ParticipantAction::add;
    j.state = state;
    j.total = 2;
    j.finished = finished;
    j.requested_by = {RequesterKind::robot, "Демо-воронка: этап «Переговоры»"};
    return j;
}

struct PipelineScreen : ::testing::Test {
    UiHarness ui{1.0f, ImVec2(900, 3000)};

    void sign_in(UiHarness& u, const char* mode, bool admin = true) {
        u.app.state.session_token = "t";
        u.app.state.user = {"demo", "Демо-менеджер", admin, "standalone"};
        start_app(u.app);
        ASSERT_TRUE(u.http.answer(routes::kHealth, 200, nlohmann::json(Health{"ok", mode, "1", ""}).dump()));
        u.frames(2);
    }
    void open(UiHarness& u) {
        ASSERT_TRUE(u.click(u.app.state.lang == Lang::ru ? "Воронка" : "Pipeline"));
        ASSERT_EQ(u.app.state.screen, Screen::pipeline);
        ASSERT_TRUE(u.http.answer(routes::kSandboxPipeline, 200, nlohmann::json(demo_pipeline()).dump()));
        u.frames(2);
    }
    // Opens the deal's stage chooser and picks a stage.
    void move(UiHarness& u, const std::string& deal_id, const std::string& stage_name) {
        ASSERT_TRUE(u.click("Перевести на этап " + deal_id));
        ASSERT_TRUE(u.click(stage_name));
    }
    void answer_move(UiHarness& u, const std::string& deal_id, const std::string& stage_id, std::vector<Job> runs) {
        StageMoved moved{{deal_id, "Поставка оборудования", stage_id}, std::move(runs)};
        ASSERT_TRUE(u.http.answer(routes::sandbox_deal_stage(deal_id), 202, nlohmann::json(moved).dump()));
        u.frames(2);
    }
};

TEST_F(PipelineScreen, OnlyTheSandboxHasIt) {
    sign_in(ui, "live");
    EXPECT_FALSE(ui.shows("Воронка"));
    open_pipeline(ui.app);
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_FALSE(ui.http.has_request(routes::kSandboxPipeline));

    // Not only administrators: a manager in the sandbox moves deals too.
    UiHarness sandbox;
    sign_in(sandbox, "sandbox", /*admin=*/false);
    EXPECT_FALSE(sandbox.shows("Роботы"));
    ASSERT_TRUE(sandbox.click("Воронка"));
    EXPECT_EQ(sandbox.app.state.screen, Screen::pipeline);
    EXPECT_TRUE(sandbox.http.has_request(routes::kSandboxPipeline));
}

TEST_F(PipelineScreen, StagesInOrderWithTheirRobotsAndDeals) {
    sign_in(ui, "sandbox");
    open(ui);
    EXPECT_TRUE(ui.shows("Этап «Новая»: сделок 2"));
    EXPECT_TRUE(ui.shows("Этап «Переговоры»: сделок 0"));
    EXPECT_TRUE(ui.shows("Робот: когда сделка приходит на этап — Добавить в группу «Клиенты — Москва» (если добавить нельзя — ссылка-приглашение)"));
    EXPECT_EQ(ui.inspector.find_all_containing("Робота на этапе нет.").size(), 2u);
    EXPECT_TRUE(ui.shows("Поставка оборудования"));
    EXPECT_TRUE(ui.shows("Аудит склада"));
    EXPECT_TRUE(ui.shows("Перевести на этап 101"));
    EXPECT_LT(ui.item("Этап «Новая»: сделок 2")->min.y, ui.item("Этап «Переговоры»: сделок 0")->min.y);
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(PipelineScreen, MovingADealIntoTheRobotsStageFollowsTheRunUntilItEnds) {
    sign_in(ui, "sandbox");
    open(ui);
    move(ui, "101", "Переговоры");
    bool asked = false;
    for (const auto& p : ui.http.pending)
        if (p.request.path == routes::sandbox_deal_stage("101")) {
            asked = true;
            EXPECT_EQ(p.request.method, "POST");
            EXPECT_EQ(nlohmann::json::parse(p.request.body), nlohmann::json(StageMove{"talks"}));
        }
    ASSERT_TRUE(asked);
    answer_move(ui, "101", "talks", {started_run("run-1", JobState::queued, 0)});
    EXPECT_TRUE(ui.shows("Сделка «Поставка оборудования» на этапе «Переговоры». Роботы запущены: 1."));
    EXPECT_TRUE(ui.shows("Выполнено 0 из 2"));
    EXPECT_TRUE(ui.shows("Этап «Переговоры»: сделок 1"));   // the deal is at its new stage
    EXPECT_EQ(ui.app.state.robots.highlighted, std::vector<std::string>{"run-1"});

    // Read again a second later, and again until it ends.
    ui.frames(61);
    ASSERT_TRUE(ui.http.has_request(routes::job("run-1")));
    Job running = started_run("run-1", JobState::running, 1);
    running.items = {{"+79165551234", "+79165551234", "Иван Петров", ChangeOutcome::done},
                     {"+79267770011", "+79267770011", "Ольга", ChangeOutcome::pending}};
    ASSERT_TRUE(ui.http.answer(routes::job("run-1"), 200, nlohmann::json(running).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Выполнено 1 из 2"));
    EXPECT_TRUE(ui.shows("+79165551234 · Иван Петров"));
    ui.frames(61);
    Job done = running;
    done.state = JobState::done;
    done.finished = 2;
    done.items[1].outcome = ChangeOutcome::invite_sent;
    ASSERT_TRUE(ui.http.answer(routes::job("run-1"), 200, nlohmann::json(done).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Готово"));
    EXPECT_TRUE(ui.shows(outcome_text(ChangeOutcome::invite_sent, ParticipantAction::add).ru));
    EXPECT_TRUE(ui.shows(outcome_next_step(ChangeOutcome::invite_sent).ru));
    ui.frames(180);
    EXPECT_FALSE(ui.http.has_request(routes::job("run-1")));
    EXPECT_LT(seconds_until_next_poll(ui.app.state), 0);

    // The administrator finds it among every robot's runs, marked.
    ASSERT_TRUE(ui.click("Открыть в «Роботах»"));
    EXPECT_EQ(ui.app.state.screen, Screen::robots);
    RobotRun listed;
    listed.job = done;
    listed.crm = "sandbox";
    listed.entity = {EntityKind::deal, "101"};
    listed.entity_title = "Поставка оборудования";
    ASSERT_TRUE(ui.http.answer(kRunsPath, 200, nlohmann::json(RobotRunList{{listed}}).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Запущен из демо-воронки только что"));
    EXPECT_TRUE(ui.shows("Сделка «Поставка оборудования»"));
}

TEST_F(PipelineScreen, AStageWithoutARobotSaysSo) {
    sign_in(ui, "sandbox");
    open(ui);
    move(ui, "103", "Новая");
    StageMoved moved{{"103", "Аудит склада", "new"}, {}};
    ASSERT_TRUE(ui.http.answer(routes::sandbox_deal_stage("103"), 202, nlohmann::json(moved).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Сделка «Аудит склада» на этапе «Новая». На этом этапе робота нет."));
    EXPECT_FALSE(ui.shows("Открыть в «Роботах»"));
    EXPECT_LT(seconds_until_next_poll(ui.app.state), 0);
}

TEST_F(PipelineScreen, ARefusedMoveSaysWhyAndRetryReadsThePipelineAgain) {
    sign_in(ui, "sandbox");
    open(ui);
    move(ui, "101", "Переговоры");
    ASSERT_TRUE(ui.http.answer(routes::sandbox_deal_stage("101"), 404, R"({"error":{"code":"not_found"}})"));
    ui.frames(2);
    ASSERT_NE(visible_error(ui.app.state), nullptr);
    EXPECT_EQ(visible_error(ui.app.state)->code, ErrorCode::not_found);
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::not_found).ru));
    ASSERT_TRUE(ui.click("Повторить"));
    EXPECT_FALSE(ui.http.has_request(routes::sandbox_deal_stage("101")));   // a move is not sent again by itself
    ASSERT_TRUE(ui.http.answer(routes::kSandboxPipeline, 200, nlohmann::json(demo_pipeline()).dump()));
    ui.frames(2);
    EXPECT_EQ(visible_error(ui.app.state), nullptr);
}

TEST_F(PipelineScreen, ASecondMoveWhileOneIsOnItsWayIsNotSent) {
    sign_in(ui, "sandbox");
    open(ui);
    move(ui, "101", "Переговоры");
    int sent = ui.http.sent;
    move_deal(ui.app, "102", "talks");
    EXPECT_EQ(ui.http.sent, sent);
}

TEST_F(PipelineScreen, FitsA300PixelPanelA360PixelPhoneAndADesktop) {
    for (float width : {300.0f, 360.0f, 1200.0f}) {
        for (Lang lang : {Lang::ru, Lang::en}) {
            UiHarness u(1.0f, ImVec2(width, 4000));
            u.app.state.lang = lang;
            sign_in(u, "sandbox");
            ASSERT_TRUE(u.click_in_top_bar(lang == Lang::ru ? "Воронка" : "Pipeline"));
            SandboxPipeline p = demo_pipeline();
            p.stages.push_back({"contract", "Договор подписан, ждём предоплату от клиента"});
            p.deals.push_back({"104", "Поставка оборудования для Уральского федерального округа, второй этап", "contract"});
            p.robots.push_back({"contract", "120363000000000002@g.us", "Оптовые покупатели Уральского федерального округа",
                                ParticipantAction::promote, false});
            ASSERT_TRUE(u.http.answer(routes::kSandboxPipeline, 200, nlohmann::json(p).dump()));
            u.frames(2);
            u.app.state.pipeline.moving_deal_id = "101";
            move_deal(u.app, "101", "talks");
            Job run = started_run("run-1", JobState::running, 1);
            run.items = {{"+79267770011", "+79267770011", "Ольга Александровна Константинопольская", ChangeOutcome::unknown}};
            StageMoved moved{{"101", "Поставка оборудования", "talks"}, {run}};
            ASSERT_TRUE(u.http.answer(routes::sandbox_deal_stage("101"), 202, nlohmann::json(moved).dump()));
            u.frames(3);
            ASSERT_TRUE(u.shows(lang == Lang::ru ? "Выполнено 1 из 2" : "1 of 2 done")) << width;
            for (const std::string& problem : layout_problems(u.inspector, width))
                ADD_FAILURE() << width << " px, " << lang_code(lang) << ": " << problem;
        }
    }
}

} // namespace
} // namespace gd::test
