#pragma once
// A phone in a view: shown as people read it («+7 916 123-45-67», the proxy's display form, or the
// E.164 from an older proxy), copied as the number itself (E.164) from its right-click menu, so a
// pasted number is one every system reads the same way.
#include "shared/i18n.h"

#include <imgui.h>

#include <string>

namespace gd {

// inspect: name the drawn phone for the inspector (tests click it by its text).
// color: the text's colour (null: the style's).
void phone_text(const std::string& e164, const std::string& display, Lang lang, bool inspect = true,
                const ImVec4* color = nullptr);

} // namespace gd
