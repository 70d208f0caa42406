// amoCRM's right-hand card panel: opened with ?view=compact, the widget shows the card against one
// group (the card script's choice, else the one this user chose before), «Добавить недостающих»,
// the last job's result and «Открыть полностью», all inside about 300 px.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/card_actions.h"
#include "web/state/compact_card.h"
#include "web/state/crm_host.h"
#include "web/state/start_context.h"
#include "web/state/ui_text.h"

#include <gtest/gtest.h>

#include <map>

namespace gd::test {
namespace {

const Group kMoscow{"120363000000000001@g.us", "Клиенты — Москва", 4, true};
const Group kPiter{"120363000000000002@g.us", "Оптовые покупатели Санкт-Петербурга и Ленинградской области", 7, true};
const SessionUser kManager{"87654321", "Мария Орлова", false, "amocrm:30000001"};

// The page that frames the panel: what it was asked to open, and the browser's memory.
class FakeHost : public CrmHost {
public:
    int full_views_opened = 0;
    std::map<std::string, std::string> stored;
    void open_full_view() override { ++full_views_opened; }
    std::string remembered(const std::string& key) override { return stored.count(key) ? stored[key] : ""; }
    void remember(const std::string& key, const std::string& value) override { stored[key] = value; }
};

// A lead with long names, as real cards have them.
Card lead_card() {
    return Card{{EntityKind::lead, "30001"},
                "Оптовый заказ — ИП Орлова, поставка стеллажей для склада на Выборгской",
                {{"1", "Ирина Ковалёва", "+7 916 111-22-33", "+79161112233"},
                 {"2", "Константин Константинопольский-Преображенский", "+7 903 555-00-11", "+79035550011"},
                 {"3", "Склад на Выборгской (ночная смена, спросить старшего)", "+7 903 555-00-12", "+79035550012"},
                 {"4", "Елена Без Телефона", "", ""},
                 {"5", "Опечатка", "доб. 12", ""}}};
}

std::vector<Participant> members() {
    return {{"79990000001@c.us", "+79990000001", "Мы", ParticipantRole::admin},
            {"79161112233@c.us", "+79161112233", "Ирина Ковалёва", ParticipantRole::member}};
}

// An add job in `group`, one person per outcome (pending ones not yet reached).
Job add_job(const std::string& id, const Group& group, JobState state, const std::vector<ChangeOutcome>& outcomes) {
    Job job;
    job.id = id;
    job.group_id = group.id;
    job.action = ParticipantAction::add;
    job.state = state;
    job.total = (int)outcomes.size();
    for (size_t i = 0; i < outcomes.size(); ++i) {
        const std::string phone = "+7903555001" + std::to_string(i);
        job.items.push_back({phone, phone, "", outcomes[i]});
        job.finished += outcomes[i] == ChangeOutcome::pending ? 0 : 1;
    }
    return job;
}

StartContext compact_start(std::string group = "") {
    StartContext start{"crm-session", "lead:30001", Lang::ru};
    start.compact = true;
    start.group_id = std::move(group);
    return start;
}

struct CompactPanelTest : ::testing::Test {
    FakeHost host;

    // The panel started from the card: the session's user, the groups and the lead answered.
    void start(UiHarness& ui, const StartContext& start) {
        ui.app.host = &host;
        start_app(ui.app, start);
        ASSERT_TRUE(ui.http.answer(routes::kSession, 200, nlohmann::json(kManager).dump()));
        ASSERT_TRUE(ui.http.answer(routes::kGroups, 200, nlohmann::json(GroupList{{kMoscow, kPiter}}).dump()));
        ASSERT_TRUE(ui.http.answer(routes::card("lead", "30001"), 200, nlohmann::json(lead_card()).dump()));
        ui.frames(2);
    }
    void answer_members(UiHarness& ui, const Group& group) {
        ASSERT_TRUE(ui.http.answer(routes::group_participants(group.id), 200,
                                   nlohmann::json(ParticipantList{group, members()}).dump()));
        ui.frames(2);
    }
};

TEST(StartContextView, ViewCompactAndAGroupIdAreTakenBadValuesAreIgnored) {
    StartContext start = read_start_context(R"({"session":"s","entity":"lead:1","view":"compact","group":"120363000000000001@g.us"})");
    EXPECT_TRUE(start.compact);
    EXPECT_EQ(start.group_id, "120363000000000001@g.us");
    // Any other view draws the whole widget.
    for (const char* view : {R"({"view":"full"})", R"({"view":"COMPACT"})", R"({"view":""})", R"({"view":5})", R"({})",
                             R"({"view":["compact"]})", R"({"view":"compact-ish"})"})
        EXPECT_FALSE(read_start_context(view).compact) << view;
    // A group id is letters, digits and @ . - _ only, and short: anything else is no choice.
    for (const char* group : {R"({"group":"<script>"})", R"({"group":"a b@g.us"})", R"({"group":"1@g.us/../x"})",
                              R"({"group":12})", R"({"group":""})"})
        EXPECT_EQ(read_start_context(group).group_id, "") << group;
    EXPECT_EQ(read_start_context(nlohmann::json{{"group", std::string(200, '1') + "@g.us"}}.dump()).group_id, "");
}

TEST_F(CompactPanelTest, WithNoGroupChosenYetItAsksForOneAndRemembersTheChoicePerUser) {
    UiHarness ui(1.0f, ImVec2(300, 900));
    start(ui, compact_start());
    EXPECT_TRUE(ui.app.state.open_group_id.empty());
    EXPECT_TRUE(ui.shows(ui_text::compact_choose_hint.in(Lang::ru)));
    EXPECT_FALSE(ui.shows("Группы WhatsApp"));   // no groups screen: the panel has its own view

    ASSERT_TRUE(ui.click("compact group"));
    ui.frames(2);
    ASSERT_TRUE(ui.click("choose " + kMoscow.name));
    EXPECT_EQ(ui.app.state.open_group_id, kMoscow.id);
    EXPECT_EQ(host.stored[compact_group_key(kManager)], kMoscow.id);
    EXPECT_EQ(compact_group_key(kManager), "groupdesk.compact_group.amocrm:30000001.87654321");
}

TEST_F(CompactPanelTest, TheRememberedGroupOpensByItselfOnTheNextCard) {
    host.stored[compact_group_key(kManager)] = kMoscow.id;
    host.stored[compact_group_key(SessionUser{"1", "Другой", false, "amocrm:30000001"})] = kPiter.id;
    UiHarness ui(1.0f, ImVec2(300, 900));
    start(ui, compact_start());
    EXPECT_EQ(ui.app.state.open_group_id, kMoscow.id);
    EXPECT_TRUE(ui.http.has_request(routes::group_participants(kMoscow.id)));
}

TEST_F(CompactPanelTest, TheCardScriptsGroupWinsAndARememberedGroupNoLongerListedIsNoChoice) {
    host.stored[compact_group_key(kManager)] = kMoscow.id;
    UiHarness ui(1.0f, ImVec2(300, 900));
    start(ui, compact_start(kPiter.id));
    EXPECT_EQ(ui.app.state.open_group_id, kPiter.id);
    EXPECT_EQ(host.stored[compact_group_key(kManager)], kMoscow.id);   // the script's choice is not the user's

    FakeHost other;
    other.stored[compact_group_key(kManager)] = "120363999999999999@g.us";   // our number left that group
    UiHarness gone(1.0f, ImVec2(300, 900));
    host = other;
    start(gone, compact_start());
    EXPECT_TRUE(gone.app.state.open_group_id.empty());
    EXPECT_FALSE(gone.http.has_request(routes::group_participants("120363999999999999@g.us")));
}

TEST_F(CompactPanelTest, ItComparesTheCardsPeopleAddsTheMissingAndOpensTheFullView) {
    UiHarness ui(1.0f, ImVec2(300, 900));
    start(ui, compact_start(kMoscow.id));
    answer_members(ui, kMoscow);
    EXPECT_TRUE(ui.shows("card Ирина Ковалёва in the group"));
    EXPECT_TRUE(ui.shows("card Константин Константинопольский-Преображенский not in the group"));
    EXPECT_TRUE(ui.shows("card Елена Без Телефона no phone in the CRM"));
    EXPECT_TRUE(ui.shows("card membership"));   // «В группе 1 из 5»
    EXPECT_EQ(open_card_membership(ui.app.state).in_group, 1);
    EXPECT_EQ(open_card_membership(ui.app.state).rows.size(), 5u);

    ASSERT_TRUE(ui.click("add missing"));
    nlohmann::json body;
    for (const auto& p : ui.http.pending)
        if (p.request.path == routes::group_changes(kMoscow.id)) body = nlohmann::json::parse(p.request.body);
    ASSERT_EQ(body["people"].size(), 2u) << body.dump();
    EXPECT_EQ(body["action"], "add");

    ASSERT_TRUE(ui.click("open full"));
    EXPECT_EQ(host.full_views_opened, 1);
}

TEST_F(CompactPanelTest, TheLastJobsResultIsSummedUp) {
    UiHarness ui(1.0f, ImVec2(300, 900));
    start(ui, compact_start(kMoscow.id));
    answer_members(ui, kMoscow);
    ASSERT_TRUE(ui.click("add missing"));
    Job running = add_job("job-1", kMoscow, JobState::running, {ChangeOutcome::done, ChangeOutcome::pending});
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kMoscow.id), 202, nlohmann::json(running).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("last job progress"));
    LastJobSummary summary = last_job_summary(ui.app.state);
    EXPECT_TRUE(summary.active);
    EXPECT_EQ(summary.added, 1);

    ui.app.state.members.job.data = add_job("job-1", kMoscow, JobState::done, {ChangeOutcome::done, ChangeOutcome::privacy_blocked});
    ui.frames(2);
    summary = last_job_summary(ui.app.state);
    EXPECT_FALSE(summary.active);
    EXPECT_EQ(summary.added, 1);
    EXPECT_EQ(summary.not_added, 1);
    EXPECT_TRUE(ui.shows("Последнее добавление: 1 из 2 в группе"));
    EXPECT_TRUE(ui.shows("Не добавлены: 1. Причины — в полном окне."));
}

TEST_F(CompactPanelTest, ACardOpenedAgainShowsTheGroupsLastAdd) {
    UiHarness ui(1.0f, ImVec2(300, 900));
    start(ui, compact_start(kMoscow.id));
    answer_members(ui, kMoscow);
    Job robot_remove;   // newer, but not an add
    robot_remove.id = "job-9";
    robot_remove.action = ParticipantAction::remove;
    robot_remove.state = JobState::done;
    const Job add = add_job("job-8", kMoscow, JobState::done, {ChangeOutcome::done, ChangeOutcome::invite_sent});
    ASSERT_TRUE(ui.http.answer(std::string(routes::kJobs) + "?group_id=" + routes::url_encode(kMoscow.id), 200,
                               nlohmann::json(JobList{{robot_remove, add}}).dump()));
    ui.frames(2);
    const LastJobSummary summary = last_job_summary(ui.app.state);
    EXPECT_TRUE(summary.shown);
    EXPECT_EQ(summary.added, 1);
    EXPECT_EQ(summary.invited, 1);
    EXPECT_TRUE(ui.shows("Последнее добавление: 1 из 2 в группе"));
    EXPECT_TRUE(ui.shows("Ссылка-приглашение отправлена: 1"));
}

// The panel at amoCRM's width in both languages, with long names, a long group and a finished
// job: every item within 300 px, none over another, no missing glyph; long names end in «…».
TEST_F(CompactPanelTest, EverythingFitsThe300PixelPanelInBothLanguages) {
    for (float width : {300.0f, 280.0f}) {
        for (Lang lang : {Lang::ru, Lang::en}) {
            UiHarness ui(1.0f, ImVec2(width, 900));
            StartContext s = compact_start(kPiter.id);
            s.lang = lang;
            start(ui, s);
            answer_members(ui, kPiter);
            const Job done = add_job("job-2", kPiter, JobState::done,
                                     {ChangeOutcome::done, ChangeOutcome::invite_sent, ChangeOutcome::privacy_blocked});
            ui.app.state.members.job.status = LoadStatus::loaded;
            ui.app.state.members.job.data = done;
            ui.frames(3);
            ASSERT_TRUE(ui.shows("add missing")) << width;
            ASSERT_TRUE(ui.shows("open full")) << width;
            ASSERT_TRUE(ui.shows("card title")) << width;
            ASSERT_TRUE(ui.shows("card Константин Константинопольский-Преображенский not in the group")) << width;
            const std::vector<std::string> problems = layout_problems(ui.inspector, width);
            EXPECT_TRUE(problems.empty()) << width << " " << lang_code(lang) << ":\n" << ::testing::PrintToString(problems);
            // The long name is cut with «…» before its state, not run under it or out of the panel.
            const InspectedItem* name = ui.item("name Константин Константинопольский-Преображенский");
            const InspectedItem* state = ui.item("card Константин Константинопольский-Преображенский not in the group");
            ASSERT_TRUE(name && state);
            EXPECT_LT(name->max.x, state->min.x);
            EXPECT_LT(name->max.x - name->min.x, ImGui::CalcTextSize("Константин Константинопольский-Преображенский").x);
        }
    }
}

} // namespace
} // namespace gd::test
