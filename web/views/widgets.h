#pragma once
// Small drawing helpers shared by the screens.
#include <imgui.h>

#include <initializer_list>
#include <string>
#include <vector>

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
// `text` cut at a character so that it and "…" fit `max_width`; the text itself when it fits.
std::string fit_with_ellipsis(const char* text, float max_width);
// While the last item is hovered its whole text shows in a tooltip; a click (a tap on a phone)
// keeps it open in a popup until the next click elsewhere (unless the item does something on a
// click of its own). For items that show `text` cut.
void whole_text_on_hover_or_tap(const char* text, bool tap_opens = true);
// One line of text in at most `width` (0: the rest of the line): cut with "…" when longer, the
// whole text then on hover or tap. Findable by tests under `label` (the text when null); the
// inspector marks it as cut.
void ellipsis_text(const char* text, const ImVec4* color = nullptr, float width = 0, const char* label = nullptr);
// A selectable row (across all columns in a table) whose first line is `text`,
// cut with "…" to the cell, and optional muted `second_line` below it (a column stacked in a narrow
// table). Findable by tests under `label` (`text` when null); true when clicked.
bool ellipsis_selectable(const char* text, bool selected, const char* second_line = nullptr, const char* label = nullptr);

// A table column with what it needs to stay readable: a column whose `min_width` does not fit
// is dropped, lowest `priority` first (0: never), and the caller shows its content another way.
struct TableColumn {
    const char* name;
    ImGuiTableColumnFlags flags;   // WidthFixed (min_width wide) or WidthStretch (weight)
    float min_width;
    float weight = 0;
    int priority = 0;
    ImGuiID user_id = 0;
};
// Whether the `shown` columns fit `width` at their min_width (plus the cells' padding).
bool columns_fit(const std::vector<TableColumn>& columns, const std::vector<bool>& shown, float width);
// The columns of `columns` that fit `width` (drops the lowest priority first); true at [i] = shown.
std::vector<bool> columns_that_fit(const std::vector<TableColumn>& columns, float width);
// TableSetupColumn for each column; dropped ones are set up disabled so that the table keeps its ids.
void setup_columns(const std::vector<TableColumn>& columns, const std::vector<bool>& shown);
// The width a column needs for its header and for the widest of `samples`.
float column_width(const char* header, std::initializer_list<const char*> samples);

// printf into a string, checked by the compiler like ImGui's own Text().
std::string formatted(const char* format, ...) IM_FMTARGS(1);

} // namespace gd
