#pragma once
// The application's OAuth registration and the one exchange GroupDesk makes with Bitrix24's OAuth
// server: a refresh token for a new pair (research/bitrix24.md §5.3):
//   GET <oauth server>/oauth/token/?grant_type=refresh_token&client_id&client_secret&refresh_token
//   -> {access_token, refresh_token, expires, expires_in, client_endpoint, member_id, ...}
// Refresh tokens are single use: the old pair is dead once this answers, so callers go through
// CrmTokenKeeper (one refresh at a time per portal, saved before use) or, on install, store at once.
#include "proxy/connectors/upstream/upstream_http.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gd {

struct Bitrix24App {
    std::string client_id;       // "local.xxxx" for a local app, or the Market app's id
    std::string client_secret;   // sent only to the OAuth server, never to a portal or a browser
    std::string oauth_url = "https://oauth.bitrix.info";
};

// A pair handed out by the OAuth server, with what it says about the portal. The OAuth server is
// the one party we trust about which portal a token belongs to.
struct Bitrix24Grant {
    std::string access_token;
    std::string refresh_token;
    int64_t expires_at = 0;       // unix seconds
    std::string member_id;
    std::string client_endpoint;  // "https://<portal>/rest/"
    std::string user_id;          // whose pair it is; "" when the answer does not say
};

// crm_reauthorization_needed when the server refuses the refresh token (invalid_grant: expired,
// already used, or not ours); crm_not_authorized when it refuses our client_id/client_secret.
// `also_hidden`: the pair's other credentials, kept out of any answer like the refresh token.
Result<Bitrix24Grant> exchange_refresh_token(const Bitrix24App& app, const std::string& refresh_token, Clock& clock,
                                             UpstreamPolicy policy, const std::vector<std::string>& also_hidden = {});

// The policy every Bitrix24 call runs with: the caller's timeouts and backoff, and what an
// unreachable portal or a persistent 503 means here.
UpstreamPolicy bitrix24_policy(UpstreamPolicy policy);

} // namespace gd
