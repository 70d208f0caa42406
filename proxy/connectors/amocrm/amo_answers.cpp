#include "proxy/connectors/amocrm/amo_answers.h"

#include <cctype>

namespace gd {

namespace {

constexpr size_t kMaxDetail = 200;

// Cut at a character boundary: amoCRM's messages are mostly Russian (two bytes a letter).
std::string shortened(std::string text) {
    if (text.size() <= kMaxDetail) return text;
    size_t cut = kMaxDetail;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
}

std::string string_at(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The first complaint of a validation failure: {"validation-errors":[{"errors":[{"path","detail"}]}]}.
std::string first_validation_error(const nlohmann::json& j) {
    auto list = j.find("validation-errors");
    if (list == j.end() || !list->is_array() || list->empty() || !(*list)[0].is_object()) return {};
    auto errors = (*list)[0].find("errors");
    if (errors == (*list)[0].end() || !errors->is_array() || errors->empty() || !(*errors)[0].is_object()) return {};
    std::string path = string_at((*errors)[0], "path");
    std::string detail = string_at((*errors)[0], "detail");
    return path.empty() ? detail : path + ": " + detail;
}

bool looks_like_html(const std::string& body) {
    size_t at = body.find_first_not_of(" \t\r\n");
    return at != std::string::npos && body[at] == '<';
}

std::string with_status(const std::string& operation, const UpstreamResponse& response, const std::string& note = {}) {
    std::string d = operation + ": amoCRM HTTP " + std::to_string(response.status);
    std::string said = amo_problem_text(response.body);
    if (!said.empty()) d += " (" + said + ")";
    if (!note.empty()) d += "; " + note;
    return d;
}

} // namespace

bool amo_success(const UpstreamResponse& response) { return response.status >= 200 && response.status < 300; }

std::string amo_problem_text(const std::string& body) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return {};
    std::string text = string_at(j, "title");
    for (const std::string& more : {string_at(j, "detail"), first_validation_error(j)}) {
        if (more.empty()) continue;
        text += (text.empty() ? "" : ": ") + more;
    }
    std::string hint = string_at(j, "hint");
    if (!hint.empty()) text += " (" + hint + ")";
    return shortened(text);
}

Error amo_error(const UpstreamResponse& response, const std::string& operation) {
    const int status = response.status;
    if (status == 403 && looks_like_html(response.body))
        // Not the API refusing a right: a gateway page after repeated rate-limit violations, for
        // the whole account or this server's IP (research §4, I#434, I#563).
        return {ErrorCode::crm_api_blocked,
                operation + ": amoCRM answered HTTP 403 with a web page: requests from this server are blocked, "
                            "usually after too many requests; amoCRM support can lift the block"};
    if (status == 401 || status == 403)
        return {ErrorCode::crm_not_authorized, with_status(operation, response, "GroupDesk lacks the rights for this")};
    if (status == 402)
        return {ErrorCode::crm_not_authorized, with_status(operation, response, "the amoCRM subscription has ended")};
    if (status == 404) return {ErrorCode::not_found, with_status(operation, response)};
    if (status == 429) return {ErrorCode::upstream_rate_limited, with_status(operation, response)};
    if (status >= 500) return {ErrorCode::crm_unavailable, with_status(operation, response)};
    return {ErrorCode::crm_bad_response, with_status(operation, response)};
}

Error amo_token_error(const UpstreamResponse& response, const std::string& operation) {
    // A spent, revoked or expired refresh token or code comes back as 400 or 401 OAuthProblemJson
    // ("Token has been revoked"); no field is documented, so the status decides (research §1.6).
    if (response.status == 400 || response.status == 401)
        return {ErrorCode::crm_reauthorization_needed,
                with_status(operation, response, "amoCRM refused GroupDesk's authorization: connect the integration again")};
    return amo_error(response, operation);
}

Result<nlohmann::json> amo_json_object(const UpstreamResponse& response, const std::string& operation) {
    nlohmann::json j = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object())
        return Error{ErrorCode::crm_bad_response, operation + ": amoCRM answered something that is not a JSON object"};
    return j;
}

} // namespace gd
