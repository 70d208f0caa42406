#include "proxy/connectors/amocrm/amo_api.h"

#include "proxy/connectors/amocrm/amo_answers.h"
#include "proxy/connectors/amocrm/amo_oauth.h"

#include <stdexcept>

namespace gd {

namespace {

constexpr const char* kRateKey = "amocrm";
// Refresh a little before the stored expiry instead of spending a request on a sure 401.
constexpr int64_t kExpiryMarginSeconds = 60;
// How long a block (403 web page) keeps every request at home. amoCRM lifts a block only through
// its support (research §4, I#563); one request each quarter of an hour tells when it is lifted.
constexpr Clock::Duration kBlockedFor = std::chrono::minutes(15);

// A write with a JSON body. Not idempotent for UpstreamHttp: only 429 and a refused connection
// are retried there, and a 5xx comes back as it is (see AmoApi::patch for why a PATCH is resent).
UpstreamRequest json_write(const char* method, const std::string& path, const nlohmann::json& body,
                           const std::string& operation) {
    UpstreamRequest request;
    request.method = method;
    request.path = path;
    request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    request.operation = operation;
    request.idempotent = false;
    return request;
}

} // namespace

AmoApi::AmoApi(CrmTokenKeeper& keeper, std::string account_id, AmoIntegration integration, Clock& clock,
               UpstreamPolicy policy)
    : keeper_(keeper), account_id_(std::move(account_id)), integration_(std::move(integration)), clock_(clock),
      policy_(policy) {}

// The client is made on first use, from the stored account's base URL: the account may be
// installed after the proxy starts. Tokens found in the store are registered as secrets, since
// another proxy thread or a re-install may have put new ones there.
Result<std::shared_ptr<UpstreamHttp>> AmoApi::client_for(const CrmAccount& account) {
    std::lock_guard lock(mutex_);
    if (!http_ || http_base_ != account.base_url) {
        try {
            http_ = std::make_shared<UpstreamHttp>(account.base_url, policy_, clock_);
        } catch (const std::invalid_argument&) {
            return Error{ErrorCode::crm_not_connected, "the stored amoCRM account has no usable address"};
        }
        http_base_ = account.base_url;
        http_->set_rate(kRateKey, kAmoRequestsPerSecond);
        http_->add_secret(integration_.client_secret);
        hidden_.clear();
    }
    for (const std::string* token : {&account.access_token, &account.refresh_token})
        if (!token->empty() && hidden_.insert(*token).second) http_->add_secret(*token);
    return http_;
}

Result<CrmAccount> AmoApi::refreshed(const CrmAccount& rejected) {
    Result<std::shared_ptr<UpstreamHttp>> http = client_for(rejected);
    if (!http) return http.error();
    return keeper_.refresh(account_id_, rejected.access_token, [&](const CrmAccount& current) {
        return request_refreshed_tokens(*http.value(), integration_, current, clock_);
    });
}

Result<UpstreamResponse> AmoApi::send(const CrmAccount& account, UpstreamRequest request) {
    Result<std::shared_ptr<UpstreamHttp>> http = client_for(account);
    if (!http) return http.error();
    request.headers = {{"Authorization", "Bearer " + account.access_token}};
    request.rate_key = kRateKey;
    return http.value()->send(request);
}

Result<std::optional<nlohmann::json>> AmoApi::get(const std::string& path, const std::string& operation) {
    UpstreamRequest request;
    request.path = path;
    request.operation = operation;
    return call(std::move(request));
}

Result<std::optional<nlohmann::json>> AmoApi::post(const std::string& path, const nlohmann::json& body,
                                                   const std::string& operation) {
    return call(json_write("POST", path, body, operation));
}

Result<UpstreamResponse> AmoApi::patch(const std::string& path, const nlohmann::json& body,
                                       const std::string& operation) {
    const UpstreamRequest request = json_write("PATCH", path, body, operation);
    Result<UpstreamResponse> answer_ = answer(request);
    if (!answer_ && answer_.error().code == ErrorCode::crm_unavailable) answer_ = answer(request);   // no answer: once more
    return answer_;
}

Result<UpstreamResponse> AmoApi::post_answer(const std::string& path, const nlohmann::json& body,
                                             const std::string& operation) {
    return answer(json_write("POST", path, body, operation));
}

Result<std::optional<nlohmann::json>> AmoApi::call(UpstreamRequest request) {
    const std::string operation = request.operation;
    Result<UpstreamResponse> answer_ = answer(std::move(request));
    if (!answer_) return answer_.error();
    const UpstreamResponse& response = answer_.value();
    if (response.status == 204) return std::optional<nlohmann::json>();
    if (!amo_success(response)) return amo_error(response, operation);
    Result<nlohmann::json> body = amo_json_object(response, operation);
    if (!body) return body.error();
    return std::optional<nlohmann::json>(std::move(body.value()));
}

Result<UpstreamResponse> AmoApi::answer(UpstreamRequest request) {
    const std::string operation = request.operation;
    {
        std::lock_guard lock(mutex_);
        if (blocked_ && clock_.now() < blocked_until_)
            return Error{ErrorCode::crm_api_blocked, operation + ": not sent: amoCRM blocked this server's requests "
                                                                 "a short while ago; amoCRM support can lift the block"};
    }
    Result<CrmAccount> account = keeper_.current(account_id_);
    if (!account) return account.error();
    auto refused_refresh = [&](const Error& e) {
        if (e.code == ErrorCode::crm_api_blocked) remember_block();   // the token endpoint is blocked too
        return e;
    };
    if (account->expires_at > 0 && clock_.unix_seconds() >= account->expires_at - kExpiryMarginSeconds) {
        account = refreshed(account.value());
        if (!account) return refused_refresh(account.error());
    }

    Result<UpstreamResponse> answer = send(account.value(), request);
    if (answer && answer->status == 401) {
        // Expired or revoked (research §1.6): refresh once and ask once more, as amoCRM's SDK does.
        account = refreshed(account.value());
        if (!account) return refused_refresh(account.error());
        answer = send(account.value(), request);
        if (answer && answer->status == 401)
            return Error{ErrorCode::crm_reauthorization_needed,
                         operation + ": amoCRM refused a freshly issued access token: connect the integration again"};
    }
    if (!answer) return answer.error();
    if (answer->status == 403) {
        Error refused = amo_error(answer.value(), operation);
        if (refused.code == ErrorCode::crm_api_blocked) {
            remember_block();
            return refused;
        }
    }
    return answer;
}

void AmoApi::remember_block() {
    std::lock_guard lock(mutex_);
    blocked_ = true;
    blocked_until_ = clock_.now() + kBlockedFor;
}

} // namespace gd
