// Signing in on the standalone page, the token on every call after, and a session that ends.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

std::string session_body(const std::string& token = "tok-1") {
    return nlohmann::json(Session{token, 1900000000, SessionUser{"anna", "Анна Смирнова", false, "standalone"}}).dump();
}

std::string health_body(const std::string& demo_login) {
    return nlohmann::json(Health{"ok", "sandbox", "0.1.0", demo_login}).dump();
}

TEST(SignIn, WithoutASessionTheWidgetAsksToSignInAndSendsTheTokenAfter) {
    UiHarness ui;
    start_app(ui.app);
    ASSERT_TRUE(ui.http.answer(routes::kHealth, 200, health_body("")));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.screen, Screen::sign_in);
    EXPECT_FALSE(ui.http.has_request(routes::kGroups));   // nothing is asked before signing in
    EXPECT_FALSE(ui.shows("Войти в песочницу"));         // not a sandbox

    ASSERT_TRUE(ui.click("login"));
    ui.type("anna");
    ASSERT_TRUE(ui.click("password"));
    ui.type("пароль-123");
    ASSERT_TRUE(ui.click("Войти"));
    ASSERT_EQ(ui.http.pending.size(), 1u);
    const HttpRequest& request = ui.http.pending.front().request;
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.path, routes::kSession);
    EXPECT_EQ(nlohmann::json::parse(request.body), (nlohmann::json{{"login", "anna"}, {"password", "пароль-123"}}));
    EXPECT_TRUE(request.bearer.empty());

    ASSERT_TRUE(ui.http.answer(routes::kSession, 200, session_body()));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_TRUE(ui.app.state.sign_in.password.empty()) << "the password is not kept";
    EXPECT_TRUE(ui.shows("Анна Смирнова"));
    ASSERT_TRUE(ui.http.has_request(routes::kGroups));
    for (const auto& pending : ui.http.pending) EXPECT_EQ(pending.request.bearer, "tok-1") << pending.request.path;
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST(SignIn, AWrongPasswordIsExplainedAndNothingElseHappens) {
    UiHarness ui;
    start_app(ui.app);
    ui.http.answer(routes::kHealth, 200, health_body(""));
    ui.app.state.sign_in.login = "anna";
    ui.app.state.sign_in.password = "wrong";
    ui.frames(1);
    ASSERT_TRUE(ui.click("Войти"));
    ASSERT_TRUE(ui.http.answer(routes::kSession, 401, R"({"error":{"code":"wrong_login","message":"x"}})"));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.screen, Screen::sign_in);
    EXPECT_TRUE(ui.shows("Неверный логин или пароль."));
    EXPECT_TRUE(ui.app.state.session_token.empty());
}

TEST(SignIn, EnterInThePasswordFieldSignsIn) {
    UiHarness ui;
    start_app(ui.app);
    ui.http.answer(routes::kHealth, 200, health_body(""));
    ui.app.state.sign_in.login = "anna";
    ui.frames(1);
    ASSERT_TRUE(ui.click("password"));
    ui.type("secret-pass");
    ui.press(ImGuiKey_Enter);
    EXPECT_TRUE(ui.http.has_request(routes::kSession));
}

TEST(SignIn, TheSandboxOffersItsDemoLoginInOneClick) {
    UiHarness ui;
    start_app(ui.app);
    ui.http.answer(routes::kHealth, 200, health_body(kSandboxDemoLogin));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Песочница с демо-данными: логин demo, пароль demo."));
    ASSERT_TRUE(ui.click("Войти в песочницу"));
    ASSERT_EQ(ui.http.pending.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(ui.http.pending.front().request.body),
              (nlohmann::json{{"login", "demo"}, {"password", "demo"}}));
}

TEST(SignIn, AnExpiredSessionReturnsToSignInWithTheReason) {
    UiHarness ui;
    ui.app.state.session_token = "old";
    start_app(ui.app);
    ASSERT_TRUE(ui.http.answer(routes::kGroups, 401, R"({"error":{"code":"session_expired","message":"x"}})"));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.screen, Screen::sign_in);
    EXPECT_TRUE(ui.app.state.session_token.empty());
    EXPECT_TRUE(ui.shows("Сеанс истёк."));
    EXPECT_TRUE(ui.shows("Войдите снова или заново откройте карточку в CRM."));
}

TEST(SignIn, SigningOutForgetsTheTokenAndTellsTheProxy) {
    UiHarness ui;
    ui.app.state.session_token = "tok-9";
    ui.app.state.user = {"anna", "Анна", false, "standalone"};
    start_app(ui.app);
    ui.http.answer(routes::kGroups, 200, R"({"groups":[]})");
    ui.frames(2);
    ASSERT_TRUE(ui.click("Выйти"));
    EXPECT_EQ(ui.app.state.screen, Screen::sign_in);
    EXPECT_TRUE(ui.app.state.session_token.empty());
    bool told = false;
    for (const auto& pending : ui.http.pending)
        if (pending.request.method == "DELETE" && pending.request.path == routes::kSession) told = pending.request.bearer == "tok-9";
    EXPECT_TRUE(told);
}

} // namespace
} // namespace gd::test
