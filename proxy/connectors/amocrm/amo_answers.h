#pragma once
// How amoCRM says "no", turned into the one Error type. API errors are application/problem+json
// ({"title","type","status","detail"} plus "validation-errors"; the token endpoint adds "hint"),
// but 429 and 403 may be bare nginx HTML pages (research §4, §1.6).
#include "proxy/connectors/upstream/upstream_http.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gd {

bool amo_success(const UpstreamResponse& response);   // 2xx

// The Error for a non-2xx answer from /api/v4 (401 is the caller's business: it refreshes).
// `operation` names the call in the detail, never the URL.
Error amo_error(const UpstreamResponse& response, const std::string& operation);

// The Error for a non-2xx answer from /oauth2/access_token: a refused token or code means the
// admin must connect GroupDesk again.
Error amo_token_error(const UpstreamResponse& response, const std::string& operation);

// A 2xx answer's JSON object; crm_bad_response when it is not one.
Result<nlohmann::json> amo_json_object(const UpstreamResponse& response, const std::string& operation);

// "title: detail (hint)" from a problem+json body, one short line; "" when the body says nothing
// readable. Secrets are already hidden by UpstreamHttp; the text is cut, never the whole body.
std::string amo_problem_text(const std::string& body);

} // namespace gd
