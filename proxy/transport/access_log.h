#pragma once
// One line per request on stderr: "GET /api/v1/groups 200 3ms". The query string is left out:
// later it may carry tokens (CRM iframe launch parameters), and logs outlive secrets.
#include <string>
#include <string_view>

namespace gd {

// The line without its newline. Control characters in the method and the path become '?', so a
// crafted request can neither forge extra log lines nor send escape sequences to the terminal
// reading the log; very long methods and paths are cut.
std::string access_log_line(std::string_view method, std::string_view target, int status, long long duration_ms);

} // namespace gd
