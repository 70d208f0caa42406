#include "web/state/text_search.h"

namespace gd {

namespace {

// Decodes one UTF-8 sequence at s[i]; returns 0 and advances one byte when it is invalid.
unsigned decode(std::string_view s, size_t& i) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) { ++i; return c; }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) { ++i; return 0; }
    unsigned cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) {
        unsigned char cc = (unsigned char)s[i + k];
        if ((cc & 0xC0) != 0x80) { ++i; return 0; }
        cp = (cp << 6) | (cc & 0x3F);
    }
    i += len;
    return cp;
}

void encode(unsigned cp, std::string& out) {
    if (cp < 0x80) { out += (char)cp; }
    else if (cp < 0x800) { out += (char)(0xC0 | (cp >> 6)); out += (char)(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
        out += (char)(0xE0 | (cp >> 12)); out += (char)(0x80 | ((cp >> 6) & 0x3F)); out += (char)(0x80 | (cp & 0x3F));
    } else {
        out += (char)(0xF0 | (cp >> 18)); out += (char)(0x80 | ((cp >> 12) & 0x3F));
        out += (char)(0x80 | ((cp >> 6) & 0x3F)); out += (char)(0x80 | (cp & 0x3F));
    }
}

unsigned fold(unsigned cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;   // Latin-1 capitals
    if (cp >= 0x410 && cp <= 0x42F) cp += 32;                      // А-Я -> а-я
    else if (cp >= 0x400 && cp <= 0x40F) cp += 80;                // Ѐ-Џ -> ѐ-џ
    if (cp == 0x451) return 0x435;                                  // ё -> е
    return cp;
}

} // namespace

std::string fold_for_search(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        size_t start = i;
        unsigned cp = decode(text, i);
        if (cp == 0 && text[start] != 0) out.append(text.substr(start, i - start));
        else encode(fold(cp), out);
    }
    return out;
}

std::string digits_of(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

SearchQuery make_query(std::string_view text) {
    // Trim spaces at both ends: a pasted query often carries them.
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    SearchQuery q;
    q.folded = fold_for_search(text);
    bool phone_like = !text.empty();
    for (char c : text)
        if (!((c >= '0' && c <= '9') || c == '+' || c == '(' || c == ')' || c == '-' || c == ' ')) phone_like = false;
    if (phone_like) q.digits = digits_of(text);
    // In Russia and Kazakhstan a number is dialled «8 916 …» for +7 916 …; a query that starts so
    // also finds the +7 number, but only from its start ("812" elsewhere in a number is not "712").
    if (q.digits.size() > 1 && q.digits[0] == '8' && text.find('+') == std::string_view::npos) q.plus7 = "7" + q.digits.substr(1);
    return q;
}

bool matches(const SearchQuery& query, std::string_view name, std::string_view phone) {
    if (query.empty()) return true;
    if (fold_for_search(name).find(query.folded) != std::string::npos) return true;
    if (query.digits.empty()) return false;
    const std::string phone_digits = digits_of(phone);
    if (phone_digits.find(query.digits) != std::string::npos) return true;
    return !query.plus7.empty() && phone_digits.rfind(query.plus7, 0) == 0;
}

} // namespace gd
