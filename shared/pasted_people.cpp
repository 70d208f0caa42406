#include "shared/pasted_people.h"

#include <algorithm>

namespace gd {

namespace {

constexpr size_t kPhoneDigits = 7;
constexpr size_t kMistypedPhoneDigits = 5;

bool phone_char(char c) { return (c >= '0' && c <= '9') || c == '+' || c == '(' || c == ')' || c == '-' || c == '.' || c == ' '; }

// Cuts separators from both ends: ASCII ones in `junk`, and the en and em dashes people type
// between a name and a phone. The dashes are whole UTF-8 sequences: trimming their bytes one by
// one would eat the end of a Cyrillic letter ("Пётр" ends in D1 80, the dash holds 80 too).
std::string trim(std::string_view s, std::string_view junk = " \t\r,;:-|") {
    constexpr std::string_view kDashes[] = {"\u2013", "\u2014"};
    size_t b = 0, e = s.size();
    for (bool cut = true; cut && b < e;) {
        cut = false;
        if (junk.find(s[b]) != std::string_view::npos) { ++b; cut = true; continue; }
        for (std::string_view dash : kDashes)
            if (s.substr(b, e - b).starts_with(dash)) { b += dash.size(); cut = true; break; }
    }
    for (bool cut = true; cut && e > b;) {
        cut = false;
        if (junk.find(s[e - 1]) != std::string_view::npos) { --e; cut = true; continue; }
        for (std::string_view dash : kDashes)
            if (s.substr(b, e - b).ends_with(dash)) { e -= dash.size(); cut = true; break; }
    }
    return std::string(s.substr(b, e - b));
}

std::string digits(std::string_view s) {
    std::string d;
    for (char c : s)
        if (c >= '0' && c <= '9') d += c;
    return d;
}

// Collapses runs of spaces left where phones were cut out of a line.
std::string squeeze_spaces(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\t') c = ' ';
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    return trim(out);
}

} // namespace

std::vector<PastedPerson> read_pasted_people(std::string_view text) {
    std::vector<PastedPerson> people;
    std::vector<std::string> seen;   // digits of phones already taken
    int line_no = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        ++line_no;

        std::vector<std::string> phones;
        std::string mistyped;
        std::string rest;
        for (size_t i = 0; i < line.size();) {
            if (!phone_char(line[i]) || line[i] == ' ') {
                rest += line[i++];
                continue;
            }
            size_t j = i;
            while (j < line.size() && phone_char(line[j])) ++j;
            std::string run = trim(line.substr(i, j - i), " .-()");
            // Keep a leading "(" or "+" that trim removed: "(916) 123" and "+7 916" must survive.
            size_t lead = line.find_first_not_of(' ', i);
            if (lead < j && (line[lead] == '+' || line[lead] == '(')) run = trim(line.substr(lead, j - lead), " .-");
            size_t digit_count = digits(run).size();
            if (digit_count >= kPhoneDigits) {
                phones.push_back(run);
            } else {
                if (digit_count >= kMistypedPhoneDigits && mistyped.empty()) mistyped = run;
                rest += std::string(line.substr(i, j - i));
            }
            i = j;
        }
        // A line whose only number is too short for a phone but too long for a flat or a house
        // is a mistyped phone: kept, so the proxy answers "not a phone number" for it instead of
        // the line vanishing from the results.
        if (phones.empty() && !mistyped.empty()) {
            phones.push_back(mistyped);
            rest.replace(rest.find(mistyped), mistyped.size(), " ");
        }
        std::string name = squeeze_spaces(trim(rest));
        for (const std::string& phone : phones) {
            std::string key = digits(phone);
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            seen.push_back(key);
            people.push_back({phone, name, line_no});
            if (people.size() >= kMaxPastedPeople) return people;
        }
        if (end == text.size()) break;
        start = end + 1;
    }
    return people;
}

} // namespace gd
