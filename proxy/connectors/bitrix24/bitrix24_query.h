#pragma once
// Parameters in a URL query the way Bitrix24 (PHP) reads them: nested objects and arrays as
// brackets, "filter[ID][0]=5&select[0]=PHONE" (PHP http_build_query). Needed for the OAuth server's
// GET and for batch commands, which are "method?query" strings (research/bitrix24.md §3 batch).
#include <nlohmann/json.hpp>

#include <string>

namespace gd {

// An object's members as a query; true/false as 1/0 (PHP's reading), null as empty.
std::string php_query(const nlohmann::json& params);

} // namespace gd
