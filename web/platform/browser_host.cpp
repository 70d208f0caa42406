// The CRM host bridge: what the widget tells the page that frames it, and its memory in the browser.
//   - The height its content needs, so the CRM sizes the frame to it and no inner scrollbar
//     appears beside the CRM's own. Bitrix24's placement page has the BX24 library (the proxy
//     loads it there): BX24.resizeWindow(width, height) resizes the frame
//     (https://apidocs.bitrix24.com/sdk/bx24-js-sdk/additional-functions/bx24-resize-window.html).
//     BX24.fitWindow() would measure the page, which is always exactly the frame (the canvas
//     fills it), so the widget says the height itself. amoCRM's card script receives a
//     postMessage and sets its iframe's height, after checking the sender.
//   - «Открыть полностью» in amoCRM's right-hand panel: a postMessage the card script answers by
//     opening the whole widget.
//   - The compact panel's group, per user, in localStorage of the widget's own origin, and told to
//     the card's script, which keeps it in its own storage and passes it back as ?group=.
// Messages carry no secret (a height, a request to open): they may go to whoever frames us. The
// height is sent only when it changed, and at most once per 100 ms, so a layout that
// settles over a few frames costs the host one resize.
#include "web/platform/browser.h"

#include "web/state/crm_host.h"

#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace gd {

namespace {

// The build minifies this JS with Closure Compiler, which renames unquoted properties: what the
// framing page or Bitrix24's library reads or writes (BX24, the messages' fields) is quoted.

// The framing page's origin where the browser tells it (Chrome, Safari), else any.
EM_JS(void, js_tell_host, (const char* type, int height), {
    if (window.parent === window) return;   // the standalone page: nobody to tell
    var message = { 'source': 'groupdesk', 'type': UTF8ToString(type) };
    if (height > 0) message['height'] = height;
    var ancestors = window.location['ancestorOrigins'];
    window.parent.postMessage(message, ancestors && ancestors.length ? ancestors[0] : '*');
});

// Debounced: only the last height of a burst goes out. Bitrix24's library works once its own
// handshake with the portal is done (BX24.init), so a height that comes earlier waits for it.
EM_JS(void, js_report_height, (int height), {
    var bridge = window['groupdeskHost'] || (window['groupdeskHost'] = { height: 0, sent: 0, timer: 0 });   // ours alone: Closure may rename its fields
    bridge.height = height;
    if (bridge.timer) return;
    var send = function () {
        bridge.timer = 0;
        if (bridge.height === bridge.sent) return;
        var bx24 = window['BX24'];
        if (bx24 && typeof bx24['resizeWindow'] === 'function') {
            if (!window['GROUPDESK_BX24_READY']) { bridge.timer = setTimeout(send, 100); return; }
            bx24['resizeWindow'](document.documentElement.clientWidth, bridge.height);
        } else {
            _gd_tell_host_height(bridge.height);
        }
        bridge.sent = bridge.height;
    };
    bridge.timer = setTimeout(send, 100);
});

EM_JS(char*, js_remembered, (const char* key), {
    var value = "";
    try { value = window.localStorage.getItem(UTF8ToString(key)) || ""; } catch (e) { /* storage blocked in this frame */ }
    var size = lengthBytesUTF8(value) + 1;
    var ptr = _malloc(size);
    stringToUTF8(value, ptr, size);
    return ptr;
});

EM_JS(void, js_remember, (const char* key, const char* value), {
    try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) { /* storage blocked: not remembered */ }
});

// The framing page keeps the choice too, in its own (first-party) storage, and passes it back as
// ?group=: browsers that keep nothing for a framed page (Safari, private windows) still remember.
EM_JS(void, js_tell_host_choice, (const char* value), {
    if (window.parent === window) return;
    var ancestors = window.location['ancestorOrigins'];
    window.parent.postMessage({ 'source': "groupdesk", 'type': "group", 'group': UTF8ToString(value) },
                              ancestors && ancestors.length ? ancestors[0] : "*");
});

class BrowserHost : public CrmHost {
public:
    void open_full_view() override { js_tell_host("open-full", 0); }
    std::string remembered(const std::string& key) override {
        char* value = js_remembered(key.c_str());
        std::string text = value;
        std::free(value);
        return text;
    }
    void remember(const std::string& key, const std::string& value) override {
        js_remember(key.c_str(), value.c_str());
        js_tell_host_choice(value.c_str());
    }
};

int g_reported_height = 0;

// A long list (a group of 1200 members) would ask for a frame tens of thousands of pixels tall,
// more than a canvas can be; beyond this the widget scrolls inside its frame.
constexpr int kTallestFrame = 2000;

} // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void gd_tell_host_height(int height) { js_tell_host("height", height); }

CrmHost& browser_host() {
    static BrowserHost host;
    return host;
}

void report_content_height(const Browser& b) {
    // What the widget's window laid out this frame, scroll or not, with its padding: the height at
    // which it would need no scrollbar.
    ImGuiWindow* window = ImGui::FindWindowByName("GroupDesk");
    if (!window || b.dpr <= 0) return;
    const float content = window->DC.CursorMaxPos.y - window->DC.CursorStartPos.y + ImGui::GetStyle().WindowPadding.y * 2;
    const int height = std::min((int)std::ceil(content / b.dpr), kTallestFrame);
    if (height <= 0 || height == g_reported_height) return;
    g_reported_height = height;
    js_report_height(height);
}

int reported_content_height() { return g_reported_height; }

} // namespace gd
