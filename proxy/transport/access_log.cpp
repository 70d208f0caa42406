#include "proxy/transport/access_log.h"

#include <algorithm>

namespace gd {

namespace {

// Appends at most `max` bytes of text, each control byte as '?': neither a newline (a forged
// line) nor ESC (a terminal escape sequence) reaches the log. `ascii_only` also replaces bytes
// above 0x7e, which no HTTP method holds (and among which are the C1 controls, 0x9b = CSI).
void append_visible(std::string& line, std::string_view text, size_t max, bool ascii_only) {
    for (size_t i = 0; i < text.size() && i < max; ++i) {
        unsigned char c = (unsigned char)text[i];
        bool control = c < 0x20 || c == 0x7f || (ascii_only && c > 0x7e);
        line += control ? '?' : (char)c;
    }
    if (text.size() > max) line += "...";
}

} // namespace

std::string access_log_line(std::string_view method, std::string_view target, int status, long long duration_ms) {
    constexpr size_t kMaxMethod = 16, kMaxPath = 300;
    std::string_view path = target.substr(0, target.find('?'));
    std::string line;
    line.reserve(std::min(method.size(), kMaxMethod) + std::min(path.size(), kMaxPath) + 32);
    // A request cpp-httplib could not parse (414, garbage) has neither: "-" keeps the columns.
    if (method.empty()) line += "-";
    append_visible(line, method, kMaxMethod, /*ascii_only=*/true);
    line += " ";
    if (path.empty()) line += "-";
    append_visible(line, path, kMaxPath, /*ascii_only=*/false);
    line += " " + std::to_string(status) + " " + std::to_string(duration_ms) + "ms";
    return line;
}

} // namespace gd
