#include "web/inspect/ui_inspector.h"

#include <imgui_internal.h>

#include <cstring>

namespace gd {

namespace {

UiInspector* inspector_of(ImGuiContext* ctx) { return static_cast<UiInspector*>(ctx->TestEngine); }

void note_window(InspectedItem& item, const ImGuiWindow* window) {
    item.window = window->Name;
    item.root_window = window->RootWindow ? window->RootWindow->Name : window->Name;
}

InspectedItem* find_building(UiInspector* in, ImGuiID id) {
    // The item just added is almost always the last one: search backwards.
    for (auto it = in->building.rbegin(); it != in->building.rend(); ++it)
        if (it->id == id) return &*it;
    return nullptr;
}

} // namespace

std::string visible_label(const char* label) {
    if (!label) return {};
    const char* hashes = std::strstr(label, "##");
    if (!hashes) return label;
    if (hashes == label) return label + (label[2] == '#' ? 3 : 2);
    return std::string(label, hashes);
}

void inspect_last_item(const char* label, const char* whole_text, bool drawn_within) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    UiInspector* in = inspector_of(&g);
    if (!in) return;
    ImGuiID id = g.LastItemData.ID;
    if (InspectedItem* item = id ? find_building(in, id) : nullptr) {
        item->label = visible_label(label);
        if (whole_text) item->whole_text = whole_text;
        if (drawn_within) {
            item->whole_min = item->min;
            item->whole_max = item->max;
        }
        return;
    }
    ImRect clipped = g.LastItemData.Rect;
    clipped.ClipWithFull(g.CurrentWindow->ClipRect);
    InspectedItem item;
    item.id = id;
    item.label = visible_label(label);
    item.min = clipped.Min;
    item.max = clipped.Max;
    item.whole_min = drawn_within ? clipped.Min : g.LastItemData.Rect.Min;
    item.whole_max = drawn_within ? clipped.Max : g.LastItemData.Rect.Max;
    item.visible = clipped.GetWidth() > 0 && clipped.GetHeight() > 0 && !g.CurrentWindow->SkipItems && !g.CurrentWindow->Hidden;
    note_window(item, g.CurrentWindow);
    if (whole_text) item.whole_text = whole_text;
    in->building.push_back(item);
}

void UiInspector::attach() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    g.TestEngine = this;
    g.TestEngineHookItems = true;
}

void UiInspector::end_frame(const ImDrawData* draw_data) {
    items.swap(building);
    building.clear();
    ++frames;
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    focused_id = g.ActiveId ? g.ActiveId : g.NavDisableHighlight ? 0 : g.NavId;

    // A missing character is drawn as the font's fallback glyph; each glyph quad has exactly one
    // vertex at the glyph's (U0,V0) corner, so counting those vertices counts fallback glyphs.
    fallback_glyphs = 0;
    const ImFont* font = ImGui::GetFont();
    const ImFontGlyph* fallback = font ? font->FallbackGlyph : nullptr;
    if (!fallback || !draw_data) return;
    const ImVec2 corner(fallback->U0, fallback->V0);
    for (int l = 0; l < draw_data->CmdListsCount; ++l) {
        const ImDrawList* list = draw_data->CmdLists[l];
        for (const ImDrawVert& v : list->VtxBuffer)
            if (v.uv.x == corner.x && v.uv.y == corner.y) ++fallback_glyphs;
    }
}

const InspectedItem* UiInspector::find(const std::string& label) const {
    for (const InspectedItem& item : items)
        if (item.visible && item.label == label) return &item;
    return nullptr;
}

const InspectedItem* UiInspector::focused() const {
    if (!focused_id) return nullptr;
    for (const InspectedItem& item : items)
        if (item.id == focused_id) return &item;
    return nullptr;
}

std::vector<const InspectedItem*> UiInspector::find_all_containing(const std::string& text) const {
    std::vector<const InspectedItem*> found;
    for (const InspectedItem& item : items)
        if (item.visible && item.label.find(text) != std::string::npos) found.push_back(&item);
    return found;
}

} // namespace gd

// ImGui's test-engine hooks (declared in imgui_internal.h when IMGUI_ENABLE_TEST_ENGINE is set).

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData*) {
    gd::UiInspector* in = gd::inspector_of(ctx);
    if (!in) return;
    ImGuiWindow* window = ctx->CurrentWindow;
    if (window->IsFallbackWindow) return;   // ImGui's implicit "Debug" window is never shown
    if (id == window->ID) return;           // Begin() registers the whole window: a frame, not an item
    ImRect clipped = bb;
    clipped.ClipWithFull(window->ClipRect);
    gd::InspectedItem item;
    item.id = id;
    item.min = clipped.Min;
    item.max = clipped.Max;
    item.whole_min = bb.Min;
    item.whole_max = bb.Max;
    // Items of a hidden or collapsed window, and those scrolled out, are not visible; nor are those
    // of a tooltip or popup in its first frame, drawn nowhere while ImGui measures it.
    item.visible = clipped.GetWidth() > 0 && clipped.GetHeight() > 0 && !window->SkipItems && window->Active && !window->Hidden;
    gd::note_window(item, window);
    in->building.push_back(item);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
    gd::UiInspector* in = gd::inspector_of(ctx);
    if (!in) return;
    if (gd::InspectedItem* item = gd::find_building(in, id)) item->label = gd::visible_label(label);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext* ctx, ImGuiID id) {
    gd::UiInspector* in = gd::inspector_of(ctx);
    if (!in) return nullptr;
    for (const gd::InspectedItem& item : in->items)
        if (item.id == id) return item.label.c_str();
    return nullptr;
}
