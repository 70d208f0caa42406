#pragma once
// "Does this number have WhatsApp?" before every add (adding numbers without WhatsApp gets the
// connected number banned). Answers are kept and reused while fresh, because checking in bulk is
// itself a ban signal: gateway checks are spaced out and counted against a daily cap.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/whatsapp_gateway.h"
#include "proxy/domain/daily_counts.h"
#include "proxy/storage/database.h"

#include <mutex>

namespace gd {

struct CheckPolicy {
    int fresh_for_hours = 24 * 7;           // a kept answer older than this is asked again
    int daily_cap = 300;                    // gateway checks per UTC day
    Clock::Duration min_interval{3000};     // between two gateway checks
};

class WhatsAppChecks {
public:
    WhatsAppChecks(Database& db, WhatsAppGateway& gateway, Clock& clock, CheckPolicy policy);

    // true/false from a fresh kept answer, else from the gateway (waiting its turn). Errors:
    // daily_limit_reached, or the gateway's own.
    Result<bool> has_whatsapp(const std::string& e164);
    int gateway_checks_today();
    const CheckPolicy& policy() const { return policy_; }

private:
    Database& db_;
    WhatsAppGateway& gateway_;
    Clock& clock_;
    CheckPolicy policy_;
    DailyCounts counts_;
    std::mutex mutex_;
    Clock::Duration next_check_at_{0};
};

} // namespace gd
