#include "proxy/transport/access_log.h"

#include <algorithm>

namespace gd {

std::string access_log_line(std::string_view method, std::string_view target, int status, long long duration_ms) {
    constexpr size_t kMaxPath = 300;
    std::string_view path = target.substr(0, target.find('?'));
    std::string line;
    line.reserve(method.size() + std::min(path.size(), kMaxPath) + 24);
    // A request cpp-httplib could not parse (414, garbage) has neither: "-" keeps the columns.
    line.append(method.empty() ? "-" : method.substr(0, 16)).append(" ");
    if (path.empty()) line += "-";
    for (size_t i = 0; i < path.size() && i < kMaxPath; ++i) {
        unsigned char c = (unsigned char)path[i];
        line += (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (path.size() > kMaxPath) line += "...";
    line += " " + std::to_string(status) + " " + std::to_string(duration_ms) + "ms";
    return line;
}

} // namespace gd
