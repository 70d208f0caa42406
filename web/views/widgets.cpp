#include "web/views/widgets.h"

#include "web/inspect/ui_inspector.h"

#include <cstdarg>
#include <cstdio>

namespace gd {

void table_headers_row() {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int column = 0; column < ImGui::TableGetColumnCount(); ++column) {
        if (!ImGui::TableSetColumnIndex(column)) continue;
        const char* name = ImGui::TableGetColumnName(column);
        ImGui::PushID(column);
        ImGui::TableHeader(name);
        inspect_last_item(name);
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
