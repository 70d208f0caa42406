#include "web/views/widgets.h"

#include "web/inspect/ui_inspector.h"

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <cstdio>

namespace gd {

void table_headers_row() {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int column = 0; column < ImGui::TableGetColumnCount(); ++column) {
        if (!ImGui::TableSetColumnIndex(column)) continue;
        const char* name = ImGui::TableGetColumnName(column);
        ImGui::PushID(column);
        ImGui::TableHeader(name);
        // ImGui cuts a header too long for its column with "…" and shows it whole on hover itself;
        // columns_that_fit keeps every header whole.
        inspect_last_item(name, nullptr, true);
        ImGui::PopID();
    }
}

void wrapped_text(const char* text, const ImVec4* color) {
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    ImGui::TextWrapped("%s", text);
    if (color) ImGui::PopStyleColor();
    inspect_last_item(text);
}

void same_line_if_fits(float width) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float right = ImGui::GetContentRegionMax().x + ImGui::GetWindowPos().x;
    if (ImGui::GetItemRectMax().x + spacing + width <= right) ImGui::SameLine();
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

std::string fit_with_ellipsis(const char* text, float max_width) {
    const char* end = text + std::strlen(text);
    if (ImGui::CalcTextSize(text, end).x <= max_width) return std::string(text, end);
    static const char* const kEllipsis = "\xE2\x80\xA6";   // U+2026
    const float room = max_width - ImGui::CalcTextSize(kEllipsis).x;
    // The longest prefix that fits, cut between characters (never inside a UTF-8 sequence).
    const char* cut = text;
    for (const char* next = text; next < end;) {
        const char* after = next + 1;
        while (after < end && ((unsigned char)*after & 0xC0) == 0x80) ++after;
        if (ImGui::CalcTextSize(text, after).x > room) break;
        cut = next = after;
    }
    while (cut > text && cut[-1] == ' ') --cut;
    return std::string(text, cut) + kEllipsis;
}

void whole_text_on_hover_or_tap(const char* text, bool tap_opens) {
    const ImGuiID popup = ImGui::GetID(text);
    ImGui::PushID((int)popup);
    const bool open = ImGui::IsPopupOpen("##whole");
    if (tap_opens && ImGui::IsItemClicked()) ImGui::OpenPopup("##whole");
    // As wide as the text, at most the panel: a long text wraps instead of leaving the canvas.
    const float wrap = std::min(ImGui::GetFontSize() * 24, ImGui::GetIO().DisplaySize.x - ImGui::GetStyle().WindowPadding.x * 4);
    if (!open && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(wrap);
        wrapped_text(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (ImGui::BeginPopup("##whole")) {
        ImGui::PushTextWrapPos(wrap);
        wrapped_text(text);
        ImGui::PopTextWrapPos();
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

void ellipsis_text(const char* text, const ImVec4* color, float width, const char* label) {
    const float room = ImGui::GetContentRegionAvail().x;
    if (width <= 0 || width > room) width = room;
    const bool cut = ImGui::CalcTextSize(text).x > width;
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    if (cut) ImGui::TextUnformatted(fit_with_ellipsis(text, width).c_str());
    else ImGui::TextUnformatted(text);
    if (color) ImGui::PopStyleColor();
    inspect_last_item(label ? label : text, cut ? text : nullptr);
    if (cut) whole_text_on_hover_or_tap(text, true);
}

bool ellipsis_selectable(const char* text, bool selected, const char* second_line, const char* label) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float line = ImGui::GetTextLineHeight();
    const float gap = ImGui::GetStyle().ItemSpacing.y * 0.5f;
    const bool in_table = ImGui::TableGetColumnCount() > 0;
    const bool clicked = ImGui::Selectable("##row", selected, in_table ? ImGuiSelectableFlags_SpanAllColumns : 0,
                                           ImVec2(0, second_line ? line * 2 + gap : 0));
    const bool cut = ImGui::CalcTextSize(text).x > width;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const std::string first = cut ? fit_with_ellipsis(text, width) : std::string(text);
    draw->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), first.c_str());
    if (second_line) {
        const std::string second = fit_with_ellipsis(second_line, width);
        draw->AddText(ImVec2(at.x, at.y + line + gap), ImGui::GetColorU32(ImGuiCol_TextDisabled), second.c_str());
    }
    // Its box reaches half an item spacing past the window's edge; its text stays inside.
    inspect_last_item(label ? label : text, cut ? text : nullptr, true);
    // A tap opens the row, whose screen shows the whole text: the tooltip is for the mouse.
    if (cut) whole_text_on_hover_or_tap(text, false);
    return clicked;
}

bool columns_fit(const std::vector<TableColumn>& columns, const std::vector<bool>& shown, float width) {
    float needed = 0;
    for (size_t i = 0; i < columns.size(); ++i)
        if (shown[i]) needed += columns[i].min_width + ImGui::GetStyle().CellPadding.x * 2;
    return needed <= width;
}

std::vector<bool> columns_that_fit(const std::vector<TableColumn>& columns, float width) {
    std::vector<bool> shown(columns.size(), true);
    while (!columns_fit(columns, shown, width)) {
        int drop = -1;   // the lowest priority still shown
        for (size_t i = 0; i < columns.size(); ++i)
            if (shown[i] && columns[i].priority > 0 && (drop < 0 || columns[i].priority < columns[drop].priority)) drop = (int)i;
        if (drop < 0) break;
        shown[drop] = false;
    }
    return shown;
}

void setup_columns(const std::vector<TableColumn>& columns, const std::vector<bool>& shown) {
    for (size_t i = 0; i < columns.size(); ++i) {
        const TableColumn& c = columns[i];
        const bool fixed = (c.flags & ImGuiTableColumnFlags_WidthFixed) != 0;
        ImGuiTableColumnFlags flags = c.flags | (shown[i] ? 0 : ImGuiTableColumnFlags_Disabled);
        ImGui::TableSetupColumn(c.name, flags, fixed ? c.min_width : c.weight, c.user_id);
    }
}

float column_width(const char* header, std::initializer_list<const char*> samples) {
    float width = ImGui::CalcTextSize(header, nullptr, true).x;
    for (const char* sample : samples) width = std::max(width, ImGui::CalcTextSize(sample).x);
    return width;
}

std::string formatted(const char* format, ...) {
    va_list args;
    va_start(args, format);
    char small[256];
    va_list again;
    va_copy(again, args);
    const int n = std::vsnprintf(small, sizeof small, format, args);
    va_end(args);
    std::string out;
    if (n >= 0 && n < (int)sizeof small) out.assign(small, n);
    else if (n >= 0) {
        out.resize((size_t)n + 1);
        std::vsnprintf(out.data(), out.size(), format, again);
        out.resize((size_t)n);
    }
    va_end(again);
    return out;
}

} // namespace gd
