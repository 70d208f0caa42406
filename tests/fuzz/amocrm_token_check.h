#pragma once
// The amoCRM targets' integration and the one check both run: a token through
// verify_widget_token() as POST /crm/amocrm/session does, with a fresh ledger and a clock fixed at
// the seeds' time, so an input always gives the same answer.
#include "proxy/connectors/amocrm/amo_widget_token.h"

#include <cstdlib>
#include <string>

namespace gd::fuzz {

inline constexpr const char* kAmoSecret = "client-secret-Zq81vNw";
inline constexpr const char* kAmoClient = "0b0832f6-d123-4123-9123-e73f236833c0";
inline constexpr const char* kAmoAudience = "https://groupdesk.example.org";
inline constexpr int64_t kAmoNow = 1795424400;   // ManualClock's start: the seeds' iat

// An accepted token is whole (every field the session needs), opens its own account, and is
// refused when offered again; a refused one is crm_token_rejected with a detail.
inline void check_widget_token(const std::string& token) {
    ManualClock clock;
    clock.set_unix_start(kAmoNow);
    MemoryJtiLedger ledger(clock);
    const WidgetTokenSettings settings{kAmoSecret, kAmoClient, kAmoAudience};

    Result<WidgetIdentity> identity = verify_widget_token(token, settings, clock, ledger);
    if (!identity) {
        if (identity.error().code != ErrorCode::crm_token_rejected || identity.error().detail.empty()) std::abort();
        return;
    }
    const WidgetIdentity& who = identity.value();
    if (who.account_id.empty() || who.user_id.empty() || who.jti.empty() || who.expires_at <= kAmoNow ||
        who.account_host.rfind(who.subdomain + ".", 0) != 0)
        std::abort();
    const CrmAccount account{who.account_id, "amocrm", "https://" + who.account_host};
    if (!check_token_account(who, account)) std::abort();

    Result<WidgetIdentity> again = verify_widget_token(token, settings, clock, ledger);
    if (again || again.error().detail != "replayed") std::abort();
}

} // namespace gd::fuzz
