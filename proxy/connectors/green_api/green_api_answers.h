#pragma once
// How Green-API says "no", turned into the one Error type the widget shows. Sources: GA "Common
// errors" (400 "instance in starting process try later" / "instance account not authorized" /
// "bad request data", 401 a wrong apiTokenInstance, 403 a wrong idInstance, 429 over the rate
// limiter, 499 and 502 to be retried), GA /en/docs/api/466-error-example-body (HTTP 466: a monthly
// plan quota is used up) and each method's own page. Green-API words its errors in the body, in no
// single shape (a JSON object, a JSON string or plain text), so the body's words are read
// whatever their shape.
#include "proxy/connectors/upstream/upstream_http.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace gd::green {

// What a request was about, so a "not found" names the right missing thing.
enum class Subject { instance, group, other };

bool succeeded(const UpstreamResponse& response);   // 2xx

// An HTML page (a web server's or a proxy's), not anything Green-API words.
bool is_html(std::string_view body);

// Green-API's own words in a body, one line of at most 160 characters; "" when it said nothing
// readable (an HTML page says nothing).
std::string words_in(const std::string& body);

// The Error for an answer that is not a success. `operation` names the call (never the URL).
Error error_of(const UpstreamResponse& response, const std::string& operation, Subject subject);

// A 2xx answer's JSON body; gateway_bad_response when it is not JSON.
Result<nlohmann::json> json_of(const UpstreamResponse& response, const std::string& operation);

} // namespace gd::green
