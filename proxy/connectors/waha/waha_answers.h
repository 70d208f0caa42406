#pragma once
// How WAHA says "no", turned into the one Error type the widget shows. WAHA is a NestJS app:
// HttpExceptions keep their status ({"statusCode":401,"message":"Unauthorized"}); anything an
// engine throws becomes HTTP 500 with the engine's message in the body (WAHA src/api/
// exception.filter.ts: {"statusCode":500,"error":"rate-overlimit",...}), so the body, not the
// status, says what happened.
#include "proxy/connectors/upstream/upstream_http.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gd {

// What the request was about, so a 404 or "item-not-found" names the right missing thing.
enum class WahaSubject { session, group, other };

bool is_success(const UpstreamResponse& response);   // 2xx

// The Error for a non-2xx answer. `operation` names the call in the detail (never the URL).
Error waha_error(const UpstreamResponse& response, const std::string& operation, WahaSubject subject);

// A 2xx answer's JSON body; gateway_bad_response when it is not JSON.
Result<nlohmann::json> read_json(const UpstreamResponse& response, const std::string& operation);

// An engine refusal inside a 500 body (Baileys/whatsapp-web.js wording).
bool says_rate_overlimit(const std::string& body);
bool says_not_admin(const std::string& body);

} // namespace gd
