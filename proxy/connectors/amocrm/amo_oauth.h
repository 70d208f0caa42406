#pragma once
// OAuth 2.0 with amoCRM (research §1): the token endpoint sits on the account's own host,
// POST <account>/oauth2/access_token, JSON in and out, for both grants. Access tokens live 24 h;
// each refresh token works once and is replaced by the answer, so refreshes go through
// CrmTokenKeeper (one at a time per account, saved before use).
#include "proxy/connectors/amocrm/amo_integration.h"
#include "proxy/connectors/upstream/crm_accounts.h"

#include <string>

namespace gd {

// What amoCRM's install redirect brings to our Redirect URI: ?code=...&referer=acme.amocrm.ru
// (&platform=1|2, &from_widget=1, which we do not need: the host already says the platform).
struct AmoInstallRedirect {
    std::string code;      // valid 20 minutes, once
    std::string referer;   // the account's host, as the browser (or an attacker) put it in the URL
};

// "https://acme.amocrm.ru" for referer "acme.amocrm.ru" (or "https://acme.amocrm.ru/"):
// bad_request unless the host is one of integration.account_domains or under one of them. Only
// letters, digits, '-', '.' and a port pass, so no "user@host", path or query can steer us.
Result<std::string> amo_account_url(const std::string& referer, const AmoIntegration& integration);

// Install: trades the code for a token pair at the account named by the redirect, asks
// GET /api/v4/account who that account is, and stores it (id = the account id) through the keeper,
// with its Digital Pipeline secret (application_token): a new one, or the stored one on re-install.
Result<CrmAccount> exchange_code(const AmoInstallRedirect& redirect, const AmoIntegration& integration,
                                 CrmTokenKeeper& keeper, Clock& clock, UpstreamPolicy policy = amo_policy());

// grant_type=refresh_token for `current` on `http` (a client for current.base_url). Registers the
// tokens it sends and receives as secrets of `http`. crm_reauthorization_needed when amoCRM
// refuses the refresh token (spent, revoked, or unused for 3 months).
Result<CrmAccount> request_refreshed_tokens(UpstreamHttp& http, const AmoIntegration& integration,
                                            const CrmAccount& current, Clock& clock);

} // namespace gd
