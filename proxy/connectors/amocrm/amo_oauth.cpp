#include "proxy/connectors/amocrm/amo_oauth.h"

#include "proxy/connectors/amocrm/amo_answers.h"
#include "proxy/connectors/amocrm/amo_pipeline_hook.h"
#include "proxy/connectors/upstream/ascii_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace gd {

namespace {

constexpr const char* kRateKey = "amocrm";

// host[:port] made of DNS labels; nothing that could change which server a URL names.
bool is_plain_host(const std::string& host) {
    if (host.empty() || host.size() > 253) return false;
    size_t colon = host.find(':');
    std::string name = host.substr(0, colon);
    if (colon != std::string::npos) {
        std::string port = host.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit)) return false;
    }
    if (name.empty() || name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos) return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
}

bool is_under(const std::string& host, const std::string& domain) {
    if (domain.empty()) return false;
    if (host == domain) return true;
    return host.size() > domain.size() + 1 && host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
           host[host.size() - domain.size() - 1] == '.';
}

nlohmann::json token_request(const AmoIntegration& integration, const char* grant_type, const char* key,
                             const std::string& value) {
    return {{"client_id", integration.client_id},
            {"client_secret", integration.client_secret},
            {"grant_type", grant_type},
            {key, value},
            {"redirect_uri", integration.redirect_uri}};
}

Result<UpstreamResponse> post_token_request(UpstreamHttp& http, const nlohmann::json& body, const std::string& operation) {
    UpstreamRequest request;
    request.method = "POST";
    request.path = "/oauth2/access_token";
    request.body = body.dump();
    request.operation = operation;
    request.rate_key = kRateKey;
    request.idempotent = false;   // a code or refresh token works once: never resend one that may have arrived
    return http.send(request);
}

// {"token_type":"Bearer","expires_in":86400,"access_token":"...","refresh_token":"..."} into `account`.
Result<CrmAccount> read_token_pair(const UpstreamResponse& response, CrmAccount account, Clock& clock,
                                   const std::string& operation) {
    if (!amo_success(response)) return amo_token_error(response, operation);
    Result<nlohmann::json> body = amo_json_object(response, operation);
    if (!body) return body.error();
    const nlohmann::json& j = body.value();
    auto access = j.find("access_token");
    auto refresh = j.find("refresh_token");
    if (access == j.end() || !access->is_string() || access->get<std::string>().empty() || refresh == j.end() ||
        !refresh->is_string() || refresh->get<std::string>().empty())
        return Error{ErrorCode::crm_bad_response, operation + ": amoCRM's token answer has no token pair"};
    account.access_token = access->get<std::string>();
    account.refresh_token = refresh->get<std::string>();
    auto expires_in = j.find("expires_in");
    account.expires_at = expires_in != j.end() && expires_in->is_number_integer() && expires_in->get<int64_t>() > 0
                             ? clock.unix_seconds() + expires_in->get<int64_t>()
                             : 0;
    return account;
}

// GET /api/v4/account: the id that names the account in our store (research §2.5: any user may ask).
Result<std::string> account_id(UpstreamHttp& http, const std::string& access_token) {
    const std::string op = "getAccount";
    UpstreamRequest request;
    request.path = "/api/v4/account";
    request.headers = {{"Authorization", "Bearer " + access_token}};
    request.operation = op;
    request.rate_key = kRateKey;
    Result<UpstreamResponse> r = http.send(request);
    if (!r) return r.error();
    if (!amo_success(r.value())) return amo_error(r.value(), op);
    Result<nlohmann::json> body = amo_json_object(r.value(), op);
    if (!body) return body.error();
    auto id = body->find("id");
    if (id == body->end() || !id->is_number_integer() || id->get<int64_t>() <= 0)
        return Error{ErrorCode::crm_bad_response, op + ": amoCRM's account has no id"};
    return std::to_string(id->get<int64_t>());
}

} // namespace

UpstreamPolicy amo_policy() {
    UpstreamPolicy policy;
    policy.unavailable = ErrorCode::crm_unavailable;
    policy.default_rate_per_second = kAmoRequestsPerSecond;
    return policy;
}

Result<std::string> amo_account_url(const std::string& referer, const AmoIntegration& integration) {
    std::string host = ascii_lowercase(referer);
    if (host.rfind("https://", 0) == 0) host = host.substr(8);
    if (!host.empty() && host.back() == '/') host.pop_back();
    if (!is_plain_host(host)) return Error{ErrorCode::bad_request, "the install redirect's referer is not an amoCRM host"};
    for (const std::string& domain : integration.account_domains)
        if (is_under(host, ascii_lowercase(domain))) return integration.account_scheme + "://" + host;
    return Error{ErrorCode::bad_request, "the install redirect's referer is not on an amoCRM or Kommo domain"};
}

Result<CrmAccount> request_refreshed_tokens(UpstreamHttp& http, const AmoIntegration& integration,
                                            const CrmAccount& current, Clock& clock) {
    const std::string op = "refreshAccessToken";
    http.add_secret(current.refresh_token);
    Result<UpstreamResponse> r =
        post_token_request(http, token_request(integration, "refresh_token", "refresh_token", current.refresh_token), op);
    if (!r) return r.error();
    Result<CrmAccount> fresh = read_token_pair(r.value(), current, clock, op);
    if (!fresh) return fresh;
    http.add_secret(fresh->access_token);
    http.add_secret(fresh->refresh_token);
    return fresh;
}

Result<CrmAccount> exchange_code(const AmoInstallRedirect& redirect, const AmoIntegration& integration,
                                 CrmTokenKeeper& keeper, Clock& clock, UpstreamPolicy policy) {
    const std::string op = "exchangeAuthorizationCode";
    if (redirect.code.empty()) return Error{ErrorCode::bad_request, "the install redirect has no authorization code"};
    Result<std::string> base_url = amo_account_url(redirect.referer, integration);
    if (!base_url) return base_url.error();

    std::unique_ptr<UpstreamHttp> http;
    try {
        http = std::make_unique<UpstreamHttp>(base_url.value(), policy, clock);
    } catch (const std::invalid_argument&) {
        return Error{ErrorCode::bad_request, "the install redirect's referer is not a usable address"};
    }
    http->set_rate(kRateKey, kAmoRequestsPerSecond);
    http->add_secret(integration.client_secret);
    http->add_secret(redirect.code);

    Result<UpstreamResponse> r =
        post_token_request(*http, token_request(integration, "authorization_code", "code", redirect.code), op);
    if (!r) return r.error();
    CrmAccount account;
    account.crm = "amocrm";
    account.base_url = base_url.value();
    Result<CrmAccount> paired = read_token_pair(r.value(), account, clock, op);
    if (!paired) return paired;
    http->add_secret(paired->access_token);
    http->add_secret(paired->refresh_token);

    Result<std::string> id = account_id(*http, paired->access_token);
    if (!id) return id.error();
    paired->id = id.value();
    // The Digital Pipeline secret: a re-install keeps the one the account's pipeline actions
    // already carry, so they keep working.
    Result<CrmAccount> before = keeper.current(paired->id);
    paired->application_token =
        before && !before->application_token.empty() ? before->application_token : new_pipeline_secret();
    Result<Done> stored = keeper.store(paired.value());
    if (!stored) return stored.error();
    return paired;
}

} // namespace gd
