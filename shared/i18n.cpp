#include "shared/i18n.h"

#include <cctype>

namespace gd {

Lang parse_lang(std::string_view s) {
    // Walk the comma-separated list in order of appearance (browsers send it sorted by q).
    while (!s.empty()) {
        while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.remove_prefix(1);
        if (s.size() >= 2) {
            char a = (char)std::tolower((unsigned char)s[0]), b = (char)std::tolower((unsigned char)s[1]);
            bool whole = s.size() == 2 || s[2] == '-' || s[2] == '_' || s[2] == ';' || s[2] == ',';
            if (whole && a == 'r' && b == 'u') return Lang::ru;
            if (whole && a == 'e' && b == 'n') return Lang::en;
        }
        size_t comma = s.find(',');
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return Lang::ru;
}

const char* lang_code(Lang lang) { return lang == Lang::ru ? "ru" : "en"; }

} // namespace gd
