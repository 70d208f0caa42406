// What the browser test API (window.groupdesk.state()) reports: the screen, the visible items with
// their rectangles in CSS pixels, the last error, and how many glyphs fell back to U+FFFD.
#include "web/platform/browser.h"

#include "shared/errors.h"

#include <emscripten.h>
#include <nlohmann/json.hpp>

extern "C" EMSCRIPTEN_KEEPALIVE const char* gd_test_state() {
    using namespace gd;
    Browser& b = browser();
    const AppState& s = b.app.state;
    nlohmann::json items = nlohmann::json::array();
    for (const InspectedItem& item : b.inspector.items) {
        if (!item.visible || item.label.empty()) continue;   // unlabelled: scroll areas, table internals
        items.push_back({{"label", item.label},
                         {"x", item.min.x / b.dpr},
                         {"y", item.min.y / b.dpr},
                         {"w", (item.max.x - item.min.x) / b.dpr},
                         {"h", (item.max.y - item.min.y) / b.dpr}});
    }
    nlohmann::json last_error = nullptr;
    if (const Error* error = visible_error(s))
        last_error = {{"code", error_code_name(error->code)}, {"message", error_text(error->code).in(s.lang)}};
    nlohmann::json state = {
        {"screen", s.screen == Screen::groups ? "groups" : "participants"},
        {"lang", lang_code(s.lang)},
        {"dpr", b.dpr},
        {"busy", any_request_in_flight(s)},
        {"frames", b.inspector.frames},
        {"last_error", last_error},
        {"fallback_glyphs", b.inspector.fallback_glyphs},
        {"items", items},
        {"rows", s.rows_shown},
        {"first_visible_row", s.first_visible_row},
    };
    static std::string text;
    text = state.dump();
    return text.c_str();
}
