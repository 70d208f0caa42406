// Input from the JS glue (pointer, wheel, keys, text, paste, focus, size), queued as ImGui input
// events (io.Add*Event): events between two frames are kept in order, none is lost.
// Positions arrive in CSS pixels relative to the canvas; the UI is drawn in device pixels.
#include "web/platform/browser.h"
#include "web/platform/dom_input.h"

#include <emscripten.h>
#include <imgui.h>

using gd::browser;

extern "C" {

EMSCRIPTEN_KEEPALIVE void gd_on_pointer_move(float x, float y) {
    ImGui::GetIO().AddMousePosEvent(x * browser().dpr, y * browser().dpr);
    gd::request_frames();
}

EMSCRIPTEN_KEEPALIVE void gd_on_pointer_leave() {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    gd::request_frames();
}

// Position before button: a touch tap must not click where the last touch was.
EMSCRIPTEN_KEEPALIVE void gd_on_pointer_button(int button, int down, float x, float y, int touch) {
    if (button < 0 || button >= ImGuiMouseButton_COUNT) return;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(touch ? ImGuiMouseSource_TouchScreen : ImGuiMouseSource_Mouse);
    io.AddMousePosEvent(x * browser().dpr, y * browser().dpr);
    io.AddMouseButtonEvent(button, down != 0);
    gd::draw_frame_now();
}

EMSCRIPTEN_KEEPALIVE void gd_on_wheel(float dx, float dy) {
    ImGui::GetIO().AddMouseWheelEvent(dx, dy);
    gd::request_frames();
}

// A frame right away: Ctrl+C must reach ImGui (which then sets the copied text) before the browser
// raises its `copy` event for the same keydown. A key typed into a field is not fed (dom_input.h):
// nothing to draw for it, its character comes as text.
EMSCRIPTEN_KEEPALIVE void gd_on_key(const char* dom_code, int down, int ctrl, int shift, int alt, int super) {
    if (gd::feed_dom_key(browser().keyboard, ImGui::GetIO(), dom_code, down != 0,
                         gd::DomModifiers{ctrl != 0, shift != 0, alt != 0, super != 0}))
        gd::draw_frame_now();
}

// Typed or committed text: keys, dead keys, AltGr, an IME's finished composition, a phone's keyboard.
// One frame a character, at the next animation frame: the field, and whatever it filters, show it.
EMSCRIPTEN_KEEPALIVE void gd_on_text(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    gd::request_frames(1);
}

// The page received a paste: hand ImGui the text through its clipboard and press Ctrl+V for it.
EMSCRIPTEN_KEEPALIVE void gd_on_paste(const char* utf8) {
    browser().clipboard = utf8;
    gd::feed_dom_paste_keys(browser().keyboard, ImGui::GetIO());
    gd::draw_frame_now();
}

EMSCRIPTEN_KEEPALIVE void gd_on_focus(int focused) {
    gd::feed_dom_focus(browser().keyboard, ImGui::GetIO(), focused != 0);
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
