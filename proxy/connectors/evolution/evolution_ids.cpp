#include "proxy/connectors/evolution/evolution_ids.h"

namespace gd::evolution {

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
