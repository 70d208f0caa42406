#include "proxy/connectors/green_api/green_api_answers.h"

#include "proxy/connectors/upstream/ascii_text.h"

#include <algorithm>
#include <cctype>

namespace gd::green {

namespace {

using nlohmann::json;

std::string one_line(std::string text) {
    const size_t end = text.find_first_of("\r\n");
    if (end != std::string::npos) text.resize(end);
    while (!text.empty() && std::isspace((unsigned char)text.back())) text.pop_back();
    if (text.size() > 160) text = text.substr(0, 160) + "...";
    return text;
}

std::string string_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string detail(const std::string& operation, const UpstreamResponse& response, const std::string& note = {}) {
    std::string d = operation + ": Green-API HTTP " + std::to_string(response.status);
    const std::string said = words_in(response.body);
    if (!said.empty()) d += " (" + said + ")";
    if (!note.empty()) d += "; " + note;
    return d;
}

// HTTP 466 {"invokeStatus":{"method","used","total","status","description"},
//           "correspondentsStatus":{"method":"correspondents","used","total","status",...}}.
// The description is not repeated: for the chat quota it lists the numbers still allowed.
std::string quota_note(const std::string& body) {
    const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
    auto count = [](const json& status, const char* key) {
        auto it = status.find(key);
        if (it == status.end()) return std::string("?");
        if (it->is_number_integer()) return std::to_string(it->get<long long>());
        return it->is_string() ? it->get<std::string>() : std::string("?");
    };
    std::string note;
    if (j.is_object()) {
        auto chats = j.find("correspondentsStatus");
        auto calls = j.find("invokeStatus");
        if (chats != j.end() && chats->is_object() && contains_ignoring_case(string_at(*chats, "status"), "EXCEEDED"))
            note = "the plan's monthly number of chats is used up (" + count(*chats, "used") + " of " + count(*chats, "total") + ")";
        else if (calls != j.end() && calls->is_object())
            note = "the plan's monthly quota of " + string_at(*calls, "method") + " is used up (" + count(*calls, "used") +
                   " of " + count(*calls, "total") + ")";
    }
    if (note.empty()) note = "a monthly quota of the Green-API plan is used up";
    return note + ": change the plan in the Green-API console or wait for the 1st of the month";
}

} // namespace

bool is_html(std::string_view body) {
    const size_t start = body.find_first_not_of(" \t\r\n");
    return start != std::string_view::npos && body[start] == '<';
}

bool succeeded(const UpstreamResponse& response) { return response.status >= 200 && response.status < 300; }

std::string words_in(const std::string& body) {
    const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_string()) return one_line(j.get<std::string>());
    if (j.is_object()) {
        for (const char* key : {"message", "description", "error", "reason", "details"}) {
            std::string text = string_at(j, key);
            if (!text.empty()) return one_line(text);
        }
        return {};
    }
    if (!j.is_discarded()) return {};
    // Plain text ("instance account not authorized"); an HTML error page says nothing useful.
    const size_t start = body.find_first_not_of(" \t\r\n");
    if (start == std::string::npos || is_html(body)) return {};
    return one_line(body.substr(start));
}

Error error_of(const UpstreamResponse& response, const std::string& operation, Subject subject) {
    const int status = response.status;
    // Green-API's words, in whatever shape; an HTML page (a proxy's or a web server's) has none.
    const std::string body = is_html(response.body) ? std::string{} : response.body;
    if (status == 401)
        return {ErrorCode::gateway_not_authorized,
                detail(operation, response, "Green-API refused the apiTokenInstance: check it in the proxy settings")};
    if (status == 403)
        return {ErrorCode::gateway_not_authorized,
                detail(operation, response, "Green-API refused the idInstance: check it and the apiUrl in the proxy settings")};
    if (status == 466) return {ErrorCode::quota_exceeded, detail(operation, response, quota_note(body))};
    // 429 from the rate limiter; WhatsApp's own throttle surfaces as "rate overlimit", and
    // checkWhatsapp's as "check phone number timeout limit exceeded".
    if (status == 429 || contains_ignoring_case(body, "rate overlimit") || contains_ignoring_case(body, "rate-overlimit") ||
        contains_ignoring_case(body, "timeout limit exceeded"))
        return {ErrorCode::upstream_rate_limited, detail(operation, response)};
    if (contains_ignoring_case(body, "not authorized") || contains_ignoring_case(body, "notAuthorized"))
        return {ErrorCode::number_logged_out,
                detail(operation, response, "the number is not logged in: scan the QR code in the Green-API console")};
    if (contains_ignoring_case(body, "starting"))
        return {ErrorCode::gateway_unavailable, detail(operation, response, "the instance is starting: wait up to 5 minutes")};
    // 404 is about the address (a wrong apiUrl, or a method this host does not have), never a group.
    if (status == 404)
        return {ErrorCode::gateway_bad_response,
                detail(operation, response, "no such Green-API method here: check the apiUrl (the console shows it per instance)")};
    if (subject == Subject::group && (contains_ignoring_case(body, "not found") || contains_ignoring_case(body, "item-not-found")))
        return {ErrorCode::group_not_found, detail(operation, response)};
    if (status == 499 || status >= 500) return {ErrorCode::gateway_unavailable, detail(operation, response)};
    return {ErrorCode::gateway_bad_response, detail(operation, response)};
}

Result<json> json_of(const UpstreamResponse& response, const std::string& operation) {
    json j = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
        return Error{ErrorCode::gateway_bad_response, operation + ": Green-API answered something that is not JSON"};
    return j;
}

} // namespace gd::green
