#pragma once
// Input validation shared by the proxy (authoritative) and the widget (early feedback).
#include <string_view>

namespace gd {

// WhatsApp group ids: "<digits>@g.us" (new style) or "<digits>-<digits>@g.us" (old style).
bool is_valid_group_id(std::string_view id);

inline constexpr size_t kMaxGroupIdLength = 64;

} // namespace gd
