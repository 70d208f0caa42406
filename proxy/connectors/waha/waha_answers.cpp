#include "proxy/connectors/waha/waha_answers.h"

#include "proxy/connectors/upstream/ascii_text.h"

#include <algorithm>
#include <cctype>

namespace gd {

namespace {

// WAHA's own words for the detail: "message" or "error", never the stack (it names paths on the
// server) and never more than a line.
std::string waha_message(const std::string& body) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    std::string text;
    if (j.is_object()) {
        for (const char* key : {"message", "error"}) {
            auto it = j.find(key);
            if (it != j.end() && it->is_string()) {
                text = it->get<std::string>();
                break;
            }
            if (it != j.end() && it->is_array() && !it->empty() && (*it)[0].is_string()) {
                text = (*it)[0].get<std::string>();   // class-validator lists its complaints
                break;
            }
        }
        auto exception = j.find("exception");   // newer WAHA wraps engine errors
        if (text.empty() && exception != j.end() && exception->is_object() && exception->contains("message") &&
            (*exception)["message"].is_string())
            text = (*exception)["message"].get<std::string>();
    }
    if (text.size() > 160) text = text.substr(0, 160) + "...";
    return text;
}

std::string detail(const std::string& operation, const UpstreamResponse& response, const std::string& note = {}) {
    std::string d = operation + ": WAHA HTTP " + std::to_string(response.status);
    std::string said = waha_message(response.body);
    if (!said.empty()) d += " (" + said + ")";
    if (!note.empty()) d += "; " + note;
    return d;
}

} // namespace

bool is_success(const UpstreamResponse& response) { return response.status >= 200 && response.status < 300; }

bool says_rate_overlimit(const std::string& body) { return contains_ignoring_case(body, "rate-overlimit"); }

bool says_not_admin(const std::string& body) {
    // Baileys: "not-authorized" (the IQ error for a non-admin); whatsapp-web.js: "You have no admin rights".
    return contains_ignoring_case(body, "not-authorized") || contains_ignoring_case(body, "no admin rights");
}

Error waha_error(const UpstreamResponse& response, const std::string& operation, WahaSubject subject) {
    const int status = response.status;
    const std::string& body = response.body;
    if (status == 401)
        return {ErrorCode::gateway_not_authorized, detail(operation, response, "check WAHA's X-Api-Key in the proxy settings")};
    if (status == 429 || says_rate_overlimit(body))
        // WAHA issue #462: NOWEB group reads answer 500 "rate-overlimit" when WhatsApp throttles.
        return {ErrorCode::upstream_rate_limited, detail(operation, response)};
    if (status == 422) {
        // WAHA refuses every session call while the session is not WORKING: {"status":"SCAN_QR_CODE",...}
        nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
        std::string state = j.is_object() && j.contains("status") && j["status"].is_string() ? j["status"].get<std::string>() : "";
        if (state == "STARTING") return {ErrorCode::gateway_unavailable, detail(operation, response, "the WAHA session is starting")};
        return {ErrorCode::number_logged_out, detail(operation, response, "the WAHA session is " + (state.empty() ? "not WORKING" : state))};
    }
    if (subject == WahaSubject::group && (status == 404 || contains_ignoring_case(body, "item-not-found")))
        return {ErrorCode::group_not_found, detail(operation, response)};
    if (subject == WahaSubject::session && status == 404)
        return {ErrorCode::gateway_unavailable, detail(operation, response, "WAHA has no session with this name: check the proxy settings")};
    if (status >= 500 && says_not_admin(body)) return {ErrorCode::not_group_admin, detail(operation, response)};
    if (status >= 500) return {ErrorCode::gateway_unavailable, detail(operation, response)};
    return {ErrorCode::gateway_bad_response, detail(operation, response)};
}

Result<nlohmann::json> read_json(const UpstreamResponse& response, const std::string& operation) {
    nlohmann::json j = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Error{ErrorCode::gateway_bad_response, operation + ": WAHA answered something that is not JSON"};
    return j;
}

} // namespace gd
