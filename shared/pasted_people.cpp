#include "shared/pasted_people.h"

#include <algorithm>

namespace gd {

namespace {

bool phone_char(char c) { return (c >= '0' && c <= '9') || c == '+' || c == '(' || c == ')' || c == '-' || c == '.' || c == ' '; }

std::string trim(std::string_view s, std::string_view junk = " \t\r,;:-–—|") {
    size_t b = 0, e = s.size();
    auto is_junk = [&](char c) { return junk.find(c) != std::string_view::npos; };
    while (b < e && is_junk(s[b])) ++b;
    while (e > b && is_junk(s[e - 1])) --e;
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
            if (digits(run).size() >= 7) phones.push_back(run);
            else rest += std::string(line.substr(i, j - i));
            i = j;
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
