#pragma once
// Small drawing helpers shared by the screens.
#include <imgui.h>

#include <string>

namespace gd {

// The colours of results and hints, the same on every screen.
inline const ImVec4 kMuted(0.40f, 0.45f, 0.50f, 1);
inline const ImVec4 kBad(0.62f, 0.10f, 0.10f, 1);
inline const ImVec4 kGood(0.10f, 0.45f, 0.20f, 1);

// TableHeadersRow(), with each header findable by tests under its caption.
void table_headers_row();
// Wrapped text in a colour, findable by tests under its own text.
void wrapped_text(const char* text, const ImVec4* color = nullptr);
// Keeps the next item on the line when `width` more fits before the window's edge, so a row of
// buttons wraps in a narrow panel instead of running out of it.
void same_line_if_fits(float width);
// A button's width for this label (what ImGui::Button would take).
float button_width(const char* label);
// printf into a string, checked by the compiler like ImGui's own Text().
std::string formatted(const char* format, ...) IM_FMTARGS(1);

} // namespace gd
