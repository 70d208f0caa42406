#pragma once
// The browser platform layer (WASM only): canvas, WebGL2, input, fetch, clipboard, test API.
// Everything else in web/ runs natively too.
#include "web/inspect/ui_inspector.h"
#include "web/platform/dom_input.h"
#include "web/state/app_state.h"

#include <string>

namespace gd {

struct Browser {
    App app;
    UiInspector inspector;
    float css_width = 0, css_height = 0;   // canvas size in CSS pixels
    int canvas_width = 0, canvas_height = 0;   // backing store in device pixels
    float dpr = 1;                         // device pixels per CSS pixel; the UI is drawn at this scale
    float font_scale = 0;                  // scale the font atlas was built for
    std::string announced;                 // last text given to screen readers
    std::string clipboard;                 // last text pasted into the page (ImGui reads it on Ctrl+V)
    DomKeyboard keyboard;                  // modifiers the page last reported held
    int frames_wanted = 0;
    bool frame_scheduled = false;
    bool wakeup_scheduled = false;         // a timer will ask for a frame (job progress polls)
    bool ready = false;                    // first frame drawn
    bool useful = false;                   // first frame with the groups listed (the bench's cold start)
};

Browser& browser();

// Draws on the next animation frames; a burst of input asks for a few frames so that hover and
// release states settle, then drawing stops (an idle tab costs nothing).
void request_frames(int count = 3);
// Draws one frame right now: used inside input handlers so that a press and a release arriving
// between two animation frames are both seen, and so copy happens inside the user's gesture.
void draw_frame_now();

// Implemented in browser_clipboard.cpp.
void install_clipboard(ImGuiIO& io);

class LinkOpener;
// Implemented in browser_links.cpp: window.open in a new tab, with no way back to this page.
LinkOpener& browser_links();

class CrmHost;
// Implemented in browser_host.cpp: the framing CRM page (postMessage, Bitrix24's BX24) and
// localStorage.
CrmHost& browser_host();
// After a frame is drawn: tells the framing CRM the height the content needs, when it changed.
void report_content_height(const Browser& b);
int reported_content_height();   // CSS pixels; 0 before the first report

} // namespace gd
