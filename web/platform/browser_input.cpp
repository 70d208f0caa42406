// Input from the JS glue (pointer, wheel, keys, text, paste, focus, size), already in ImGui's terms.
// Positions arrive in CSS pixels relative to the canvas; the UI is drawn in device pixels.
#include "web/platform/browser.h"

#include <emscripten.h>
#include <imgui.h>

using gd::browser;

extern "C" {

EMSCRIPTEN_KEEPALIVE void gd_on_pointer_move(float x, float y) {
    ImGui::GetIO().MousePos = ImVec2(x * browser().dpr, y * browser().dpr);
    gd::request_frames();
}

EMSCRIPTEN_KEEPALIVE void gd_on_pointer_leave() {
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    gd::request_frames();
}

// Position and button change together: a touch tap must not click where the last touch was.
EMSCRIPTEN_KEEPALIVE void gd_on_pointer_button(int button, int down, float x, float y) {
    if (button < 0 || button >= 5) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x * browser().dpr, y * browser().dpr);
    io.MouseDown[button] = down != 0;
    gd::draw_frame_now();
}

EMSCRIPTEN_KEEPALIVE void gd_on_wheel(float dx, float dy) {
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheelH += dx;
    io.MouseWheel += dy;
    gd::request_frames();
}

EMSCRIPTEN_KEEPALIVE void gd_on_key(int key, int down, int ctrl, int shift, int alt, int super) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl != 0;
    io.KeyShift = shift != 0;
    io.KeyAlt = alt != 0;
    io.KeySuper = super != 0;
    if (key >= 0 && key < ImGuiKey_COUNT) io.KeysDown[key] = down != 0;
    gd::draw_frame_now();
}

EMSCRIPTEN_KEEPALIVE void gd_on_text(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    gd::draw_frame_now();
}

// The page received a paste: hand ImGui the text through its clipboard and press Ctrl+V for it.
EMSCRIPTEN_KEEPALIVE void gd_on_paste(const char* utf8) {
    ImGuiIO& io = ImGui::GetIO();
    browser().clipboard = utf8;
    bool ctrl = io.KeyCtrl;
    io.KeyCtrl = true;
    io.KeysDown[ImGuiKey_V] = true;
    gd::draw_frame_now();
    io.KeysDown[ImGuiKey_V] = false;
    io.KeyCtrl = ctrl;
    gd::draw_frame_now();
}

EMSCRIPTEN_KEEPALIVE void gd_on_focus(int focused) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddFocusEvent(focused != 0);
    if (!focused) {
        // Keys held while focus left would otherwise stay pressed.
        for (bool& key : io.KeysDown) key = false;
        io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
    }
    gd::request_frames();
}

EMSCRIPTEN_KEEPALIVE void gd_on_resize(float css_width, float css_height, float dpr) {
    gd::Browser& b = browser();
    b.css_width = css_width;
    b.css_height = css_height;
    b.dpr = dpr > 0 ? dpr : 1;
    gd::request_frames();
}

} // extern "C"
