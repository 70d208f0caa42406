#pragma once
// Search as a Russian-speaking user expects: case-insensitive for Latin and Cyrillic, «ё» = «е»,
// and a query of digits matches phone numbers whatever their punctuation: the E.164 and the form
// shown («+7 916 123-45-67») alike, and «8 916 123» (the trunk prefix people dial) as +7.
#include <string>
#include <string_view>

namespace gd {

// Lower-cased, ё folded to е, UTF-8 in and out. Invalid UTF-8 bytes pass through unchanged.
std::string fold_for_search(std::string_view text);
// Only the digits of the text: "+7 (916) 123-45-67" -> "79161234567".
std::string digits_of(std::string_view text);

// A prepared query: fold once, match many rows.
struct SearchQuery {
    std::string folded;
    std::string digits;   // set when the query is a phone number fragment (digits and + ( ) - space)
    std::string plus7;    // "8 916 1" written with the trunk prefix: "79161", matched from a number's start
    bool empty() const { return folded.empty(); }
};
SearchQuery make_query(std::string_view text);
// True when any of the fields contains the query (or its digits are in a phone field).
bool matches(const SearchQuery& query, std::string_view name, std::string_view phone = {});

} // namespace gd
