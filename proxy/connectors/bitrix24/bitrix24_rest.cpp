#include "proxy/connectors/bitrix24/bitrix24_rest.h"

#include "proxy/connectors/bitrix24/bitrix24_query.h"
#include "proxy/connectors/bitrix24/bitrix24_records.h"

#include <optional>
#include <set>
#include <stdexcept>

namespace gd {

// Index
// - Requests: one method over HTTP, batch bodies and answers (both token kinds)
// - Bitrix24Rest: the portal's stored pair, refreshed on expired_token
// - Bitrix24UserRest: a user's placement token

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

namespace {

constexpr const char* kPortalRate = "bitrix24_portal";
constexpr double kRequestsPerSecond = 2;   // §5.1: the drain rate of every plan but Enterprise

Result<RestAnswer> send_rest(UpstreamHttp& http, const std::string& token, const std::string& method,
                             nlohmann::json params, bool idempotent = true) {
    if (!params.is_object()) params = nlohmann::json::object();
    params["auth"] = token;   // §5.3: the token travels as a parameter; JSON bodies are accepted
    UpstreamRequest request;
    request.method = "POST";
    request.path = "/rest/" + method + ".json";
    request.body = params.dump();
    request.operation = method;
    request.rate_key = kPortalRate;
    // A 503 QUERY_LIMIT_EXCEEDED refuses before the method runs, and most writes are harmless twice
    // (placement.bind says "already binded"; an update sets the same value again), so those may be
    // retried. user.add is not: a lost answer may hide a user already invited.
    request.idempotent = idempotent;
    Result<UpstreamResponse> response = http.send(request);
    if (!response) return response.error();
    return read_rest_answer(*response, method);
}

Result<nlohmann::json> result_of(const Result<RestAnswer>& answer, const std::string& method, TokenOwner owner) {
    if (!answer) return answer.error();
    if (!answer->ok()) return rest_error(*answer, method, owner);
    return answer->result;
}

std::optional<Error> batch_misuse(const std::vector<BatchCommand>& commands) {
    if (commands.empty()) return Error{ErrorCode::internal, "batch: no commands"};
    if ((int)commands.size() > kBatchMaxCommands)
        return Error{ErrorCode::internal, "batch: more than " + std::to_string(kBatchMaxCommands) + " commands"};
    std::set<std::string> keys;
    for (const BatchCommand& c : commands)
        if (c.key.empty() || !keys.insert(c.key).second) return Error{ErrorCode::internal, "batch: empty or repeated key"};
    return std::nullopt;
}

// §3: {"halt":0,"cmd":{"key":"method?query"}}; in a JSON body each command is a plain string.
nlohmann::json batch_params(const std::vector<BatchCommand>& commands) {
    nlohmann::json cmd = nlohmann::json::object();
    for (const BatchCommand& c : commands) {
        std::string query = php_query(c.params);
        cmd[c.key] = query.empty() ? c.method : c.method + "?" + query;
    }
    return {{"halt", 0}, {"cmd", cmd}};
}

// §3: result.{result, result_error, result_total, result_next, result_time}; a failed command
// is in result_error as {error, error_description}. PHP writes an empty map as [].
Result<BatchAnswers> batch_of(const Result<RestAnswer>& answer, const std::vector<BatchCommand>& commands,
                              TokenOwner owner) {
    Result<nlohmann::json> result = result_of(answer, "batch", owner);
    if (!result) return result.error();
    if (!result->is_object()) return Error{ErrorCode::crm_bad_response, "batch: the answer has no result object"};
    static const nlohmann::json none = nlohmann::json::object();
    auto member = [&](const char* name) -> const nlohmann::json& {
        auto it = result->find(name);
        return it != result->end() && it->is_object() ? *it : none;
    };
    const nlohmann::json& results = member("result");
    const nlohmann::json& errors = member("result_error");

    BatchAnswers answers;
    for (const BatchCommand& c : commands) {
        if (auto e = errors.find(c.key); e != errors.end()) {
            RestAnswer failed;
            failed.failed = true;
            if (e->is_object()) {
                failed.error = e->value("error", "");
                failed.description = e->value("error_description", "");
            }
            answers.errors[c.key] = rest_error(failed, c.method, owner);
        } else if (auto r = results.find(c.key); r != results.end()) {
            answers.results[c.key] = *r;
            if (auto n = member("result_next").find(c.key); n != member("result_next").end()) answers.next[c.key] = *n;
        } else {
            answers.errors[c.key] = {ErrorCode::crm_bad_response, c.method + ": the batch answer does not mention it"};
        }
    }
    return answers;
}

void hide_all(UpstreamHttp& http, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) http.add_secret(secret);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Bitrix24Rest
// ---------------------------------------------------------------------------------------------

// The HTTP client for one portal address and token pair. A new pair gets a new Line, so every
// secret is registered before the client is shared between threads (UpstreamHttp's secrets are
// fixed once requests run) and spent tokens do not pile up in it.
struct Bitrix24Rest::Line {
    Line(const std::string& url, const std::string& token, UpstreamPolicy policy, Clock& clock)
        : base_url(url), access_token(token), http(url, policy, clock) {}
    std::string base_url;
    std::string access_token;
    UpstreamHttp http;
};

Bitrix24Rest::Bitrix24Rest(CrmTokenKeeper& keeper, std::string member_id, Bitrix24App app, Clock& clock,
                           UpstreamPolicy policy, TokenOwner owner)
    : keeper_(keeper), member_id_(std::move(member_id)), app_(std::move(app)), clock_(clock),
      policy_(bitrix24_policy(policy)), owner_(owner) {}

Bitrix24Rest::~Bitrix24Rest() = default;

Result<std::shared_ptr<Bitrix24Rest::Line>> Bitrix24Rest::line_for(const CrmAccount& account) {
    std::lock_guard lock(mutex_);
    if (line_ && line_->base_url == account.base_url && line_->access_token == account.access_token) return line_;
    std::shared_ptr<Line> line;
    try {
        line = std::make_shared<Line>(account.base_url, account.access_token, policy_, clock_);
    } catch (const std::invalid_argument& e) {
        return Error{ErrorCode::crm_not_connected, std::string("the stored portal address is not usable: ") + e.what()};
    }
    line->http.set_rate(kPortalRate, kRequestsPerSecond);
    hide_all(line->http, {account.access_token, account.refresh_token, account.application_token, app_.client_secret});
    line_ = line;
    return line;
}

Result<CrmAccount> Bitrix24Rest::refresh_pair(const CrmAccount& rejected) {
    return keeper_.refresh(member_id_, rejected.access_token, [this](const CrmAccount& current) -> Result<CrmAccount> {
        Result<Bitrix24Grant> grant = exchange_refresh_token(app_, current.refresh_token, clock_, policy_,
                                                             {current.access_token, current.application_token});
        if (!grant) return grant.error();
        CrmAccount next = current;
        next.access_token = grant->access_token;
        next.refresh_token = grant->refresh_token;
        next.expires_at = grant->expires_at;
        return next;
    });
}

Result<RestAnswer> Bitrix24Rest::answer(const std::string& method, const nlohmann::json& params, bool idempotent) {
    Result<CrmAccount> account = keeper_.current(member_id_);
    if (!account) return account.error();
    for (int attempt = 1;; ++attempt) {
        Result<std::shared_ptr<Line>> line = line_for(*account);
        if (!line) return line.error();
        Result<RestAnswer> answer = send_rest((*line)->http, account->access_token, method, params, idempotent);
        // §5.3: refresh only on expired_token, never ahead of time or on a schedule.
        if (!answer || !is_expired_token(*answer)) return answer;
        Error refused{ErrorCode::crm_reauthorization_needed, method + ": the portal called a fresh token expired"};
        if (attempt == 1) {
            account = refresh_pair(*account);
            if (account) continue;
            refused = account.error();
        }
        // A user's pair that cannot be renewed is theirs to renew: the card tab posts a new one.
        if (owner_ == TokenOwner::user && refused.code == ErrorCode::crm_reauthorization_needed)
            refused.code = ErrorCode::crm_token_rejected;
        return refused;
    }
}

Result<nlohmann::json> Bitrix24Rest::call(const std::string& method, const nlohmann::json& params) {
    return result_of(answer(method, params), method, owner_);
}

Result<BatchAnswers> Bitrix24Rest::batch(const std::vector<BatchCommand>& commands) {
    if (std::optional<Error> misuse = batch_misuse(commands)) return *misuse;
    return batch_of(answer("batch", batch_params(commands)), commands, owner_);
}

Result<std::string> Bitrix24Rest::token_user_id() {
    std::lock_guard once(token_user_mutex_);
    Result<CrmAccount> account = keeper_.current(member_id_);
    if (!account) return account.error();
    if (!token_user_.empty() && token_user_token_ == account->access_token) return token_user_;
    Result<nlohmann::json> me = call("user.current");
    if (!me) return me.error();
    std::string id = me->is_object() ? id_text(me->value("ID", nlohmann::json())) : std::string{};
    if (!is_bitrix24_id(id)) return Error{ErrorCode::crm_bad_response, "user.current: the answer names no user"};
    token_user_token_ = account->access_token;
    token_user_ = id;
    return id;
}

// ---------------------------------------------------------------------------------------------
// Bitrix24UserRest
// ---------------------------------------------------------------------------------------------

Bitrix24UserRest::Bitrix24UserRest(const std::string& base_url, std::string user_token,
                                   const std::vector<std::string>& also_hidden, Clock& clock, UpstreamPolicy policy)
    : token_(std::move(user_token)), http_(base_url, bitrix24_policy(policy), clock) {
    http_.set_rate(kPortalRate, kRequestsPerSecond);
    http_.add_secret(token_);
    hide_all(http_, also_hidden);
}

Result<nlohmann::json> Bitrix24UserRest::call(const std::string& method, const nlohmann::json& params) {
    return result_of(send_rest(http_, token_, method, params), method, TokenOwner::user);
}

Result<BatchAnswers> Bitrix24UserRest::batch(const std::vector<BatchCommand>& commands) {
    if (std::optional<Error> misuse = batch_misuse(commands)) return *misuse;
    return batch_of(send_rest(http_, token_, "batch", batch_params(commands)), commands, TokenOwner::user);
}

} // namespace gd
