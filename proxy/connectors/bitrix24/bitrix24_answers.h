#pragma once
// How a Bitrix24 portal answers a REST method (research/bitrix24.md §5.2): {"result":...,"time":
// {...}} on success (list methods add "next" and "total"), {"error":"CODE","error_description":
// "text"} on failure, with an HTTP status of 20x, 40x or 50x. Some CRM methods leave the code empty
// and say only "Not found" or "Access denied" (RD crm-company-get.md), so the text counts too.
#include "proxy/connectors/upstream/upstream_http.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gd {

// One method's answer as the portal gave it, before we decide what it means.
struct RestAnswer {
    int status = 0;
    nlohmann::json result;        // the "result" member when the call succeeded
    nlohmann::json next;          // list methods: the next page's "start"; null on the last page
    nlohmann::json total;         // list methods: how many match the filter (0 when start=-1)
    std::string error;            // Bitrix24's code: "expired_token", "ACCESS_DENIED", "" ...
    std::string description;      // its error_description
    bool failed = false;

    bool ok() const { return !failed; }
};

// Whose token a call carried: it decides what a refused token means.
enum class TokenOwner {
    portal,   // the installation's stored pair: a refusal means the admin must reconnect
    user,     // a placement's AUTH_ID: a refusal means the card's token is forged or stale
};

// The answer of one HTTP exchange. crm_unavailable for a 5xx page that is not a Bitrix24 answer,
// crm_bad_response for anything else unreadable (an HTML page, a redirect, broken JSON).
Result<RestAnswer> read_rest_answer(const UpstreamResponse& response, const std::string& operation);

// What a failed answer means for GroupDesk. `operation` names the call in the detail, never the
// URL or a token (UpstreamHttp has already hidden any token the portal echoed back).
Error rest_error(const RestAnswer& answer, const std::string& operation, TokenOwner owner);

bool is_expired_token(const RestAnswer& answer);

} // namespace gd
