#pragma once
// Case-blind ASCII text for what upstreams say (error words, header values, host names): their
// casing varies by version and engine, and none of it is language text.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace gd {

inline bool same_ascii_letter(char a, char b) { return std::tolower((unsigned char)a) == std::tolower((unsigned char)b); }

inline std::string ascii_lowercase(std::string text) {
    for (char& c : text) c = (char)std::tolower((unsigned char)c);
    return text;
}

inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_ascii_letter);
}

inline bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), same_ascii_letter);
}

inline bool contains_ignoring_case(std::string_view text, std::string_view needle) {
    return std::search(text.begin(), text.end(), needle.begin(), needle.end(), same_ascii_letter) != text.end();
}

} // namespace gd
