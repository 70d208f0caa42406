#include "proxy/transport/access_log.h"

#include <algorithm>

namespace gd {

std::string access_log_line(std::string_view method, std::string_view target, int status, long long duration_ms) {
    constexpr size_t kMaxPath = 300;
    std::string_view path = target.substr(0, target.find('?'));
    std::string line;
    line.reserve(method.size() + std::min(path.size(), kMaxPath) + 24);
    // A request cpp-httplib could not parse (414, garbage) has neither: "-" keeps the columns.
    // Both come from the client as raw bytes: a terminal escape must not reach whoever reads the log.
    auto append_printable = [&line](std::string_view text, size_t max) {
        if (text.empty()) line += "-";
        for (size_t i = 0; i < text.size() && i < max; ++i) {
            unsigned char c = (unsigned char)text[i];
            line += (c < 0x20 || c == 0x7f) ? '?' : (char)c;
        }
    };
    append_printable(method, 16);
    line += " ";
    append_printable(path, kMaxPath);
    if (path.size() > kMaxPath) line += "...";
    line += " " + std::to_string(status) + " " + std::to_string(duration_ms) + "ms";
    return line;
}

} // namespace gd
