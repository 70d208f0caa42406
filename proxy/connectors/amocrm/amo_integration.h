#pragma once
// The GroupDesk integration as registered in amoCRM (amoMarket → "My integration"): its keys, the
// redirect URI, and where accounts may live. One per proxy; every amoCRM account shares it.
#include "proxy/connectors/upstream/upstream_http.h"

#include <string>
#include <vector>

namespace gd {

struct AmoIntegration {
    std::string client_id;       // "ID интеграции"; widget tokens carry it as client_uuid
    std::string client_secret;   // signs widget tokens and authenticates token requests: never logged
    std::string redirect_uri;    // exactly as in the integration's settings (amoCRM compares it verbatim)
    // Hosts an account may live on: "<subdomain>.<one of these>" (research §Hosts). The install
    // redirect names the account host in `referer`, which anyone can forge; the proxy sends the
    // authorization code and the client secret only to a host under one of these domains.
    // Tests put the fake server's "127.0.0.1:<port>" here.
    std::vector<std::string> account_domains = {"amocrm.ru", "amocrm.com", "kommo.com"};
    std::string account_scheme = "https";   // "http" only for a local test account (the fakes)
};

// amoCRM allows 7 requests a second per integration and account (research §4); an account that
// keeps exceeding it is blocked (403 pages), so the client never goes faster. 429 answers carry
// no Retry-After: the client's own backoff applies.
constexpr double kAmoRequestsPerSecond = 7;

UpstreamPolicy amo_policy();

} // namespace gd
