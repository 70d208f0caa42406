#include "proxy/connectors/evolution/evolution_ids.h"

namespace gd::evolution {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

} // namespace

Result<std::string> digits_of_phone(const std::string& e164) {
    // E.164: "+", a country code not starting with 0, at most 15 digits in all.
    std::string_view digits = std::string_view(e164).substr(e164.empty() ? 0 : 1);
    if (e164.empty() || e164[0] != '+' || !all_digits(digits) || digits[0] == '0' || digits.size() < 7 ||
        digits.size() > 15)
        return Error{ErrorCode::invalid_phone, e164};
    return std::string(digits);
}

std::string number_for_evolution(const std::string& digits) {
    if (digits.size() < 10) return digits + "@s.whatsapp.net";
    return digits;
}

// The same steps, in the same order, as formatMXOrARNumber and formatBRNumber in Evolution's
// src/utils/createJid.ts.
std::string rewritten_by_evolution(const std::string& digits) {
    std::string d = digits;
    const std::string country = d.substr(0, 2);
    if ((country == "52" || country == "54") && d.size() == 13) d = country + d.substr(3);
    // ^(55)(\d{2})\d(\d{8})$: keep the 9 for area codes below 31 or subscriber numbers below 7.
    if (d.size() == 13 && d.compare(0, 2, "55") == 0) {
        const int area = std::stoi(d.substr(2, 2));
        const int first = d[5] - '0';
        if (first >= 7 && area >= 31) d = d.substr(0, 4) + d.substr(5);
    }
    return d;
}

std::string phone_of_jid(std::string_view jid) {
    const size_t at = jid.find('@');
    if (at == std::string_view::npos) return {};
    const std::string_view server = jid.substr(at + 1);
    if (server != "s.whatsapp.net" && server != "c.us") return {};
    std::string_view user = jid.substr(0, at);
    user = user.substr(0, user.find(':'));   // "79161234567:12" is one of that phone's devices
    if (!all_digits(user)) return {};
    return "+" + std::string(user);
}

std::string percent_encoded(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += (char)c;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

} // namespace gd::evolution
