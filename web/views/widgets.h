#pragma once
// Small drawing helpers shared by the screens.
#include <imgui.h>

namespace gd {

// TableHeadersRow(), with each header findable by tests under its caption.
void table_headers_row();
// Wrapped text in a colour, findable by tests under its own text.
void wrapped_text(const char* text, const ImVec4* color = nullptr);

} // namespace gd
