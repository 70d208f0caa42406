#include "proxy/domain/privacy_refusals.h"

#include <nlohmann/json.hpp>

namespace gd {

void PrivacyRefusals::remember(const std::string& group_id, const std::string& e164) {
    db_.run("INSERT INTO privacy_refusals (group_id, phone, refused_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (phone, group_id) DO UPDATE SET refused_at = ?3",
            group_id, e164, clock_.unix_seconds());
}

void PrivacyRefusals::forget(const std::string& group_id, const std::string& e164) {
    db_.run("DELETE FROM privacy_refusals WHERE group_id = ?1 AND phone = ?2", group_id, e164);
}

std::map<std::string, std::vector<PrivacyRefusal>> PrivacyRefusals::of(const std::vector<std::string>& e164s) {
    // The numbers travel as one JSON array (SQLite's json_each), as the kept WhatsApp checks do:
    // a long card never meets SQLite's limit on bound parameters.
    std::map<std::string, std::vector<PrivacyRefusal>> refusals;
    if (e164s.empty()) return refusals;
    Statement rows = db_.prepare("SELECT phone, group_id, refused_at FROM privacy_refusals "
                                 "WHERE phone IN (SELECT value FROM json_each(?1)) ORDER BY phone, refused_at DESC");
    rows.bind(1, nlohmann::json(e164s).dump());
    while (rows.step()) refusals[rows.text(0)].push_back({rows.text(1), rows.integer(2)});
    return refusals;
}

} // namespace gd
