#include "web/platform/visible_items.h"

#include <emscripten.h>

namespace gd {

nlohmann::json visible_items_json(const Browser& b) {
    nlohmann::json items = nlohmann::json::array();
    for (const InspectedItem& item : b.inspector.items) {
        if (!item.visible || item.label.empty()) continue;   // unlabelled: scroll areas, table internals
        nlohmann::json entry = {{"label", item.label},
                                {"x", item.min.x / b.dpr},
                                {"y", item.min.y / b.dpr},
                                {"w", (item.max.x - item.min.x) / b.dpr},
                                {"h", (item.max.y - item.min.y) / b.dpr}};
        // Laid out wider than its window shows: its sides are cut off (a panel too narrow for it).
        // ImGui's CalcTextSize rounds a width up to a whole pixel, so a wrapped text may reach a
        // pixel past its wrap position without a glyph being cut: 1.5 px, as the native checker.
        if (item.whole_min.x < item.min.x - 1.5f || item.whole_max.x > item.max.x + 1.5f) entry["cut"] = true;
        // Siblings share a root window; a tooltip or popup is a root of its own, drawn over them.
        entry["window"] = item.window;
        entry["root"] = item.root_window;
        if (!item.whole_text.empty()) entry["whole"] = item.whole_text;   // shown cut with "…"
        items.push_back(std::move(entry));
    }
    return items;
}

} // namespace gd

extern "C" EMSCRIPTEN_KEEPALIVE const char* gd_visible_items() {
    static std::string text;
    text = gd::visible_items_json(gd::browser()).dump();
    return text.c_str();
}
