// Entry point of the WASM widget: WebGL2 context, ImGui, and on-demand frames.
#include "web/platform/browser.h"
#include "web/platform/browser_fetch.h"
#include "web/platform/secure_random.h"
#include "web/state/admin_screens.h"
#include "web/state/app_actions.h"
#include "web/state/member_actions.h"
#include "web/state/start_context.h"
#include "web/views/app_view.h"
#include "web/views/ui_style.h"

#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_internal.h>   // the input queue's length
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdlib>

namespace gd {

namespace {

BrowserFetch g_fetch;

EM_JS(char*, js_start_context, (), {
    var text = GroupDeskBrowser.startContext();
    var size = lengthBytesUTF8(text) + 1;
    var ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    return ptr;
});
EM_JS(void, js_install_listeners, (), { GroupDeskBrowser.install(); });
EM_JS(void, js_mark_ready, (), { GroupDeskBrowser.markReady(); });
EM_JS(void, js_mark_useful, (), { GroupDeskBrowser.markUseful(); });
EM_JS(void, js_show_fatal, (const char* message), { GroupDeskBrowser.showFatal(UTF8ToString(message)); });
EM_JS(void, js_announce, (const char* text), { GroupDeskBrowser.announce(UTF8ToString(text)); });
EM_JS(void, js_want_text_input, (int want), { GroupDeskBrowser.wantTextInput(want !== 0); });
EM_JS(void, js_set_cursor, (const char* css_cursor), { GroupDeskBrowser.setCursor(UTF8ToString(css_cursor)); });

const char* css_cursor(ImGuiMouseCursor cursor) {
    switch (cursor) {
    case ImGuiMouseCursor_None: return "none";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    default: return "default";
    }
}

// Font and sizes follow the device pixel ratio: glyphs rasterised at device resolution stay crisp.
void rescale_if_needed(Browser& b) {
    if (b.font_scale == b.dpr) return;
    ImGuiIO& io = ImGui::GetIO();
    load_ui_font(io, b.dpr);
    apply_style(b.dpr);
    if (b.font_scale != 0) {   // the first texture is made with the other GPU objects in NewFrame
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    b.font_scale = b.dpr;
}

void draw_frame() {
    Browser& b = browser();
    ImGuiIO& io = ImGui::GetIO();
    int width = (int)std::lround(b.css_width * b.dpr), height = (int)std::lround(b.css_height * b.dpr);
    // A hidden iframe reports 0x0: nothing to draw until it comes back.
    if (width <= 0 || height <= 0) return;
    if (width != b.canvas_width || height != b.canvas_height) {
        // The backing store in device pixels: one canvas pixel per screen pixel keeps text sharp.
        emscripten_set_canvas_element_size("#canvas", width, height);
        b.canvas_width = width;
        b.canvas_height = height;
    }
    rescale_if_needed(b);

    double now = emscripten_get_now() / 1000.0;
    io.DeltaTime = b.app.state.now > 0 ? std::max(0.001f, (float)(now - b.app.state.now)) : 1.0f / 60.0f;
    b.app.state.now = now;
    io.DisplaySize = ImVec2((float)width, (float)height);
    io.DisplayFramebufferScale = ImVec2(1, 1);

    tick_app(b.app);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    draw_app(b.app);
    ImGui::Render();

    glViewport(0, 0, width, height);
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    b.inspector.end_frame(ImGui::GetDrawData());
    report_content_height(b);

    // Everything clickable shows the hand; text fields the caret (ImGui sets those itself).
    ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
    if (cursor == ImGuiMouseCursor_Arrow && ImGui::IsAnyItemHovered()) cursor = ImGuiMouseCursor_Hand;
    js_set_cursor(css_cursor(cursor));
    js_want_text_input(io.WantTextInput ? 1 : 0);

    const Error* error = visible_error(b.app.state);
    std::string announcement = error ? std::string(error_text(error->code).in(b.app.state.lang)) + " " +
                                           error_next_step(error->code).in(b.app.state.lang)
                                     : std::string();
    if (announcement != b.announced) {
        js_announce(announcement.c_str());
        b.announced = announcement;
    }

    if (!b.ready) {
        b.ready = true;
        js_mark_ready();
    }
    // The first useful frame: signed in and the groups table drawn with rows.
    if (!b.useful && b.app.state.screen == Screen::groups && b.app.state.rows_shown > 0) {
        b.useful = true;
        js_mark_useful();
    }
}

void on_wakeup(void*) {
    browser().wakeup_scheduled = false;
    request_frames(1);
}

EM_BOOL on_animation_frame(double, void*) {
    Browser& b = browser();
    b.frame_scheduled = false;
    draw_frame();
    // Input ImGui's queue spread over later frames (a press and its release) is still waiting.
    const bool input_waiting = ImGui::GetCurrentContext()->InputEventsQueue.Size > 0;
    if (--b.frames_wanted > 0 || input_waiting || any_request_in_flight(b.app.state)) {
        request_frames(std::max(b.frames_wanted, 1));
    } else if (double wait = seconds_until_next_poll(b.app.state); wait >= 0 && !b.wakeup_scheduled) {
        // Idle but a job is running: sleep until its next progress poll instead of drawing.
        b.wakeup_scheduled = true;
        emscripten_set_timeout(on_wakeup, wait * 1000.0, nullptr);
    }
    return EM_FALSE;
}

} // namespace

Browser& browser() {
    static Browser instance;
    return instance;
}

void request_frames(int count) {
    Browser& b = browser();
    b.frames_wanted = std::max(b.frames_wanted, count);
    if (b.frame_scheduled) return;
    b.frame_scheduled = true;
    emscripten_request_animation_frame(on_animation_frame, nullptr);
}

void draw_frame_now() {
    draw_frame();
    request_frames();
}

} // namespace gd

int main() {
    using namespace gd;
    Browser& b = browser();

    EmscriptenWebGLContextAttributes attributes;
    emscripten_webgl_init_context_attributes(&attributes);
    attributes.majorVersion = 2;
    attributes.alpha = false;
    attributes.antialias = false;
    attributes.depth = false;
    attributes.stencil = false;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context("#canvas", &attributes);
    if (context <= 0) {
        js_show_fatal("WebGL 2");
        return 1;
    }
    emscripten_webgl_make_context_current(context);

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    configure_io(io);
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    b.inspector.attach();
    install_clipboard(io);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    char* start_json = js_start_context();
    StartContext start = read_start_context(start_json);
    free(start_json);
    b.app.http = &g_fetch;
    b.app.links = &browser_links();
    b.app.random = &platform_random();
    b.app.host = &browser_host();
#ifdef GROUPDESK_CONSOLE
    b.app.admin = &kAdminScreens;   // console.html; the card widget leaves them out (admin_screens.h)
#endif
    js_install_listeners();   // reports the canvas size, which requests the first frames
    start_app(b.app, start);
    request_frames();
    return 0;
}
