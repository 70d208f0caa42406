#include "proxy/connectors/evolution/evolution_answers.h"

#include "proxy/connectors/upstream/ascii_text.h"

#include <algorithm>
#include <cctype>

namespace gd::evolution {

namespace {

using nlohmann::json;

// One piece of `message`: a string as is; an object by its "message" (schema complaints), else
// compactly ({"exists":false,...} says more as JSON than anything we could rephrase).
std::string piece_text(const json& piece) {
    if (piece.is_string()) return piece.get<std::string>();
    if (piece.is_object()) {
        auto m = piece.find("message");
        if (m != piece.end() && m->is_string()) return m->get<std::string>();
    }
    if (piece.is_null()) return {};
    return piece.dump();
}

// Baileys' own close reasons: the instance's socket to WhatsApp is down (DisconnectReason).
bool says_not_connected(const std::string& body) {
    return contains_ignoring_case(body, "Connection Closed") || contains_ignoring_case(body, "Connection Lost") ||
           contains_ignoring_case(body, "Connection Failure") || contains_ignoring_case(body, "Timed Out");
}

// A 404 from Evolution's router itself, not from a route: "Cannot GET /group/...".
bool says_no_such_route(const std::string& body) {
    for (const char* verb : {"Cannot GET ", "Cannot POST ", "Cannot PUT ", "Cannot DELETE "})
        if (contains_ignoring_case(body, verb)) return true;
    return false;
}

// The instance guard: `The "x" instance does not exist`; fetchInstances: `Instance "x" not found`.
bool says_no_instance(const std::string& body) {
    return contains_ignoring_case(body, "instance does not exist") || contains_ignoring_case(body, "Instance \"");
}

std::string detail(const std::string& operation, const UpstreamResponse& response, const std::string& note = {}) {
    std::string d = operation + ": Evolution HTTP " + std::to_string(response.status);
    std::string said = evolution_message(response.body);
    if (!said.empty()) d += " (" + said + ")";
    if (!note.empty()) d += "; " + note;
    return d;
}

} // namespace

bool is_success(const UpstreamResponse& response) { return response.status >= 200 && response.status < 300; }

bool says_not_authorized(const std::string& body) { return contains_ignoring_case(body, "not-authorized"); }

bool says_rate_overlimit(const std::string& body) { return contains_ignoring_case(body, "rate-overlimit"); }

std::string evolution_message(const std::string& body) {
    json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
    std::string text;
    if (j.is_object()) {
        const json* message = nullptr;
        auto response = j.find("response");
        if (response != j.end() && response->is_object() && response->contains("message")) message = &(*response)["message"];
        else if (j.contains("message")) message = &j["message"];   // older or proxied shapes
        if (message && message->is_array()) {
            for (const json& piece : *message) {
                std::string t = piece_text(piece);
                if (t.empty()) continue;
                if (!text.empty()) text += "; ";
                text += t;
            }
        } else if (message) {
            text = piece_text(*message);
        }
        if (text.empty() && j.contains("error") && j["error"].is_string()) text = j["error"].get<std::string>();
    }
    std::replace(text.begin(), text.end(), '\n', ' ');
    if (text.size() > 160) text = text.substr(0, 160) + "...";
    return text;
}

Error evolution_error(const UpstreamResponse& response, const std::string& operation, Subject subject) {
    const int status = response.status;
    const std::string& body = response.body;
    // The apikey guard's own 401 ({"error":"Unauthorized"}). WhatsApp's not-authorized never comes
    // back as 401: Evolution wraps it in a 400 or 404.
    if (status == 401)
        return {ErrorCode::gateway_not_authorized, detail(operation, response, "check the Evolution apikey in the proxy settings")};
    if (status == 429 || says_rate_overlimit(body)) return {ErrorCode::upstream_rate_limited, detail(operation, response)};
    if (says_not_authorized(body)) return {ErrorCode::not_group_admin, detail(operation, response)};
    if (status == 404 && says_no_instance(body))
        return {ErrorCode::gateway_unavailable,
                detail(operation, response, "Evolution has no instance with this name: check the proxy settings")};
    if (status == 404 && says_no_such_route(body))
        return {ErrorCode::gateway_bad_response,
                detail(operation, response, "this server has no such route: check the URL and that it runs Evolution API v2")};
    if (says_not_connected(body))
        return {ErrorCode::gateway_unavailable, detail(operation, response, "the instance is not connected to WhatsApp")};
    // Baileys: item-not-found (no such group), forbidden (our number is not in it). Evolution's
    // group reads answer every other failure as 404 too ("Error fetching group", "No invite code").
    if (subject == Subject::group &&
        (status == 404 || contains_ignoring_case(body, "item-not-found") || contains_ignoring_case(body, "forbidden")))
        return {ErrorCode::group_not_found, detail(operation, response)};
    if (subject == Subject::instance && status == 404)
        return {ErrorCode::gateway_unavailable,
                detail(operation, response, "Evolution has no instance with this name: check the proxy settings")};
    if (status >= 500) return {ErrorCode::gateway_unavailable, detail(operation, response)};
    return {ErrorCode::gateway_bad_response, detail(operation, response)};
}

Result<nlohmann::json> read_json(const UpstreamResponse& response, const std::string& operation) {
    json j = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
        return Error{ErrorCode::gateway_bad_response, operation + ": Evolution answered something that is not JSON"};
    return j;
}

} // namespace gd::evolution
