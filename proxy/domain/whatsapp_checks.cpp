#include "proxy/domain/whatsapp_checks.h"

#include <nlohmann/json.hpp>

namespace gd {

namespace {
const char* const kCheckCounter = "whatsapp_check";
}

WhatsAppChecks::WhatsAppChecks(Database& db, WhatsAppGateway& gateway, Clock& clock, CheckPolicy policy)
    : db_(db), gateway_(gateway), clock_(clock), policy_(policy), counts_(db, clock) {}

int WhatsAppChecks::gateway_checks_today() { return counts_.today(kCheckCounter); }

Result<bool> WhatsAppChecks::has_whatsapp(const std::string& e164) {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.unix_seconds();
    Statement kept = db_.prepare("SELECT has_whatsapp, checked_at FROM whatsapp_checks WHERE phone = ?1");
    kept.bind(1, e164);
    if (kept.step() && now - kept.integer(1) < (int64_t)policy_.fresh_for_hours * 3600) return kept.integer(0) != 0;

    if (counts_.today(kCheckCounter) >= policy_.daily_cap) return Error{ErrorCode::daily_limit_reached, "WhatsApp checks"};
    Clock::Duration wait = next_check_at_ - clock_.now();
    if (wait.count() > 0) clock_.sleep_for(wait);
    next_check_at_ = clock_.now() + policy_.min_interval;
    counts_.add_one(kCheckCounter);

    Result<std::vector<WhatsAppCheck>> answer = gateway_.check_whatsapp({e164});
    if (!answer) return answer.error();
    if (answer->size() != 1) return Error{ErrorCode::bad_response, "check_whatsapp answered for " + std::to_string(answer->size())};
    bool exists = answer->front().exists;
    remember(e164, exists);
    return exists;
}

std::map<std::string, KeptCheck> WhatsAppChecks::kept_answers(const std::vector<std::string>& e164s) {
    // No lock: has_whatsapp holds it while it waits for the gateway, and one SELECT sees one state.
    // The numbers travel as one JSON array (SQLite's built-in json_each), so a long card never meets
    // SQLite's limit on bound parameters.
    std::map<std::string, KeptCheck> kept;
    if (e164s.empty()) return kept;
    Statement rows = db_.prepare("SELECT phone, has_whatsapp, checked_at FROM whatsapp_checks "
                                 "WHERE phone IN (SELECT value FROM json_each(?1))");
    rows.bind(1, nlohmann::json(e164s).dump());
    while (rows.step()) kept[rows.text(0)] = KeptCheck{rows.integer(1) != 0, rows.integer(2)};
    return kept;
}

void WhatsAppChecks::remember(const std::string& e164, bool has_whatsapp) {
    db_.run("INSERT INTO whatsapp_checks (phone, has_whatsapp, checked_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (phone) DO UPDATE SET has_whatsapp = ?2, checked_at = ?3",
            e164, has_whatsapp, clock_.unix_seconds());
}

} // namespace gd
