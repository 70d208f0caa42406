#pragma once
// JSON that comes from outside (a request body, a form field a CRM posts): every way it can be
// wrong is an invalid_json Error, never an exception, and it cannot cost unbounded memory.
#include "shared/result.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace gd {

// No shape of ours nests deeper than a few levels. nlohmann's parser keeps its own stack (no
// recursion), but every level it opens is a value in memory: a 1 MiB body of '[' would be a
// million nested arrays. Deeper input is refused as it is read.
inline constexpr int kMaxOutsideJsonDepth = 32;

// invalid_json with a detail that never quotes the text: "at byte 12", "a number is out of
// range", "nested deeper than 32 levels".
Result<nlohmann::json> parse_outside_json(std::string_view text, int max_depth = kMaxOutsideJsonDepth);

} // namespace gd
