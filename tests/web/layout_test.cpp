// The widget at the widths a CRM gives it: amoCRM's right-hand card panel (about 300 px), a phone
// or a narrow Bitrix24 slider (360 px) and a desktop card tab (1000 px), in Russian and English.
// Each screen is drawn with demo data and checked by the one shared checker (layout_problems):
// nothing past the panel, nothing cut without "…", no sibling covering another.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/member_actions.h"
#include "web/state/ui_text.h"
#include "web/views/widgets.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

const Group kMoscow{"120363000000000001@g.us", "Клиенты — Москва", 1236, true};
const Group kLongName{"120363000000000002@g.us", "Оптовые покупатели Уральского и Сибирского федеральных округов", 48, false};
const Group kTree{"79160000000-1600000000@g.us", "VIP поддержка «Ёлка»", 12, false};
const char* const kDealTitle = "Поставка оборудования ООО «Вектор»";
constexpr float kWidths[] = {300, 360, 1000};

// With every state a person can be in, the one without WhatsApp with the date it was checked.
Card deal() {
    Card card{{EntityKind::deal, "101"},
              kDealTitle,
              {{"1", "Иван Петров", "8 916 111-22-33", "+79161112233"},
               {"2", "Ольга Константинопольская-Преображенская", "+7 (903) 555-00-11", "+79035550011"},
               {"3", "Без номера", "", ""},
               {"4", "Опечатка", "доб. 12", ""},
               {"5", "Офис ООО «Вектор»", "8 (495) 777-55-33", "+74957775533"}}};
    card.people[4].whatsapp = HasWhatsApp::no;
    card.people[4].whatsapp_checked_at = 1795424400;   // 2026-11-23 09:00 UTC
    return card;
}

ParticipantList members() {
    ParticipantList list{kMoscow, {}};
    list.participants.push_back({"79990000001@c.us", "+79990000001", "Мы", ParticipantRole::owner});
    list.participants.push_back({"79161112233@c.us", "+79161112233", "Иван Петров", ParticipantRole::admin});
    list.participants.push_back({"79035550099@c.us", "+79035550099", "Александра Константинопольская-Преображенская",
                                 ParticipantRole::member});
    for (int i = 0; i < 40; ++i)
        list.participants.push_back({"7916000" + std::to_string(1000 + i) + "@c.us", "+7916000" + std::to_string(1000 + i),
                                     "Участник №" + std::to_string(i), ParticipantRole::member});
    return list;
}

// One row's result wraps (no WhatsApp) between one-line rows: rows of unequal heights.
AuditPage audit() {
    return AuditPage{{{"2026-11-23T09:00:00Z", "Константин Константинопольский", "add", kMoscow.id, kMoscow.name, "+79165550102",
                       "privacy_blocked"},
                      {"2026-11-23T08:59:00Z", "widget", "invite_link_sent", kLongName.id, kLongName.name, "+79165550103", "done"},
                      {"2026-11-23T08:58:30Z", "widget", "add", kMoscow.id, kMoscow.name, "+79165550105", "not_on_whatsapp"},
                      {"2026-11-23T08:58:00Z", "widget", "remove", kMoscow.id, kMoscow.name, "+79165550104", "gateway_unavailable"}}};
}

// Signed in from a CRM card (deal 101) as an administrator, so every top bar button is there.
struct Panel {
    UiHarness ui;
    Panel(float width, Lang lang) : ui(1.0f, ImVec2(width, 700)) {
        start_app(ui.app, StartContext{"crm-session", "deal:101", lang});
        ui.http.answer(routes::kSession, 200, nlohmann::json(SessionUser{"5", "Ольга Александровна", true, "bitrix24:m1"}).dump());
        ui.http.answer(routes::kGroups, 200, nlohmann::json(GroupList{{kMoscow, kLongName, kTree}}).dump());
        ui.http.answer(routes::card("deal", "101"), 200, nlohmann::json(deal()).dump());
        ui.frames(3);
    }
    void open_moscow() {
        open_group(ui.app, kMoscow.id);
        ui.http.answer(routes::group_participants(kMoscow.id), 200, nlohmann::json(members()).dump());
        ui.frames(3);
    }
    void open_log() {
        open_audit(ui.app);
        ui.http.answer(std::string(routes::kAudit) + "?limit=200", 200, nlohmann::json(audit()).dump());
        ui.frames(3);
    }
    // A finished add with a result per person, as the member panel shows it.
    void show_job() {
        Job job;
        job.id = "job-1";
        job.group_id = kMoscow.id;
        job.state = JobState::done;
        job.total = job.finished = 2;
        job.items = {{"+7 903 555-00-11", "+79035550011", "Ольга Константинопольская-Преображенская", ChangeOutcome::privacy_blocked},
                     {"+7 916 111-22-33", "+79161112233", "Иван Петров", ChangeOutcome::done}};
        ui.app.state.members.job.status = LoadStatus::loaded;
        ui.app.state.members.job.data = job;
        ui.frames(2);
    }
};

// Runs `check(width, lang)` at 300, 360 and 1000 px, in Russian and English.
template <class Check>
void at_every_width(Check check) {
    for (float width : kWidths)
        for (Lang lang : {Lang::ru, Lang::en}) check(width, lang);
}

void expect_fits(const Panel& p, float width, Lang lang, const char* screen) {
    for (const std::string& problem : layout_problems(p.ui.inspector, width))
        ADD_FAILURE() << screen << " at " << width << " px, " << lang_code(lang) << ": " << problem;
}

TEST(Layout, TheGroupsScreenFitsEveryWidth) {
    at_every_width([](float width, Lang lang) {
        Panel p(width, lang);
        ASSERT_EQ(p.ui.app.state.screen, Screen::groups);
        ASSERT_TRUE(p.ui.shows(kMoscow.name)) << width;
        expect_fits(p, width, lang, "groups");
    });
}

TEST(Layout, TheParticipantsScreenWithTheCardAndAJobFitsEveryWidth) {
    at_every_width([](float width, Lang lang) {
        Panel p(width, lang);
        p.open_moscow();
        p.show_job();
        ASSERT_EQ(p.ui.app.state.screen, Screen::participants);
        ASSERT_TRUE(p.ui.shows("card membership")) << width;
        ASSERT_TRUE(p.ui.shows(lang == Lang::ru ? "проверено 2026-11-23" : "checked 2026-11-23")) << width;
        expect_fits(p, width, lang, "participants");
        // Ticking members (remove) adds a column: still fits.
        set_member_action(p.ui.app, ParticipantAction::remove);
        p.ui.frames(2);
        expect_fits(p, width, lang, "participants, ticking");
    });
}

TEST(Layout, TheActivityLogFitsEveryWidth) {
    at_every_width([](float width, Lang lang) {
        Panel p(width, lang);
        p.open_log();
        ASSERT_EQ(p.ui.app.state.screen, Screen::audit);
        ASSERT_EQ(p.ui.app.state.rows_shown, 4);
        ASSERT_TRUE(p.ui.shows(lang == Lang::ru ? "Готово." : "Done.")) << width;
        expect_fits(p, width, lang, "audit");
    });
}

TEST(Layout, ANarrowPanelsTopBarIsTheTitleAndOneMenuWithEveryButton) {
    for (float width : {300.0f, 360.0f})
        for (Lang lang : {Lang::ru, Lang::en}) {
            Panel p(width, lang);
            const char* log = ui_text::audit_open.in(lang);
            EXPECT_TRUE(p.ui.shows("GroupDesk"));
            EXPECT_FALSE(p.ui.shows(log)) << width;
            ASSERT_TRUE(p.ui.click(ui_text::menu.in(lang))) << width;
            for (const char* label : {log, ui_text::language_switch.in(lang), ui_text::refresh.in(lang), ui_text::sign_out.in(lang)})
                EXPECT_TRUE(p.ui.shows(label)) << width << " " << label;
            EXPECT_TRUE(p.ui.shows("Ольга Александровна"));
            expect_fits(p, width, lang, "the open menu");
            ASSERT_TRUE(p.ui.click(log));
            EXPECT_EQ(p.ui.app.state.screen, Screen::audit);
            EXPECT_FALSE(p.ui.shows(ui_text::sign_out.in(lang))) << "the menu closes once a line is chosen";
        }
    // A desktop has room for the buttons themselves.
    Panel desktop(1000, Lang::ru);
    EXPECT_TRUE(desktop.ui.shows("Журнал"));
    EXPECT_FALSE(desktop.ui.shows("Меню"));
}

TEST(Layout, ACutTitleShowsItsWholeTextOnHoverAndOnTap) {
    Panel p(300, Lang::ru);
    const std::string whole = std::string("Сделка 101 · ") + kDealTitle;
    const InspectedItem* title = p.ui.item("card title");
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->whole_text, whole);
    EXPECT_FALSE(p.ui.shows(whole)) << "no tooltip yet";

    p.ui.hover("card title");
    p.ui.frame();   // a tooltip is measured in its first frame and drawn from the second
    const InspectedItem* tooltip = p.ui.item(whole);
    ASSERT_NE(tooltip, nullptr);
    EXPECT_NE(tooltip->root_window, "GroupDesk") << "the whole text is in a tooltip over the panel";
    EXPECT_LE(tooltip->whole_max.x, 300.0f) << "and the tooltip wraps inside it";
    expect_fits(p, 300, Lang::ru, "a tooltip");

    // A tap: the whole text stays once the finger (the mouse) has left.
    ASSERT_TRUE(p.ui.click("card title"));
    ImGui::GetIO().MousePos = ImVec2(150, 650);
    p.ui.frames(2);
    EXPECT_TRUE(p.ui.shows(whole));

    // A desktop has room for the whole title: nothing is cut, nothing to hover.
    Panel desktop(1000, Lang::ru);
    ASSERT_NE(desktop.ui.item("card title"), nullptr);
    EXPECT_EQ(desktop.ui.item("card title")->whole_text, "");
}

TEST(Layout, ANarrowGroupsTableStacksOurRoleUnderTheNameInsteadOfCuttingIt) {
    Panel narrow(300, Lang::ru);
    EXPECT_FALSE(narrow.ui.shows("Наш номер")) << "the column is dropped";
    EXPECT_TRUE(narrow.ui.shows("Группа"));
    const InspectedItem* row = narrow.ui.item(kMoscow.name);
    ASSERT_NE(row, nullptr);
    EXPECT_GT(row->max.y - row->min.y, ImGui::GetTextLineHeight() * 2) << "two lines: the name, then the count and role";
    const InspectedItem* long_row = narrow.ui.item(kLongName.name);
    ASSERT_NE(long_row, nullptr);
    EXPECT_EQ(long_row->whole_text, kLongName.name) << "a long name is cut with «…»";

    Panel desktop(1000, Lang::ru);
    EXPECT_TRUE(desktop.ui.shows("Наш номер"));
    EXPECT_TRUE(desktop.ui.shows("Участники"));
    EXPECT_EQ(desktop.ui.item(kLongName.name)->whole_text, "");
}

TEST(Layout, FitWithEllipsisCutsBetweenCharactersAndFits) {
    UiHarness ui;
    ui.frame();
    ImGui::NewFrame();
    const char* text = "Поставка оборудования ООО «Вектор»";
    EXPECT_EQ(fit_with_ellipsis(text, 10000), text);
    for (float width : {20.0f, 60.0f, 120.0f, 200.0f}) {
        const std::string cut = fit_with_ellipsis(text, width);
        EXPECT_LE(ImGui::CalcTextSize(cut.c_str()).x, width) << cut;
        ASSERT_GE(cut.size(), 3u);
        EXPECT_EQ(cut.substr(cut.size() - 3), "\xE2\x80\xA6") << cut;
        const std::string kept = cut.substr(0, cut.size() - 3);
        EXPECT_EQ(std::string(text).compare(0, kept.size(), kept), 0) << cut;
        // Whole characters only: what is kept ends before a UTF-8 lead byte (or the text's end).
        EXPECT_NE((unsigned char)text[kept.size()] & 0xC0, 0x80) << cut;
    }
    ImGui::EndFrame();
}

TEST(Layout, ColumnsThatDoNotFitAreDroppedLowestPriorityFirst) {
    UiHarness ui;
    ui.frame();
    ImGui::NewFrame();
    const float pad = ImGui::GetStyle().CellPadding.x * 2;
    const std::vector<TableColumn> columns = {
        {"name", ImGuiTableColumnFlags_WidthStretch, 100, 1.0f},
        {"count", ImGuiTableColumnFlags_WidthFixed, 50, 0, 2},
        {"role", ImGuiTableColumnFlags_WidthFixed, 80, 0, 1},
    };
    EXPECT_EQ(columns_that_fit(columns, 230 + 3 * pad), (std::vector<bool>{true, true, true}));
    EXPECT_EQ(columns_that_fit(columns, 229 + 3 * pad), (std::vector<bool>{true, true, false}));
    EXPECT_EQ(columns_that_fit(columns, 150 + 2 * pad), (std::vector<bool>{true, true, false}));
    EXPECT_EQ(columns_that_fit(columns, 149 + 2 * pad), (std::vector<bool>{true, false, false}));
    EXPECT_EQ(columns_that_fit(columns, 10), (std::vector<bool>{true, false, false})) << "priority 0 stays";
    ImGui::EndFrame();
}

} // namespace
} // namespace gd::test
