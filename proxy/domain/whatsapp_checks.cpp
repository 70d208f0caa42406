#include "proxy/domain/whatsapp_checks.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace gd {

namespace {
const char* const kCheckCounter = "whatsapp_check";
}

WhatsAppChecks::WhatsAppChecks(Database& db, WhatsAppGateway& gateway, Clock& clock, CheckPolicy policy)
    : db_(db), gateway_(gateway), clock_(clock), policy_(policy), counts_(db, clock) {}

int WhatsAppChecks::gateway_checks_today() { return counts_.today(kCheckCounter); }

std::optional<bool> WhatsAppChecks::fresh_answer(const std::string& e164) {
    Statement kept = db_.prepare("SELECT has_whatsapp, checked_at FROM whatsapp_checks WHERE phone = ?1");
    kept.bind(1, e164);
    if (kept.step() && clock_.unix_seconds() - kept.integer(1) < (int64_t)policy_.fresh_for_hours * 3600)
        return kept.integer(0) != 0;
    return std::nullopt;
}

Result<bool> WhatsAppChecks::has_whatsapp(const std::string& e164) {
    if (std::optional<bool> kept = fresh_answer(e164)) return *kept;
    return checking_.run(e164, [&]() -> Result<bool> {
        // An answer that landed while this caller was deciding to ask serves it too.
        if (std::optional<bool> kept = fresh_answer(e164)) return *kept;
        return ask_gateway(e164);
    });
}

Result<bool> WhatsAppChecks::ask_gateway(const std::string& e164) {
    // The day's count and the check's turn are taken under the lock, so racing checks never pass
    // the cap nor share a turn; the wait for that turn and the gateway's answer happen outside it.
    Clock::Duration turn;
    {
        std::lock_guard lock(mutex_);
        if (counts_.today(kCheckCounter) >= policy_.daily_cap) return Error{ErrorCode::daily_limit_reached, "WhatsApp checks"};
        counts_.add_one(kCheckCounter);
        turn = std::max(clock_.now(), next_check_at_);
        next_check_at_ = turn + policy_.min_interval;
    }
    Clock::Duration wait = turn - clock_.now();
    if (wait.count() > 0) clock_.sleep_for(wait);

    Result<std::vector<WhatsAppCheck>> answer = gateway_.check_whatsapp({e164});
    if (!answer) return answer.error();
    if (answer->size() != 1) return Error{ErrorCode::bad_response, "check_whatsapp answered for " + std::to_string(answer->size())};
    bool exists = answer->front().exists;
    remember(e164, exists);
    return exists;
}

std::map<std::string, KeptCheck> WhatsAppChecks::kept_answers(const std::vector<std::string>& e164s) {
    // No lock: one SELECT sees one state. The numbers travel as one JSON array (SQLite's built-in
    // json_each), so a long card never meets SQLite's limit on bound parameters.
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
