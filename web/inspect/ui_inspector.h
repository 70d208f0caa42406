#pragma once
// Sees what the UI drew, for tests and the browser's test API: every item ImGui registered in the
// last frame (label and rectangle, through ImGui's test-engine hooks) and how many glyphs were
// drawn as the font's fallback (a character the font lacks). Plain data, one per ImGui context.
#include <imgui.h>

#include <string>
#include <vector>

struct ImDrawData;

namespace gd {

struct InspectedItem {
    unsigned int id = 0;
    std::string label;   // visible text; for "##name" items the name
    ImVec2 min, max;     // clipped to what is visible, in framebuffer pixels
    ImVec2 whole_min, whole_max;   // before clipping: what a layout drew past its window's edge
    bool visible = false;
    // Where it was drawn, to tell siblings (the same root window: the widget, a popup, a tooltip)
    // from a popup drawn over them: ImGui's window names ("GroupDesk", "##Tooltip_00", ...).
    std::string window;
    std::string root_window;
    std::string whole_text;   // set when it shows this text cut with "…" (the whole on hover or tap)
};

struct UiInspector {
    std::vector<InspectedItem> items;   // last complete frame
    int fallback_glyphs = 0;            // in the last complete frame
    unsigned int focused_id = 0;        // the text field being edited, else the item the keyboard's
                                        // focus frame is drawn on; 0 when neither
    int frames = 0;

    std::vector<InspectedItem> building;   // the frame being drawn

    // Attaches to the current ImGui context and turns its item hooks on.
    void attach();
    // Call after ImGui::Render(): publishes the frame's items and counts fallback glyphs.
    void end_frame(const ImDrawData* draw_data);

    const InspectedItem* find(const std::string& label) const;   // first visible exact match
    const InspectedItem* focused() const;                         // the item of focused_id, if listed
    std::vector<const InspectedItem*> find_all_containing(const std::string& text) const;
};

// Lists the last item (a table header, a text, a progress bar: things ImGui does not label for its
// hooks) under this label, so tests can find it like any button.
// `whole_text`: the text the item shows cut with "…". `drawn_within`: the item keeps what it draws
// inside its visible part (a table header, whose cell rectangle strays past the column by the cells'
// spacing, cuts its own label with "…"): its rectangle as laid out is the visible one.
void inspect_last_item(const char* label, const char* whole_text = nullptr, bool drawn_within = false);

// "Name##id" -> "Name"; "##filter" -> "filter"; "Name###id" -> "Name".
std::string visible_label(const char* label);

} // namespace gd
