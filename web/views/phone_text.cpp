#include "web/views/phone_text.h"

#include "shared/types.h"
#include "web/inspect/ui_inspector.h"
#include "web/state/ui_text.h"
#include "web/views/widgets.h"

#include <imgui.h>

namespace gd {

void phone_text(const std::string& e164, const std::string& display, Lang lang, bool inspect, const ImVec4* color) {
    const std::string& shown = phone_to_show(e164, display);
    // Cut with "…" in a narrow cell, whole on hover or tap (widgets.h).
    ellipsis_text(shown.c_str(), color, 0, inspect ? nullptr : "");
    if (e164.empty()) return;
    // The menu's id is the number's: rows of a table each get their own.
    ImGui::PushID(e164.c_str());
    if (ImGui::BeginPopupContextItem("##phone")) {
        if (ImGui::MenuItem(ui_text::copy_phone.in(lang), e164.c_str())) ImGui::SetClipboardText(e164.c_str());
        inspect_last_item(("copy " + e164).c_str());
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

} // namespace gd
