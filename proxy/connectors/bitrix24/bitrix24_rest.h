#pragma once
// REST calls to one Bitrix24 portal (research/bitrix24.md §5.3): POST https://<portal>/rest/
// <method>.json with a JSON body carrying the access token as "auth".
//
// Two kinds of token, two classes:
//   Bitrix24Rest      a stored pair: the portal's (from the install), or a card user's kept with
//                     their session (TokenOwner::user). On 401 expired_token it asks
//                     CrmTokenKeeper for a refresh (one at a time per pair, saved before use)
//                     and repeats the call once. A refused portal pair means the admin must
//                     reconnect; a refused user pair, that the user reopens the card.
//   Bitrix24UserRest  a user's own token from a placement (AUTH_ID). Never refreshed, never
//                     stored; a refusal means the card's token is forged, expired or replayed.
//
// Rate (§5.1): the portal drains 2 requests a second with a burst of 50 and answers 503
// QUERY_LIMIT_EXCEEDED beyond it, without Retry-After. Each client paces itself to 2/s, and
// UpstreamHttp backs off and retries a 503; one that persists is upstream_rate_limited.
#include "proxy/connectors/bitrix24/bitrix24_answers.h"
#include "proxy/connectors/bitrix24/bitrix24_oauth.h"
#include "proxy/connectors/upstream/crm_accounts.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gd {

// One command of a batch (§3 batch): sent as "method?query" under its key.
struct BatchCommand {
    std::string key;
    std::string method;
    nlohmann::json params = nlohmann::json::object();
};

// A batch runs with halt=0: each command succeeds or fails on its own.
struct BatchAnswers {
    std::map<std::string, nlohmann::json> results;
    std::map<std::string, Error> errors;
    std::map<std::string, nlohmann::json> next;   // a list command's next page "start", when it has one
};

inline constexpr int kBatchMaxCommands = 50;   // §3: more fail with ERROR_BATCH_LENGTH_EXCEEDED

class Bitrix24Rest {
public:
    // `member_id`: the keeper's id of the pair (a user's: their session key).
    Bitrix24Rest(CrmTokenKeeper& keeper, std::string member_id, Bitrix24App app, Clock& clock,
                 UpstreamPolicy policy = {}, TokenOwner owner = TokenOwner::portal);
    ~Bitrix24Rest();

    // The portal's answer, success or refusal, after at most one refresh. An Error only when no
    // readable answer came (unreachable, rate limit, HTML) or the pair could not be refreshed.
    // `idempotent` false (user.add): an answer lost on the way is not asked again, and a 503 comes
    // back as the answer for the caller to judge (QUERY_LIMIT_EXCEEDED did not run the method).
    Result<RestAnswer> answer(const std::string& method, const nlohmann::json& params = nlohmann::json::object(),
                              bool idempotent = true);
    // The method's "result"; a refusal becomes an Error (rest_error).
    Result<nlohmann::json> call(const std::string& method, const nlohmann::json& params = nlohmann::json::object());
    // Up to kBatchMaxCommands commands in one request.
    Result<BatchAnswers> batch(const std::vector<BatchCommand>& commands);

    // The user the pair belongs to (user.current), asked once per access token: a re-install by
    // another administrator changes it, a refresh asks again once.
    Result<std::string> token_user_id();

    const std::string& member_id() const { return member_id_; }
    TokenOwner owner() const { return owner_; }

private:
    struct Line;
    Result<std::shared_ptr<Line>> line_for(const CrmAccount& account);
    Result<CrmAccount> refresh_pair(const CrmAccount& rejected);

    CrmTokenKeeper& keeper_;
    std::string member_id_;
    Bitrix24App app_;
    Clock& clock_;
    UpstreamPolicy policy_;
    TokenOwner owner_;
    std::mutex mutex_;
    std::shared_ptr<Line> line_;
    std::mutex token_user_mutex_;     // held across user.current: concurrent callers wait for one answer
    std::string token_user_token_;    // the access token token_user_ was asked with
    std::string token_user_;
};

class Bitrix24UserRest {
public:
    // base_url: the portal address WE stored at install, never one a request names. `also_hidden`:
    // other credentials of the request (its refresh token, the application token) to keep out of
    // any answer. Throws std::invalid_argument when base_url is not a URL.
    Bitrix24UserRest(const std::string& base_url, std::string user_token, const std::vector<std::string>& also_hidden,
                     Clock& clock, UpstreamPolicy policy = {});

    Result<nlohmann::json> call(const std::string& method, const nlohmann::json& params = nlohmann::json::object());
    Result<BatchAnswers> batch(const std::vector<BatchCommand>& commands);

private:
    std::string token_;
    UpstreamHttp http_;
};

} // namespace gd
