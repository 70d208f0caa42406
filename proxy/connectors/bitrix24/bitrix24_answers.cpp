#include "proxy/connectors/bitrix24/bitrix24_answers.h"

#include "proxy/connectors/upstream/ascii_text.h"

#include <algorithm>
#include <cctype>

namespace gd {

namespace {

// "crm.deal.get: Bitrix24 HTTP 400 ERROR_CORE (Not found)": one line, never the body as a whole.
std::string detail(const RestAnswer& answer, const std::string& operation, const std::string& note = {}) {
    std::string d = operation + ": Bitrix24";
    if (answer.status) d += " HTTP " + std::to_string(answer.status);
    if (!answer.error.empty()) d += " " + answer.error.substr(0, 64);
    std::string said = answer.description.substr(0, 160);
    if (answer.description.size() > 160) said += "...";
    if (!said.empty()) d += " (" + said + ")";
    if (!note.empty()) d += "; " + note;
    return d;
}

bool any_of(const std::string& code, std::initializer_list<std::string_view> codes) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

} // namespace

bool is_expired_token(const RestAnswer& answer) { return answer.failed && answer.error == "expired_token"; }

Result<RestAnswer> read_rest_answer(const UpstreamResponse& response, const std::string& operation) {
    RestAnswer answer;
    answer.status = response.status;
    nlohmann::json body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    const bool readable = body.is_object() && (body.contains("result") || body.contains("error"));
    if (!readable) {
        const std::string what = operation + ": Bitrix24 HTTP " + std::to_string(response.status);
        // A proxy or load balancer in front of the portal answers 5xx pages of its own.
        if (response.status >= 500) return Error{ErrorCode::crm_unavailable, what + " without a REST answer"};
        // §5.2: a renamed portal answers its old address with 302; re-installing stores the new one.
        if (response.status >= 300 && response.status < 400)
            return Error{ErrorCode::crm_bad_response, what + ": the portal moved (renamed?); reinstall the app"};
        return Error{ErrorCode::crm_bad_response, what + ": not a REST answer (an HTML page or broken JSON)"};
    }
    if (body.contains("error") && !body["error"].is_null()) {
        answer.failed = true;
        if (body["error"].is_string()) answer.error = body["error"].get<std::string>();
        auto description = body.find("error_description");
        if (description != body.end() && description->is_string()) answer.description = description->get<std::string>();
        return answer;
    }
    answer.result = body["result"];
    if (auto next = body.find("next"); next != body.end()) answer.next = *next;
    if (auto total = body.find("total"); total != body.end()) answer.total = *total;
    return answer;
}

Error rest_error(const RestAnswer& answer, const std::string& operation, TokenOwner owner) {
    const std::string& code = answer.error;
    const bool user = owner == TokenOwner::user;

    // Token refusals (§5.2 system errors; §5.3: invalid_grant on the OAuth server). The stored pair
    // is refreshed on expired_token before we get here, so reaching here means it cannot be used.
    if (any_of(code, {"expired_token", "invalid_token", "NO_AUTH_FOUND", "invalid_grant"}) ||
        (code.empty() && answer.status == 401)) {
        if (user) return {ErrorCode::crm_token_rejected, detail(answer, operation, "the card's token was refused")};
        return {ErrorCode::crm_reauthorization_needed, detail(answer, operation)};
    }
    // Limits (§5.1): the caller has already waited and retried through UpstreamHttp.
    if (any_of(code, {"QUERY_LIMIT_EXCEEDED", "OPERATION_TIME_LIMIT", "OVERLOAD_LIMIT"}) || answer.status == 429)
        return {ErrorCode::upstream_rate_limited, detail(answer, operation)};
    // Rights: a valid token the portal will not let do this (scope, CRM permissions, plan).
    if (any_of(code, {"insufficient_scope", "ACCESS_DENIED", "INVALID_CREDENTIALS", "user_access_error",
                     "WRONG_AUTH_TYPE"}) ||
        answer.status == 403 || starts_with_ignoring_case(answer.description, "Access denied"))
        return {ErrorCode::crm_not_authorized, detail(answer, operation)};
    if (any_of(code, {"ERROR_NOT_FOUND", "NOT_FOUND", "ERROR_ENTITY_NOT_FOUND"}) ||
        starts_with_ignoring_case(answer.description, "Not found") || answer.status == 404)
        return {ErrorCode::not_found, detail(answer, operation)};
    if (any_of(code, {"INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER", "PORTAL_DELETED"}) || answer.status >= 500)
        return {ErrorCode::crm_unavailable, detail(answer, operation)};
    // ERROR_ARGUMENT, ERROR_CORE and the like: a refusal we have no meaning for.
    return {ErrorCode::crm_bad_response, detail(answer, operation, "unexpected refusal")};
}

} // namespace gd
