// The keyboard, as someone who never touches the mouse uses it: Tab and Shift+Tab walk the fields
// and buttons of a real screen, Enter runs the focused button, Escape closes a list that popped
// open, the focused item wears a frame that shows on our light theme, and keys that arrive faster
// than frames (a press and its release before the next frame) all count.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/platform/dom_input.h"
#include "web/state/app_actions.h"
#include "web/state/member_actions.h"

#include <gtest/gtest.h>
#include <imgui_internal.h>

#include <cmath>

namespace gd::test {
namespace {

std::string health_body(const std::string& demo_login) {
    return nlohmann::json(Health{"ok", "sandbox", "0.1.0", demo_login}).dump();
}

// The sign-in screen of a sandbox: login, password, «Войти», «Войти в песочницу».
struct SignInKeyboard : ::testing::Test {
    UiHarness ui;

    void SetUp() override {
        start_app(ui.app);
        ASSERT_TRUE(ui.http.answer(routes::kHealth, 200, health_body("demo")));
        ui.frames(3);
        ASSERT_EQ(ui.app.state.screen, Screen::sign_in);
    }
    ImGuiID id_of(const std::string& label) const {
        const InspectedItem* item = ui.item(label);
        return item ? item->id : 0;
    }
    // The item the keyboard is on: a text field being edited, or the item the focus frame is on.
    ImGuiID focused() const { return ui.inspector.focused_id; }
};

TEST_F(SignInKeyboard, TheLoginFieldTakesTypingAtOnce) {
    EXPECT_EQ(focused(), id_of("login"));
    ui.type("anna");
    EXPECT_EQ(ui.app.state.sign_in.login, "anna");
}

TEST_F(SignInKeyboard, TabWalksFromLoginToPasswordToTheButtonsAndShiftTabWalksBack) {
    ui.type("anna");   // «Войти» is enabled once there is a login
    ui.press(ImGuiKey_Tab);
    EXPECT_EQ(focused(), id_of("password"));
    ui.type("secret");
    EXPECT_EQ(ui.app.state.sign_in.password, "secret");
    ui.press(ImGuiKey_Tab);
    EXPECT_EQ(focused(), id_of("Войти"));
    ui.press(ImGuiKey_Tab);
    EXPECT_EQ(focused(), id_of("Войти в песочницу"));
    ui.press(ImGuiKey_Tab, ImGuiMod_Shift);
    EXPECT_EQ(focused(), id_of("Войти"));
    ui.press(ImGuiKey_Tab, ImGuiMod_Shift);
    EXPECT_EQ(focused(), id_of("password"));
    EXPECT_EQ(ui.http.sent, 1) << "walking runs nothing";
}

TEST_F(SignInKeyboard, EnterOnTheFocusedButtonRunsIt) {
    ui.type("anna");
    ui.press(ImGuiKey_Tab);
    ui.type("secret");
    ui.press(ImGuiKey_Tab);
    ui.press(ImGuiKey_Tab);
    ASSERT_EQ(focused(), id_of("Войти в песочницу"));
    ui.press(ImGuiKey_Enter);
    ASSERT_TRUE(ui.http.has_request(routes::kSession));
    EXPECT_EQ(nlohmann::json::parse(ui.http.find(routes::kSession)->body),
              (nlohmann::json{{"login", "demo"}, {"password", "demo"}}))
        << "the sandbox's button ran, not «Войти»";
}

TEST_F(SignInKeyboard, TheFocusedButtonWearsAFrameThatStandsOutFromTheWindow) {
    ui.type("anna");
    ui.press(ImGuiKey_Tab);
    ui.press(ImGuiKey_Tab);
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ASSERT_EQ(g.NavId, id_of("Войти"));
    EXPECT_FALSE(g.NavDisableHighlight) << "the keyboard's focus is drawn";

    // WCAG 2.1 non-text contrast (https://www.w3.org/TR/WCAG21/#non-text-contrast): at least 3:1.
    const ImGuiStyle& style = ImGui::GetStyle();
    auto over = [](ImVec4 top, ImVec4 bottom) {
        return ImVec4(top.x * top.w + bottom.x * (1 - top.w), top.y * top.w + bottom.y * (1 - top.w),
                      top.z * top.w + bottom.z * (1 - top.w), 1);
    };
    auto luminance = [](ImVec4 c) {
        auto linear = [](float v) { return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
        return 0.2126f * linear(c.x) + 0.7152f * linear(c.y) + 0.0722f * linear(c.z);
    };
    const ImVec4 window = style.Colors[ImGuiCol_WindowBg];
    const ImVec4 frame = over(style.Colors[ImGuiCol_NavHighlight], window);
    const float lighter = std::max(luminance(frame), luminance(window));
    const float darker = std::min(luminance(frame), luminance(window));
    EXPECT_GE((lighter + 0.05f) / (darker + 0.05f), 3.0f);
}

TEST_F(SignInKeyboard, APressAndReleaseThatArriveBetweenTwoFramesStillCount) {
    // The browser's events, as a fast typist sends them: all of them before the next frame.
    DomKeyboard keyboard;
    ImGuiIO& io = ImGui::GetIO();
    io.AddInputCharactersUTF8("anna");
    feed_dom_key(keyboard, io, "Tab", true, {});
    feed_dom_key(keyboard, io, "Tab", false, {});
    ui.frames(3);
    EXPECT_EQ(ui.app.state.sign_in.login, "anna");
    EXPECT_EQ(focused(), id_of("password"));

    io.AddInputCharactersUTF8("пароль");
    feed_dom_key(keyboard, io, "Enter", true, {});
    feed_dom_key(keyboard, io, "Enter", false, {});
    ui.frames(3);
    ASSERT_TRUE(ui.http.has_request(routes::kSession));
    EXPECT_EQ(nlohmann::json::parse(ui.http.find(routes::kSession)->body),
              (nlohmann::json{{"login", "anna"}, {"password", "пароль"}}));
}

TEST_F(SignInKeyboard, AKeyTypedIntoAFieldCostsOneFrameItsCharacterAndOtherKeysStillCount) {
    DomKeyboard keyboard;
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    // The browser's events for each key (keydown, the character, keyup), then one frame.
    const char* typed[][2] = {{"KeyA", "a"}, {"KeyN", "n"}, {"Space", " "}, {"Digit7", "7"}, {"Quote", "э"}};
    std::string expected;
    for (const auto& [code, text] : typed) {
        EXPECT_FALSE(feed_dom_key(keyboard, io, code, true, {}));
        io.AddInputCharactersUTF8(text);
        EXPECT_FALSE(feed_dom_key(keyboard, io, code, false, {}));
        ui.frames(1);
        expected += text;
        EXPECT_EQ(ui.app.state.sign_in.login, expected);
        EXPECT_EQ(g.InputEventsQueue.Size, 0) << code;   // nothing left for a later frame
    }
    // Shortcuts and keys that type nothing are still ImGui's: Ctrl+A selects, Backspace deletes.
    EXPECT_TRUE(feed_dom_key(keyboard, io, "KeyA", true, {.ctrl = true}));
    EXPECT_TRUE(feed_dom_key(keyboard, io, "KeyA", false, {.ctrl = true}));
    feed_dom_key(keyboard, io, "ControlLeft", false, {});
    EXPECT_TRUE(feed_dom_key(keyboard, io, "Backspace", true, {}));
    EXPECT_TRUE(feed_dom_key(keyboard, io, "Backspace", false, {}));
    ui.frames(4);
    EXPECT_EQ(ui.app.state.sign_in.login, "");

    // Away from the fields Space is a key again (it presses the focused button), and a release
    // follows its press even if a field took the keyboard in between.
    ui.type("anna");           // «Войти» is enabled once there is a login
    ui.press(ImGuiKey_Tab);    // to the password
    ui.press(ImGuiKey_Tab);    // to «Войти»
    ASSERT_EQ(focused(), id_of("Войти"));
    ASSERT_FALSE(io.WantTextInput);
    EXPECT_TRUE(feed_dom_key(keyboard, io, "Space", true, {}));
    io.WantTextInput = true;
    EXPECT_TRUE(feed_dom_key(keyboard, io, "Space", false, {}));
}

TEST_F(SignInKeyboard, ShiftHeldByThePageWalksBackwards) {
    DomKeyboard keyboard;
    ImGuiIO& io = ImGui::GetIO();
    ui.type("anna");
    ui.press(ImGuiKey_Tab);
    ASSERT_EQ(focused(), id_of("password"));
    feed_dom_key(keyboard, io, "ShiftLeft", true, {.shift = true});
    feed_dom_key(keyboard, io, "Tab", true, {.shift = true});
    feed_dom_key(keyboard, io, "Tab", false, {.shift = true});
    feed_dom_key(keyboard, io, "ShiftLeft", false, {});
    ui.frames(4);
    EXPECT_EQ(focused(), id_of("login"));
}

TEST(DomKeys, CodesBecomeImGuiKeysByPositionNotByLayout) {
    EXPECT_EQ(imgui_key_for_dom_code("KeyA"), ImGuiKey_A);
    EXPECT_EQ(imgui_key_for_dom_code("KeyZ"), ImGuiKey_Z);
    EXPECT_EQ(imgui_key_for_dom_code("Digit0"), ImGuiKey_0);
    EXPECT_EQ(imgui_key_for_dom_code("Numpad7"), ImGuiKey_Keypad7);
    EXPECT_EQ(imgui_key_for_dom_code("F1"), ImGuiKey_F1);
    EXPECT_EQ(imgui_key_for_dom_code("F12"), ImGuiKey_F12);
    EXPECT_EQ(imgui_key_for_dom_code("Tab"), ImGuiKey_Tab);
    EXPECT_EQ(imgui_key_for_dom_code("NumpadEnter"), ImGuiKey_KeypadEnter);
    EXPECT_EQ(imgui_key_for_dom_code("ShiftRight"), ImGuiKey_RightShift);
    EXPECT_EQ(imgui_key_for_dom_code("F13"), ImGuiKey_None);
    EXPECT_EQ(imgui_key_for_dom_code("Key"), ImGuiKey_None);
    EXPECT_EQ(imgui_key_for_dom_code("Keya"), ImGuiKey_None);
    EXPECT_EQ(imgui_key_for_dom_code("Lang1"), ImGuiKey_None);
    EXPECT_EQ(imgui_key_for_dom_code(""), ImGuiKey_None);
}

TEST(DomKeys, APasteLeavesCtrlAsTheUserHoldsIt) {
    UiHarness ui;
    ui.frames(1);
    DomKeyboard keyboard;
    ImGuiIO& io = ImGui::GetIO();
    feed_dom_paste_keys(keyboard, io);   // pasted from the browser's menu: no key held
    ui.frames(3);
    EXPECT_FALSE(io.KeyCtrl);

    feed_dom_key(keyboard, io, "ControlLeft", true, {.ctrl = true});
    feed_dom_paste_keys(keyboard, io);   // Ctrl+V: Ctrl is still down after it
    ui.frames(3);
    EXPECT_TRUE(io.KeyCtrl);

    feed_dom_focus(keyboard, io, false);   // focus left with Ctrl down: nothing stays held
    ui.frames(2);
    EXPECT_FALSE(io.KeyCtrl);
    EXPECT_FALSE(ImGui::IsKeyDown(ImGuiKey_LeftCtrl));
}

const Group kGroup{"120363000000000001@g.us", "Клиенты — Москва", 3, true};

TEST(PopupKeyboard, EscapeClosesAnOpenList) {
    UiHarness ui;
    ui.app.state.groups.data = {kGroup};
    ui.app.state.groups.status = LoadStatus::loaded;
    open_group(ui.app, kGroup.id);
    ParticipantList list{kGroup, {{"79990000001@c.us", "+79990000001", "Мы", ParticipantRole::admin}}};
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kGroup.id), 200, nlohmann::json(list).dump()));
    ui.frames(2);

    ASSERT_TRUE(ui.click("action"));
    ASSERT_TRUE(ui.shows("Удалить из группы")) << "the action list is open";
    ui.press(ImGuiKey_Escape);
    EXPECT_FALSE(ui.shows("Удалить из группы"));
    EXPECT_EQ(ui.app.state.members.action, ParticipantAction::add) << "closing chose nothing";
}

} // namespace
} // namespace gd::test
