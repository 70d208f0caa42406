#pragma once
// "Does this number have WhatsApp?" before every add (adding numbers without WhatsApp gets the
// connected number banned). Answers are kept and reused while fresh, because checking in bulk is
// itself a ban signal: gateway checks are spaced out and counted against a daily cap. Racing
// checks of one number share one gateway check; a check waiting for its turn or its answer holds
// up no other number.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/whatsapp_gateway.h"
#include "proxy/domain/daily_counts.h"
#include "proxy/domain/single_flight.h"
#include "proxy/storage/database.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gd {

struct CheckPolicy {
    int fresh_for_hours = 24 * 7;           // a kept answer older than this is asked again
    int daily_cap = 300;                    // gateway checks per UTC day
    Clock::Duration min_interval{3000};     // between two gateway checks
};

// An answer kept from an earlier check.
struct KeptCheck {
    bool has_whatsapp = false;
    int64_t checked_at = 0;   // unix seconds
};

class WhatsAppChecks {
public:
    WhatsAppChecks(Database& db, WhatsAppGateway& gateway, Clock& clock, CheckPolicy policy);

    // true/false from a fresh kept answer, else from the gateway (waiting its turn). Errors:
    // daily_limit_reached, or the gateway's own.
    Result<bool> has_whatsapp(const std::string& e164);
    // The kept answers for these numbers, however old, in one read; never asks the gateway (a card
    // shows them). Numbers never checked are not in the map.
    std::map<std::string, KeptCheck> kept_answers(const std::vector<std::string>& e164s);
    // Keeps what WhatsApp said about a number some other way (an add it refused for no WhatsApp).
    void remember(const std::string& e164, bool has_whatsapp);
    int gateway_checks_today();
    const CheckPolicy& policy() const { return policy_; }

private:
    std::optional<bool> fresh_answer(const std::string& e164);
    Result<bool> ask_gateway(const std::string& e164);

    Database& db_;
    WhatsAppGateway& gateway_;
    Clock& clock_;
    CheckPolicy policy_;
    DailyCounts counts_;
    std::mutex mutex_;                    // guards the daily count and the turns, never held while waiting
    Clock::Duration next_check_at_{0};   // the earliest turn not yet given out
    SingleFlight<std::string, Result<bool>> checking_;   // by number
};

} // namespace gd
