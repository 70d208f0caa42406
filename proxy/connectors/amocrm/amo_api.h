#pragma once
// amoCRM's REST API v4 for one account: the account's own host, "Authorization: Bearer", at most
// 7 requests a second, and the expired-token dance (401 → one refresh through CrmTokenKeeper →
// the request once more). Keep one AmoApi per account for the proxy's lifetime: the rate limit
// lives in it.
#include "proxy/connectors/amocrm/amo_integration.h"
#include "proxy/connectors/upstream/crm_accounts.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace gd {

class AmoApi {
public:
    AmoApi(CrmTokenKeeper& keeper, std::string account_id, AmoIntegration integration, Clock& clock,
           UpstreamPolicy policy = amo_policy());

    // GET an API path with its query ("/api/v4/leads/7?with=contacts"); `operation` names it in
    // logs and errors. std::nullopt: 204 No Content, amoCRM's "nothing there" for an empty list or
    // an unknown id (research §3.1). Every other non-2xx answer is an Error.
    Result<std::optional<nlohmann::json>> get(const std::string& path, const std::string& operation);
    // POST a JSON body, with the same token handling. Never resent once it may have arrived (a
    // note written twice is two notes): only 429 and unreachable hosts are retried here, and
    // every other failure is the caller's to retry.
    Result<std::optional<nlohmann::json>> post(const std::string& path, const nlohmann::json& body,
                                               const std::string& operation);

    // PATCH a JSON body: amoCRM's batch update, an array of {id, field: value}. Sent once per
    // call and retried once when no answer came (a timeout): GroupDesk's PATCHes only set fields to
    // fixed values (responsible_user_id), so a PATCH that arrives twice leaves every record as one
    // would, and a record already moved is no longer the leaver's. A 5xx answer comes back as it
    // is (amo_error), never resent at the same size: on 504 amoCRM asks for a smaller batch
    // (research §3.2), which only the caller can make.
    Result<UpstreamResponse> patch(const std::string& path, const nlohmann::json& body, const std::string& operation);
    // POST for an answer the caller reads itself, 4xx included (validation errors name fields).
    Result<UpstreamResponse> post_answer(const std::string& path, const nlohmann::json& body,
                                         const std::string& operation);

    const std::string& account_id() const { return account_id_; }

private:
    Result<std::shared_ptr<UpstreamHttp>> client_for(const CrmAccount& account);
    Result<CrmAccount> refreshed(const CrmAccount& rejected);
    Result<UpstreamResponse> send(const CrmAccount& account, UpstreamRequest request);
    Result<std::optional<nlohmann::json>> call(UpstreamRequest request);
    // The answer with the token handled (refresh on 401), whatever its status; an Error when none
    // came, or while amoCRM blocks this server (crm_api_blocked, remembered: see blocked_until_).
    Result<UpstreamResponse> answer(UpstreamRequest request);
    void remember_block();

    CrmTokenKeeper& keeper_;
    std::string account_id_;
    AmoIntegration integration_;
    Clock& clock_;
    UpstreamPolicy policy_;

    std::mutex mutex_;
    std::shared_ptr<UpstreamHttp> http_;   // for http_base_; replaced if the account moves host
    std::string http_base_;
    std::set<std::string> hidden_;          // tokens already registered with http_
    // After a 403 web page (amoCRM's block for too many requests, research §4) nothing is sent
    // until then: every further request would only prolong the block.
    Clock::Duration blocked_until_{0};
    bool blocked_ = false;
};

} // namespace gd
