#include "web/views/ui_style.h"

#include <cmath>

namespace gd {

namespace {

// The subset the build made from assets/fonts/ui-font-glyphs.txt, as bytes.
const unsigned char kUiFont[] = {
#include "groupdesk_ui_font.inc"
};

} // namespace

// The same characters as assets/fonts/ui-font-glyphs.txt.
const ImWchar* ui_font_glyph_ranges() {
    static const ImWchar ranges[] = {
        0x0020, 0x007E, 0x00A0, 0x00A0, 0x00A7, 0x00A7, 0x00AB, 0x00AB, 0x00B0, 0x00B0,
        0x00B7, 0x00B7, 0x00BB, 0x00BB, 0x00D7, 0x00D7, 0x0400, 0x045F, 0x2013, 0x2014,
        0x2018, 0x201E, 0x2022, 0x2022, 0x2026, 0x2026, 0x2039, 0x203A, 0x20AC, 0x20AC,
        0x20BD, 0x20BD, 0x2116, 0x2116, 0x2122, 0x2122, 0x2190, 0x2193, 0xFFFD, 0xFFFD, 0,
    };
    return ranges;
}

void load_ui_font(ImGuiIO& io, float scale) {
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;   // static data
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    // Whole pixels keep glyphs sharp on the device's pixel grid.
    float pixels = std::floor(kBaseFontPixels * scale);
    io.Fonts->AddFontFromMemoryTTF((void*)kUiFont, (int)sizeof(kUiFont), pixels, &config, ui_font_glyph_ranges());
    io.Fonts->Build();
}

void apply_style(float scale) {
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(12, 10);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 7);
    style.CellPadding = ImVec2(6, 4);
    style.FrameRounding = 4;
    style.ChildRounding = 4;
    style.GrabRounding = 4;
    style.WindowBorderSize = 0;
    style.FrameBorderSize = 1;
    style.ScrollbarSize = 14;
    style.GrabMinSize = 24;   // long member lists still get a grab you can hit
    style.Colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_Button] = ImVec4(0.90f, 0.93f, 0.97f, 1);
    style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.80f, 0.87f, 0.96f, 1);
    style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.68f, 0.79f, 0.94f, 1);
    style.Colors[ImGuiCol_Header] = ImVec4(0.86f, 0.91f, 0.98f, 1);
    style.Colors[ImGuiCol_HeaderHovered] = ImVec4(0.80f, 0.87f, 0.97f, 1);
    style.Colors[ImGuiCol_TableRowBgAlt] = ImVec4(0.96f, 0.97f, 0.98f, 1);
    // The keyboard's focus frame: opaque and dark enough to stand out on white (the light theme's
    // default, a translucent light blue, stands out from white by less than 3:1).
    style.Colors[ImGuiCol_NavHighlight] = ImVec4(0.05f, 0.33f, 0.80f, 1);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

void configure_io(ImGuiIO& io) {
    io.IniFilename = nullptr;               // nothing to persist between visits yet
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would keep an idle tab drawing
    // Tab and Shift+Tab through every field and button, Enter or Space runs the focused one,
    // Escape closes a popup or a list.
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
}

} // namespace gd
