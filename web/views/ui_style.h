#pragma once
// Look and size of the widget: the font and the style, scaled for the screen's pixel density.
#include <imgui.h>

namespace gd {

inline constexpr float kBaseFontPixels = 15.0f;

// Glyph ranges of the embedded font (keep in step with assets/fonts/ui-font-glyphs.txt).
const ImWchar* ui_font_glyph_ranges();
// Replaces the atlas's fonts with the UI font rasterised at kBaseFontPixels * scale.
// The caller rebuilds its GPU texture afterwards.
void load_ui_font(ImGuiIO& io, float scale);
// A light theme that sits well inside CRM cards, with every size multiplied by scale.
void apply_style(float scale);
// How the widget uses ImGui's input, the same in the browser and in the native UI tests: no
// settings file, a caret that does not blink, and the keyboard walking fields and buttons.
void configure_io(ImGuiIO& io);

} // namespace gd
