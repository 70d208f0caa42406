#pragma once
// How Evolution API v2 says "no", turned into the one Error type the widget shows.
//
// Evolution is an Express app whose exceptions are plain objects caught by one handler (src/main.ts):
//   {"status": 400, "error": "Bad Request", "response": {"message": [...]}}
// `message` is whatever the code threw: a list of strings (the usual case, e.g.
// ["Error updating participants", "Error: not-authorized"]), a list of objects (schema complaints,
// or the {"exists": false, "jid", "number"} of a number that is not on WhatsApp), or one string.
// A Baileys error nobody caught (fetchAllGroups has no try) comes out as HTTP 500 with the Baileys
// message ("Connection Closed", "rate-overlimit"). So, as with WAHA, the words matter more than the
// status: every group call wraps WhatsApp's own refusal in a 400 or 404 whose second message is
// the Baileys error ("not-authorized", "item-not-found", "forbidden", "rate-overlimit").
#include "proxy/connectors/upstream/upstream_http.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gd::evolution {

// What the request was about, so a 404 names the right missing thing.
enum class Subject { instance, group, other };

bool is_success(const UpstreamResponse& response);   // 2xx

// Evolution's own words from an error body, one line, at most ~160 characters ("" if none).
std::string evolution_message(const std::string& body);

// WhatsApp's refusals as Baileys words them, anywhere in a body.
bool says_not_authorized(const std::string& body);   // our number is not an admin of the group
bool says_rate_overlimit(const std::string& body);   // WhatsApp throttles the number

// The Error for a non-2xx answer. `operation` names the call in the detail (never the URL or key).
Error evolution_error(const UpstreamResponse& response, const std::string& operation, Subject subject);

// A 2xx answer's JSON body; gateway_bad_response when it is not JSON.
Result<nlohmann::json> read_json(const UpstreamResponse& response, const std::string& operation);

} // namespace gd::evolution
