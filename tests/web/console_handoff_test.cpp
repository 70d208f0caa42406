// The card widget leaves the administrators' screens to the console (web/state/admin_screens.h):
// asked for one, it opens console.html in its place with the same session, language and card; the
// console opens that screen once it knows the user.
#include "tests/web/users_test_support.h"

#include "web/state/admin_screens.h"
#include "web/state/start_context.h"

namespace gd::test {
namespace {

struct CardWidget : UsersFixture {
    void SetUp() override { ui.app.admin = nullptr; }   // as web/platform/main.cpp leaves it in index.html
};

TEST_F(CardWidget, AnAdministratorsScreenOpensTheConsoleInItsPlaceSignedInOnThatScreen) {
    sign_in(ui, /*admin=*/true);
    ui.app.state.session_token = "tok/en+=";   // a token with characters a URL must escape
    const int sent = ui.http.sent;
    ASSERT_TRUE(ui.click_in_top_bar("Пользователи"));
    ASSERT_TRUE(ui.click_in_top_bar("Роботы"));
    EXPECT_EQ(ui.links.opened_here, (std::vector<std::string>{"console.html?screen=users&lang=ru#session=tok%2Fen%2B%3D",
                                                              "console.html?screen=robots&lang=ru#session=tok%2Fen%2B%3D"}));
    EXPECT_EQ(ui.app.state.screen, Screen::groups);   // this page stays as it is until the console replaces it
    EXPECT_EQ(ui.http.sent, sent);                    // and asks the proxy nothing for it
    EXPECT_TRUE(ui.links.opened.empty());             // never a new tab: the console takes this frame
}

TEST_F(CardWidget, TheConsoleOpensOnTheSameCardInTheLanguageShown) {
    sign_in(ui, /*admin=*/true);
    ui.app.state.card.ref = {EntityKind::deal, "101"};
    ui.app.state.lang = Lang::en;
    open_admin_screen(ui.app, Screen::users);
    ASSERT_EQ(ui.links.opened_here.size(), 1u);
    EXPECT_EQ(ui.links.opened_here[0], "console.html?screen=users&lang=en&entity=deal%3A101#session=t");
}

// Bitrix24 frames only the portal's own pages: the proxy's console page for the session's portal.
TEST_F(CardWidget, InABitrix24PortalTheConsoleIsTheProxysPageForThatPortal) {
    sign_in(ui, /*admin=*/true);
    ui.app.state.user.tenant = "bitrix24:a1b2 c3";
    open_admin_screen(ui.app, Screen::robots);
    ASSERT_EQ(ui.links.opened_here.size(), 1u);
    EXPECT_EQ(ui.links.opened_here[0], "crm/bitrix24/console?member=a1b2%20c3&screen=robots&lang=ru#session=t");
}

TEST_F(CardWidget, AManagerIsOfferedNoAdministratorsScreenAndNoneOpens) {
    sign_in(ui, /*admin=*/false);
    EXPECT_FALSE(ui.shows("Пользователи"));
    EXPECT_FALSE(ui.shows("Роботы"));
    open_admin_screen(ui.app, Screen::users);
    open_admin_screen(ui.app, Screen::robots);
    open_admin_screen(ui.app, Screen::pipeline);   // a live proxy: no demo pipeline for anyone
    EXPECT_TRUE(ui.links.opened_here.empty());
}

// The console, started by the card widget's address: signed in with the session, it opens the
// screen once the proxy has said who the user is and in which mode it runs.
struct Console : UsersFixture {};

TEST_F(Console, OpensTheScreenItWasStartedOnOnceTheUserAndTheModeAreKnown) {
    StartContext start = read_start_context(R"({"session":"t","entity":"deal:101","lang":"en","screen":"users"})");
    ASSERT_EQ(start.screen, Screen::users);
    start_app(ui.app, start);
    ui.frames(2);
    EXPECT_EQ(ui.app.state.screen, Screen::groups);   // not before the user is known
    EXPECT_FALSE(ui.http.has_request(kUsersPath));
    ASSERT_TRUE(ui.http.answer(routes::kSession, 200, nlohmann::json(SessionUser{"anna", "Анна Смирнова", true, "amocrm:1"}).dump()));
    ASSERT_TRUE(ui.http.answer(routes::kHealth, 200, nlohmann::json(Health{"ok", "live", "1", ""}).dump()));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.screen, Screen::users);
    EXPECT_TRUE(ui.http.has_request(kUsersPath));
    EXPECT_EQ(ui.app.state.lang, Lang::en);
    EXPECT_EQ(ui.app.state.card.ref.id, "101");   // «Back» leads to the same card
    ASSERT_TRUE(ui.click("Back"));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.screen, Screen::groups);   // once: not reopened
}

TEST_F(Console, AUserNotAllowedTheScreenStaysOnTheGroups) {
    start_app(ui.app, read_start_context(R"({"session":"t","screen":"robots"})"));
    ASSERT_TRUE(ui.http.answer(routes::kSession, 200, nlohmann::json(SessionUser{"ivan", "Иван", false, "amocrm:1"}).dump()));
    ASSERT_TRUE(ui.http.answer(routes::kHealth, 200, nlohmann::json(Health{"ok", "live", "1", ""}).dump()));
    ui.frames(3);
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_FALSE(ui.http.has_request(routes::kRobotRuns));
}

TEST(ConsoleStart, OnlyAnAdministratorsScreenIsAStartScreen) {
    EXPECT_EQ(read_start_context(R"({"screen":"robots"})").screen, Screen::robots);
    EXPECT_EQ(read_start_context(R"({"screen":"pipeline"})").screen, Screen::pipeline);
    for (const char* json : {R"({"screen":"audit"})", R"({"screen":"sign_in"})", R"({"screen":"USERS"})", R"({"screen":7})",
                             R"({"screen":"users-and-more-and-more-and-more"})", R"({})"})
        EXPECT_EQ(read_start_context(json).screen, Screen::groups) << json;
}

} // namespace
} // namespace gd::test
