// Clipboard: Emscripten's GLFW clipboard is a stub, and browsers only hand out clipboard text
// inside a user's paste gesture. So: the JS glue catches the page's `paste` event and stores
// the text here before ImGui sees Ctrl+V; copies go to navigator.clipboard and to the `copy` event.
#include "web/platform/browser.h"

#include <emscripten.h>
#include <imgui.h>

namespace gd {

namespace {

EM_JS(void, js_copy, (const char* text), { GroupDeskBrowser.copy(UTF8ToString(text)); });

const char* get_clipboard(void*) { return browser().clipboard.c_str(); }
void set_clipboard(void*, const char* text) { js_copy(text); }

} // namespace

void install_clipboard(ImGuiIO& io) {
    io.GetClipboardTextFn = get_clipboard;
    io.SetClipboardTextFn = set_clipboard;
    io.ClipboardUserData = nullptr;
}

} // namespace gd
