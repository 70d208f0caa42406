#pragma once
// Reads a list of people pasted by a manager (from Excel, a chat, a CRM export): one or more
// phone numbers per line, optionally with a name. Only splits; the proxy validates each number.
#include <string>
#include <string_view>
#include <vector>

namespace gd {

struct PastedPerson {
    std::string phone;   // as written ("8 (916) 123-45-67")
    std::string name;    // the rest of its line, trimmed ("Иван Петров"); may be empty
    int line = 0;        // 1-based, to point at the line in a message
};

// A run of digits, spaces and + ( ) - . holding at least 7 digits is a phone number; anything
// else on the line is the name. A line without one whose longest number has 5 or 6 digits holds
// a mistyped phone, kept so that it is reported; shorter numbers (flats, houses) are text. The
// same phone twice keeps its first occurrence.
std::vector<PastedPerson> read_pasted_people(std::string_view text);

inline constexpr size_t kMaxPastedPeople = 1000;

} // namespace gd
