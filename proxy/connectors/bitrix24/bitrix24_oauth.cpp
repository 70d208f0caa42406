#include "proxy/connectors/bitrix24/bitrix24_oauth.h"

#include "proxy/connectors/bitrix24/bitrix24_query.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace gd {

namespace {

constexpr const char* kOperation = "oauth.token";

std::string string_at(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

int64_t number_at(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return 0;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (it->is_string()) {
        const std::string& s = it->get_ref<const std::string&>();
        if (!s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string::npos) return std::stoll(s);
    }
    return 0;
}

Error refusal(int status, const std::string& code, const std::string& description) {
    std::string d = std::string(kOperation) + ": OAuth server HTTP " + std::to_string(status) + " " + code.substr(0, 64);
    if (!description.empty()) d += " (" + description.substr(0, 160) + ")";
    // RD settings/oauth/error-codes.md: invalid_grant = the refresh token expired or was used.
    if (code == "invalid_grant") return {ErrorCode::crm_reauthorization_needed, d};
    if (code == "invalid_client") return {ErrorCode::crm_not_authorized, d + "; check client_id and client_secret"};
    if (code == "PAYMENT_REQUIRED" || code == "insufficient_scope" || code == "invalid_scope")
        return {ErrorCode::crm_not_authorized, d};
    if (status >= 500) return {ErrorCode::crm_unavailable, d};
    return {ErrorCode::crm_reauthorization_needed, d};
}

} // namespace

UpstreamPolicy bitrix24_policy(UpstreamPolicy policy) {
    policy.unavailable = ErrorCode::crm_unavailable;
    // §5.1: 503 is QUERY_LIMIT_EXCEEDED or a manual block (OVERLOAD_LIMIT); only the body says which.
    policy.answer_when_retries_run_out = true;
    return policy;
}

Result<Bitrix24Grant> exchange_refresh_token(const Bitrix24App& app, const std::string& refresh_token, Clock& clock,
                                             UpstreamPolicy policy, const std::vector<std::string>& also_hidden) {
    if (refresh_token.empty()) return Error{ErrorCode::crm_reauthorization_needed, "no refresh token"};
    std::unique_ptr<UpstreamHttp> http;
    try {
        http = std::make_unique<UpstreamHttp>(app.oauth_url, bitrix24_policy(policy), clock);
    } catch (const std::invalid_argument& e) {
        return Error{ErrorCode::crm_not_authorized, std::string("the OAuth server address is not usable: ") + e.what()};
    }
    http->add_secret(app.client_secret);
    http->add_secret(refresh_token);
    for (const std::string& secret : also_hidden) http->add_secret(secret);

    UpstreamRequest request;
    request.method = "GET";
    request.path = "/oauth/token/?" + php_query({{"grant_type", "refresh_token"},
                                                 {"client_id", app.client_id},
                                                 {"client_secret", app.client_secret},
                                                 {"refresh_token", refresh_token}});
    request.operation = kOperation;
    // The token is spent once the server has seen it: a lost answer is not repeated blindly.
    request.idempotent = false;
    Result<UpstreamResponse> response = http->send(request);
    if (!response) return response.error();

    nlohmann::json body = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object()) {
        std::string d = std::string(kOperation) + ": OAuth server HTTP " + std::to_string(response->status) + ", not JSON";
        return Error{response->status >= 500 ? ErrorCode::crm_unavailable : ErrorCode::crm_bad_response, d};
    }
    if (body.contains("error")) return refusal(response->status, string_at(body, "error"), string_at(body, "error_description"));

    Bitrix24Grant grant;
    grant.access_token = string_at(body, "access_token");
    grant.refresh_token = string_at(body, "refresh_token");
    grant.member_id = string_at(body, "member_id");
    grant.client_endpoint = string_at(body, "client_endpoint");
    if (int64_t user = number_at(body, "user_id"); user > 0) grant.user_id = std::to_string(user);
    grant.expires_at = number_at(body, "expires");
    if (grant.expires_at == 0) {
        int64_t in = number_at(body, "expires_in");
        grant.expires_at = clock.unix_seconds() + (in > 0 ? in : 3600);   // §5.3: an hour
    }
    if (grant.access_token.empty() || grant.refresh_token.empty())
        return Error{ErrorCode::crm_bad_response, std::string(kOperation) + ": the answer has no token pair"};
    return grant;
}

} // namespace gd
