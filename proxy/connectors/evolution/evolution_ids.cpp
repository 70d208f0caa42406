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

} // namespace gd::evolution
