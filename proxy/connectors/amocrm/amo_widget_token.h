#pragma once
// The card's disposable token (research §5.3): the widget's self.$authorizedAjax sends
// "X-Auth-Token: <JWT>", HS256-signed with the integration's client secret, valid 30 minutes.
// The proxy trusts the card's identity only after every check below, and accepts each token once.
#include "proxy/connectors/amocrm/amo_integration.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/upstream/crm_accounts.h"
#include "shared/result.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace gd {

struct WidgetTokenSettings {
    std::string client_secret;   // the signing key
    std::string client_id;       // must equal the token's client_uuid
    std::string audience;        // must equal aud: scheme://host of our redirect URI
    std::string account_scheme = "https";   // of the issuer, the account's own address
};

// The settings for `integration`: its secret and id, the audience from its redirect URI.
WidgetTokenSettings widget_token_settings(const AmoIntegration& integration);

// "https://proxy.example.com" from "https://proxy.example.com/crm/amocrm/install?x=1" (the port
// stays when there is one); "" when it is not an http(s) URL.
std::string audience_of(const std::string& redirect_uri);

// Who opened the card, as the verified token says.
struct WidgetIdentity {
    std::string account_id;
    std::string subdomain;
    std::string user_id;
    bool is_admin = false;        // absent in tokens issued before 2022-08: then false
    std::string jti;
    int64_t expires_at = 0;       // unix seconds
    std::string account_host;     // the issuer's host: "acme.amocrm.ru"
};

// Remembers every accepted jti until its token expires, so each token opens one session. The
// proxy keeps them in its data file (JtiTable, proxy/storage/jti_table.h): a restart does not
// reopen the tokens already used. MemoryJtiLedger keeps the same rule in memory.
class JtiLedger {
public:
    virtual ~JtiLedger() = default;
    // True the first time `jti` is offered while its token lives (until `expires_at`, unix
    // seconds), false while it is remembered. Tokens that have expired are forgotten on the way.
    virtual bool first_use(const std::string& jti, int64_t expires_at) = 0;
};

class MemoryJtiLedger : public JtiLedger {
public:
    explicit MemoryJtiLedger(Clock& clock);
    bool first_use(const std::string& jti, int64_t expires_at) override;
    size_t remembered() const;

private:
    Clock& clock_;
    mutable std::mutex mutex_;
    std::map<std::string, int64_t> seen_;   // jti -> exp
};

// Every refusal is crm_token_rejected with a short machine-readable detail (never the token):
// empty, malformed, algorithm, signature, claims, expired, not_yet_valid, audience, client,
// issuer, account, user, jti, replayed, not_configured.
// The algorithm must be exactly HS256 (never "none" or another HMAC, whatever the header says);
// nbf and iat may be up to 60 s ahead of our clock; exp is strict. The jti is recorded only when
// everything else passed, so a refused token cannot burn a valid one's jti. A ledger that cannot
// be read or written is storage_failed: the token is neither accepted nor called a replay.
Result<WidgetIdentity> verify_widget_token(const std::string& jwt, const WidgetTokenSettings& settings, Clock& clock,
                                           JtiLedger& ledger);

// The token's account is `account` (the stored one the proxy acts on): same id, and the issuer
// is the account's host. crm_token_rejected "account" otherwise.
Result<Done> check_token_account(const WidgetIdentity& identity, const CrmAccount& account);

} // namespace gd
