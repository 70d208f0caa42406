// The widget's screens, driven as a user would: given the proxy's answers, when the manager
// clicks and types, then the state and what is drawn follow.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

std::string groups_body() {
    GroupList list{{
        {"120363000000000001@g.us", "Клиенты — Москва", 1250, true},
        {"120363000000000002@g.us", "Оптовики Урал", 48, true},
        {"79160000000-1600000000@g.us", "VIP поддержка «Ёлка»", 12, false},
    }};
    return nlohmann::json(list).dump();
}

std::string participants_body(const Group& group, int count) {
    ParticipantList list;
    list.group = group;
    for (int i = 0; i < count; ++i) {
        char phone[32];
        std::snprintf(phone, sizeof phone, "+7916%07d", i);
        ParticipantRole role = i == 0 ? ParticipantRole::owner : i < 4 ? ParticipantRole::admin : ParticipantRole::member;
        list.participants.push_back({std::string(phone + 1) + "@c.us", phone, "Участник №" + std::to_string(i), role});
    }
    return nlohmann::json(list).dump();
}

const Group kBig{"120363000000000001@g.us", "Клиенты — Москва", 1250, true};
const Group kNotAdmin{"79160000000-1600000000@g.us", "VIP поддержка «Ёлка»", 12, false};

struct WidgetScreens : ::testing::Test {
    UiHarness ui;

    void SetUp() override {
        load_groups(ui.app);
        ui.frame();
        ASSERT_TRUE(ui.http.answer(routes::kGroups, 200, groups_body()));
        ui.frames(2);
    }
};

TEST_F(WidgetScreens, ListsTheGroupsWithCyrillicNamesAndNoMissingGlyphs) {
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_EQ(ui.app.state.rows_shown, 3);
    EXPECT_TRUE(ui.shows("Клиенты — Москва"));
    EXPECT_TRUE(ui.shows("Оптовики Урал"));
    EXPECT_TRUE(ui.shows("VIP поддержка «Ёлка»"));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(WidgetScreens, FilterIgnoresCaseAndTreatsYoAsYe) {
    ASSERT_TRUE(ui.click("filter"));
    ui.type("елка");
    EXPECT_EQ(ui.app.state.group_filter, "елка");
    EXPECT_EQ(ui.app.state.rows_shown, 1);
    EXPECT_TRUE(ui.shows("VIP поддержка «Ёлка»"));
    EXPECT_FALSE(ui.shows("Оптовики Урал"));
}

TEST_F(WidgetScreens, FilterWithNoMatchSaysSo) {
    ASSERT_TRUE(ui.click("filter"));
    ui.type("zzz");
    EXPECT_EQ(ui.app.state.rows_shown, 0);
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(WidgetScreens, OpeningAGroupAsksForItsMembersByEncodedId) {
    ASSERT_TRUE(ui.click("Клиенты — Москва"));
    EXPECT_EQ(ui.app.state.screen, Screen::participants);
    EXPECT_TRUE(ui.http.has_request("/api/v1/groups/120363000000000001%40g.us/participants"));
    EXPECT_TRUE(ui.shows("Назад"));
}

TEST_F(WidgetScreens, AThousandMembersScrollThroughAClippedTable) {
    ASSERT_TRUE(ui.click("Клиенты — Москва"));
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kBig.id), 200, participants_body(kBig, 1250)));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.rows_shown, 1250);
    // Only the rows that fit are submitted: the table stays cheap at any size.
    int drawn_rows = (int)ui.inspector.find_all_containing("Участник №").size();
    EXPECT_GT(drawn_rows, 5);
    EXPECT_LT(drawn_rows, 60);
    EXPECT_EQ(ui.app.state.first_visible_row, 0);

    ui.hover("Участник №0");
    ui.wheel(-10);
    EXPECT_GT(ui.app.state.first_visible_row, 10);
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(WidgetScreens, MembersSortByPhoneWhenItsHeaderIsClicked) {
    ASSERT_TRUE(ui.click("Клиенты — Москва"));
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kBig.id), 200, participants_body(kBig, 30)));
    ui.frames(2);
    ASSERT_TRUE(ui.click("Телефон"));
    EXPECT_EQ(ui.app.state.sort_column, ParticipantColumn::phone);
    EXPECT_FALSE(ui.app.state.sort_descending);
    ASSERT_TRUE(ui.click("Телефон"));
    EXPECT_TRUE(ui.app.state.sort_descending);
}

TEST_F(WidgetScreens, MemberSearchMatchesPhoneDigitsWhateverTheFormat) {
    ASSERT_TRUE(ui.click("Клиенты — Москва"));
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kBig.id), 200, participants_body(kBig, 1250)));
    ui.frames(2);
    ASSERT_TRUE(ui.click("filter"));
    ui.type("916 000-12");
    EXPECT_EQ(ui.app.state.rows_shown, 50);   // +79160001200 ... +79160001249
}

// The proxy sends each phone as E.164 and as people read it: the filter finds a member by either,
// or by «8 …» as people dial (the table's cells show the display form through phone_text, which
// the card's tests click and copy).
TEST_F(WidgetScreens, MembersAreFoundByTheirPhoneAsShownAsE164OrAsDialled) {
    ASSERT_TRUE(ui.click("Клиенты — Москва"));
    ParticipantList list{kBig,
                         {{"79161234567@c.us", "+79161234567", "Анна", ParticipantRole::member, "+7 916 123-45-67"},
                          {"74957775533@c.us", "+74957775533", "Офис", ParticipantRole::member, ""},   // an older proxy
                          {"442079460958@c.us", "+442079460958", "London", ParticipantRole::member, "+44 20 7946 0958"}}};
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kBig.id), 200, nlohmann::json(list).dump()));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.rows_shown, 3);
    for (const char* typed : {"916 123", "+7916123", "+7 916 123-45", "8 916 123-45", "8 (916) 1234567"}) {
        ui.app.state.participant_filter = typed;
        ui.frames(2);
        EXPECT_EQ(ui.app.state.rows_shown, 1) << typed;
        EXPECT_TRUE(ui.shows("Анна")) << typed;
    }
    ui.app.state.participant_filter = "+44 20 79";
    ui.frames(2);
    EXPECT_EQ(ui.app.state.rows_shown, 1);
    EXPECT_TRUE(ui.shows("London"));
}

TEST_F(WidgetScreens, BackReturnsToTheGroupsWithoutReloading) {
    ASSERT_TRUE(ui.click("Оптовики Урал"));
    int sent = ui.http.sent;
    ASSERT_TRUE(ui.click("Назад"));
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_EQ(ui.http.sent, sent);
    EXPECT_TRUE(ui.shows("Оптовики Урал"));
}

TEST_F(WidgetScreens, ALateAnswerForAnotherGroupIsIgnored) {
    ASSERT_TRUE(ui.click("Оптовики Урал"));
    ASSERT_TRUE(ui.click("Назад"));
    ASSERT_TRUE(ui.click("Клиенты — Москва"));
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kBig.id), 200, participants_body(kBig, 3)));
    // The first group's answer arrives last and must not replace what is on screen.
    Group other{"120363000000000002@g.us", "Оптовики Урал", 48, true};
    ASSERT_TRUE(ui.http.answer(routes::group_participants(other.id), 200, participants_body(other, 48)));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.participants.data.group.id, kBig.id);
    EXPECT_EQ(ui.app.state.rows_shown, 3);
}

TEST_F(WidgetScreens, ProxyDownShowsTheReasonAndRetryRecovers) {
    ASSERT_TRUE(ui.click("Обновить"));
    ASSERT_TRUE(ui.http.fail_network(routes::kGroups));
    ui.frames(2);
    const Error* error = visible_error(ui.app.state);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->code, ErrorCode::proxy_unreachable);
    ASSERT_TRUE(ui.shows("Повторить"));

    ASSERT_TRUE(ui.click("Повторить"));
    ASSERT_TRUE(ui.http.answer(routes::kGroups, 200, groups_body()));
    ui.frames(2);
    EXPECT_EQ(visible_error(ui.app.state), nullptr);
    EXPECT_FALSE(ui.shows("Повторить"));
}

TEST_F(WidgetScreens, AGroupWhereWeAreNotAdminSaysSoBeforeAnyAction) {
    ASSERT_TRUE(ui.click("VIP поддержка «Ёлка»"));
    EXPECT_TRUE(ui.inspector.find_all_containing("не администратор этой группы").size() == 1);
    ASSERT_TRUE(ui.click("Назад"));
    ASSERT_TRUE(ui.click("Оптовики Урал"));
    EXPECT_TRUE(ui.inspector.find_all_containing("не администратор этой группы").empty());
}

TEST_F(WidgetScreens, AnErrorAnswerShowsTheProxysCode) {
    ASSERT_TRUE(ui.click("VIP поддержка «Ёлка»"));
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kNotAdmin.id), 404,
                               R"({"error":{"code":"group_not_found","message":"x"}})"));
    ui.frames(2);
    ASSERT_NE(visible_error(ui.app.state), nullptr);
    EXPECT_EQ(visible_error(ui.app.state)->code, ErrorCode::group_not_found);
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::group_not_found).ru));
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::group_not_found).ru));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(WidgetScreens, AnAnswerThatIsNotJsonIsReportedNotTrusted) {
    ASSERT_TRUE(ui.click("Обновить"));
    ASSERT_TRUE(ui.http.answer(routes::kGroups, 200, "<html>proxy error</html>"));
    ui.frames(2);
    ASSERT_NE(visible_error(ui.app.state), nullptr);
    EXPECT_EQ(visible_error(ui.app.state)->code, ErrorCode::bad_response);
    // The groups we already had stay on screen under the error.
    EXPECT_TRUE(ui.shows("Оптовики Урал"));
}

TEST_F(WidgetScreens, AnAnswerOfTheWrongShapeIsABadResponse) {
    ASSERT_TRUE(ui.click("Обновить"));
    ASSERT_TRUE(ui.http.answer(routes::kGroups, 200, R"({"groups":[{"id":5}]})"));
    ui.frames(2);
    ASSERT_NE(visible_error(ui.app.state), nullptr);
    EXPECT_EQ(visible_error(ui.app.state)->code, ErrorCode::bad_response);
}

TEST_F(WidgetScreens, SwitchingToEnglishRelabelsEverything) {
    ASSERT_TRUE(ui.click("English"));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.lang, Lang::en);
    EXPECT_TRUE(ui.shows("Refresh"));
    EXPECT_TRUE(ui.shows("Русский"));
    EXPECT_FALSE(ui.shows("Обновить"));
}

TEST_F(WidgetScreens, RefreshIsDisabledWhileARequestIsInFlight) {
    ASSERT_TRUE(ui.click("Обновить"));
    int sent = ui.http.sent;
    ui.click("Обновить");
    EXPECT_EQ(ui.http.sent, sent);
}

TEST(WidgetProgress, ASlowRequestShowsAProgressBarAfterOneSecond) {
    UiHarness ui;
    load_groups(ui.app);
    ui.frames(30);   // half a second: no bar yet
    EXPECT_FALSE(ui.shows("Загрузка…"));
    ui.frames(40);
    EXPECT_TRUE(ui.shows("Загрузка…"));
    ui.http.answer(routes::kGroups, 200, groups_body());
    ui.frames(2);
    EXPECT_FALSE(ui.shows("Загрузка…"));
}

// Every error, in both languages, renders with glyphs the font has.
TEST(WidgetGlyphs, EveryErrorMessageRendersWithoutFallbackGlyphs) {
    for (Lang lang : {Lang::ru, Lang::en}) {
        for (int code = 0; code <= (int)ErrorCode::unknown; ++code) {
            UiHarness ui;
            ui.app.state.lang = lang;
            load_groups(ui.app);
            ui.http.answer(routes::kGroups, 500,
                           nlohmann::json{{"error", {{"code", error_code_name((ErrorCode)code)}}}}.dump());
            ui.frames(2);
            // An ended session is explained on the sign-in screen; every other error in place.
            bool signed_out = code == (int)ErrorCode::not_signed_in || code == (int)ErrorCode::session_expired;
            if (signed_out) EXPECT_EQ(ui.app.state.screen, Screen::sign_in);
            else ASSERT_NE(visible_error(ui.app.state), nullptr) << error_code_name((ErrorCode)code);
            EXPECT_TRUE(ui.shows(error_text((ErrorCode)code).in(lang))) << error_code_name((ErrorCode)code);
            EXPECT_EQ(ui.inspector.fallback_glyphs, 0) << error_code_name((ErrorCode)code);
        }
    }
}

TEST(WidgetGlyphs, AMissingGlyphIsCounted) {
    UiHarness ui;
    load_groups(ui.app);
    GroupList list{{{"1@g.us", "Группа 漢字", 1, true}}};   // CJK is not in the UI font
    ui.http.answer(routes::kGroups, 200, nlohmann::json(list).dump());
    ui.frames(2);
    EXPECT_EQ(ui.inspector.fallback_glyphs, 2);
}

TEST(WidgetScale, AtTwiceThePixelDensityEverythingIsTwiceAsLarge) {
    UiHarness normal(1.0f), dense(2.0f, ImVec2(1800, 1200));
    for (UiHarness* ui : {&normal, &dense}) {
        load_groups(ui->app);
        ui->http.answer(routes::kGroups, 200, groups_body());
        ui->frames(2);
    }
    const InspectedItem* a = normal.inspector.find("Обновить");
    const InspectedItem* b = dense.inspector.find("Обновить");
    ASSERT_TRUE(a && b);
    float ratio = (b->max.y - b->min.y) / (a->max.y - a->min.y);
    EXPECT_NEAR(ratio, 2.0f, 0.15f);
}

} // namespace
} // namespace gd::test
