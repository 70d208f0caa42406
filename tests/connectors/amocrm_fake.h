#pragma once
// A fake amoCRM account on 127.0.0.1 that answers as research/amocrm.md documents: Bearer access
// tokens (401 problem+json when expired or unknown), POST /oauth2/access_token for both grants with
// single-use refresh tokens and codes (a second use: 400 OAuthProblemJson "Token has been revoked"),
// and whatever /api/v4 answers a test sets up (204s, HTML 429/403 pages, problem+json errors).
// Every request is recorded with the clock's time (a ManualClock checks pacing without sleeping).
// amoCRM's own limit can be switched on: more than N requests in any second get 429 HTML pages
// without Retry-After, and repeated violations block the account (403 HTML on every request,
// token refresh included), as https://www.amocrm.ru/developers/content/api/recommendations says.
// A whole simulated account (users, groups, roles, leads, contacts, companies, tasks) is in
// amocrm_fake_account.h.
#include "proxy/connectors/amocrm/amo_integration.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/upstream/crm_accounts.h"
#include "tests/connectors/fake_upstream.h"

#include <httplib.h>
#include <jwt.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace gd::amo_test {

inline const char* kClientId = "5b1a2c3d-0000-4000-8000-00000000c11e";
inline const char* kClientSecret = "client-secret-Zq81vNw";
inline const char* kRedirectUri = "https://groupdesk.example.org/crm/amocrm/install";
inline const char* kAccountId = "30441694";

struct Seen {
    std::string method;
    std::string path;
    std::string target;       // path and query as sent
    httplib::Params params;   // the query, decoded
    std::string body;
    std::string authorization;
    Clock::Duration at{0};
};

struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/hal+json";
};

inline Reply problem(int status, const std::string& title, const std::string& detail) {
    nlohmann::json j = {{"title", title}, {"type", "https://httpstatus.es/" + std::to_string(status)},
                        {"status", status}, {"detail", detail}};
    return {status, j.dump(), "application/problem+json"};
}

inline Reply html(int status, const std::string& title) {
    return {status, "<html><head><title>" + title + "</title></head><body><center><h1>" + title +
                        "</h1></center><hr><center>nginx</center></body></html>",
            "text/html"};
}

// A user of the account as GET /api/v4/users/{id}?with=role,group answers
// (developers.kommo.com/reference/users-and-roles): the view rights A (all), G (their group's),
// M (their own), D (none); group_id null for the account's main group; status_rights per stage.
struct AmoUserRights {
    std::string leads_view = "A";
    std::string contacts_view = "A";
    nlohmann::json group_id = nullptr;
    bool is_admin = false;
    nlohmann::json status_rights = nlohmann::json::array();
};

inline nlohmann::json amo_user(int64_t id, const std::string& name, const AmoUserRights& r) {
    auto entity = [](const std::string& view) {
        return nlohmann::json{{"view", view}, {"edit", view}, {"add", "A"}, {"delete", "D"}, {"export", "D"}};
    };
    return {{"id", id},
            {"name", name},
            {"email", name + "@acme.example"},
            {"lang", "ru"},
            {"rights",
             {{"leads", entity(r.leads_view)},
              {"contacts", entity(r.contacts_view)},
              {"companies", entity("A")},
              {"tasks", {{"edit", "A"}, {"delete", "A"}}},
              {"mail_access", false},
              {"catalog_access", false},
              {"status_rights", r.status_rights},
              {"is_admin", r.is_admin},
              {"is_free", false},
              {"is_active", true},
              {"group_id", r.group_id},
              {"role_id", nullptr}}},
            {"_links", {{"self", {{"href", "https://acme.amocrm.ru/api/v4/users/" + std::to_string(id)}}}}}};
}

class FakeAmo {
public:
    explicit FakeAmo(Clock& clock) : clock_(clock) {
        server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            record(req);
            if (std::optional<Reply> limited = over_the_limit()) {
                res.status = limited->status;
                res.set_content(limited->body, limited->content_type);
                return httplib::Server::HandlerResponse::Handled;
            }
            if (req.path.rfind("/api/v4/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
            std::string token = bearer(req);
            if (on_api_call) on_api_call(token);
            std::lock_guard lock(mutex_);
            if (live_access_.count(token)) return httplib::Server::HandlerResponse::Unhandled;
            ++unauthorized_;
            Reply r = problem(401, "Unauthorized", "Неверный логин или пароль");
            res.status = r.status;
            res.set_content(r.body, r.content_type);
            return httplib::Server::HandlerResponse::Handled;
        });
        server.Post("/oauth2/access_token", [this](const httplib::Request& req, httplib::Response& res) {
            set_body(req);
            if (on_token_request) on_token_request();
            Reply r = token_answer(req.body);
            res.status = r.status;
            res.set_content(r.body, r.content_type);
        });
    }
    ~FakeAmo() {
        server.stop();
        if (thread_.joinable()) thread_.join();
    }

    // ---- tokens
    void accept_access(const std::string& token) {
        std::lock_guard lock(mutex_);
        live_access_.insert(token);
    }
    void issue_refresh(const std::string& token) {
        std::lock_guard lock(mutex_);
        refresh_tokens_[token] = false;
    }
    void issue_code(const std::string& code) {
        std::lock_guard lock(mutex_);
        codes_[code] = false;
    }
    int refreshes() const {
        std::lock_guard lock(mutex_);
        return refreshes_;
    }
    int unauthorized() const {
        std::lock_guard lock(mutex_);
        return unauthorized_;
    }
    // The token endpoint answers this instead (403 pages, 500s, a client refused): to the next
    // `times` requests, or to all of them.
    void token_endpoint_says(Reply reply, int times = -1) {
        std::lock_guard lock(mutex_);
        token_override_ = reply;
        token_overrides_left_ = times;
    }
    // Called with the Bearer token of every /api/v4 request before it is answered.
    std::function<void(const std::string&)> on_api_call;
    // Called before each token request is answered (outside the fake's lock: it may wait).
    std::function<void()> on_token_request;

    // ---- API answers: each call to the route takes the next reply; the last one repeats.
    void answer(const std::string& method, const std::string& path, std::vector<Reply> replies) {
        auto queue = std::make_shared<std::vector<Reply>>(std::move(replies));
        auto next = std::make_shared<size_t>(0);
        auto handler = [this, queue, next](const httplib::Request& req, httplib::Response& res) {
            set_body(req);
            Reply r;
            {
                std::lock_guard lock(mutex_);
                r = (*queue)[std::min(*next, queue->size() - 1)];
                ++*next;
            }
            res.status = r.status;
            if (!r.body.empty()) res.set_content(r.body, r.content_type);
        };
        std::string pattern = test::literal_route(path);
        if (method == "GET") server.Get(pattern, handler);
        else if (method == "PATCH") server.Patch(pattern, handler);
        else server.Post(pattern, handler);
    }
    void answer(const std::string& method, const std::string& path, Reply reply) {
        answer(method, path, std::vector<Reply>{std::move(reply)});
    }
    void answer_json(const std::string& path, const nlohmann::json& body) { answer("GET", path, Reply{200, body.dump()}); }
    // A user with these rights (amo_user): what the proxy reads before showing them a card.
    void user(int64_t id, const std::string& name, const AmoUserRights& rights) {
        answer_json("/api/v4/users/" + std::to_string(id), amo_user(id, name, rights));
    }

    // ---- amoCRM's rate limit
    // More than `per_second` requests arriving within any one second are answered 429 (an HTML
    // page, no Retry-After); after `violations_to_block` of those (0: never) the account is blocked.
    void limit_rate(int per_second, int violations_to_block = 0) {
        std::lock_guard lock(mutex_);
        rate_limit_ = per_second;
        violations_to_block_ = violations_to_block;
    }
    // The next `times` requests get 429 pages, and every request after them a 403 page: amoCRM's
    // block after repeated violations, as another integration on the account could have caused.
    void rate_limit_then_block(int times) {
        std::lock_guard lock(mutex_);
        scripted_429s_ = times;
        block_after_script_ = true;
    }
    int too_many() const {
        std::lock_guard lock(mutex_);
        return too_many_;
    }
    bool blocked() const {
        std::lock_guard lock(mutex_);
        return blocked_;
    }
    // The most requests that arrived within any one second ([t, t + 1 s)), over the whole run.
    int most_in_any_second() const {
        std::vector<Clock::Duration> at;
        for (const Seen& s : seen()) at.push_back(s.at);
        std::sort(at.begin(), at.end());
        int most = 0;
        for (size_t last = 0, first = 0; last < at.size(); ++last) {
            while (at[last] - at[first] >= std::chrono::seconds(1)) ++first;
            most = std::max(most, (int)(last - first + 1));
        }
        return most;
    }

    // httplib reads a body only after routing: a route's handler fills in its own request's body.
    void set_body(const httplib::Request& req) {
        std::lock_guard lock(mutex_);
        auto it = last_index_.find(std::this_thread::get_id());
        if (it != last_index_.end()) seen_[it->second].body = req.body;
    }

    void start() {
        port_ = server.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::yield();
    }
    std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
    std::string url() const { return "http://" + host(); }

    std::vector<Seen> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    std::vector<Seen> seen_at(const std::string& path) const {
        std::vector<Seen> found;
        for (const Seen& s : seen())
            if (s.path == path) found.push_back(s);
        return found;
    }
    std::vector<std::string> targets() const {
        std::vector<std::string> t;
        for (const Seen& s : seen()) t.push_back(s.method + " " + s.target);
        return t;
    }

    httplib::Server server;

private:
    static std::string bearer(const httplib::Request& req) {
        std::string value = req.get_header_value("Authorization");
        return value.rfind("Bearer ", 0) == 0 ? value.substr(7) : std::string();
    }

    void record(const httplib::Request& req) {
        std::lock_guard lock(mutex_);
        seen_.push_back({req.method, req.path, req.target, req.params, "", req.get_header_value("Authorization"),
                         clock_.now()});
        last_index_[std::this_thread::get_id()] = seen_.size() - 1;
    }
    // amoCRM's limit, counted at arrival (the request was just recorded); nullopt: within it.
    std::optional<Reply> over_the_limit() {
        std::lock_guard lock(mutex_);
        if (blocked_) return html(403, "403 Forbidden");
        if (scripted_429s_ > 0) {
            --scripted_429s_;
            ++too_many_;
            if (scripted_429s_ == 0 && block_after_script_) blocked_ = true;
            return html(429, "429 Too Many Requests");
        }
        if (rate_limit_ <= 0) return std::nullopt;
        const size_t own = last_index_[std::this_thread::get_id()];
        int in_last_second = 0;
        for (size_t i = own + 1; i-- > 0 && seen_[own].at - seen_[i].at < std::chrono::seconds(1);) ++in_last_second;
        if (in_last_second <= rate_limit_) return std::nullopt;
        ++too_many_;
        if (violations_to_block_ > 0 && too_many_ >= violations_to_block_) blocked_ = true;
        return html(429, "429 Too Many Requests");
    }

    // POST /oauth2/access_token (research §1.3, §1.6).
    Reply token_answer(const std::string& body) {
        std::lock_guard lock(mutex_);
        if (token_overrides_left_ != 0) {
            if (token_overrides_left_ > 0) --token_overrides_left_;
            return token_override_;
        }
        nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
        if (!j.is_object()) return problem(400, "Bad Request", "body is not JSON");
        auto text = [&](const char* key) { return j.value(key, std::string()); };
        if (text("client_id") != kClientId || text("client_secret") != kClientSecret || text("redirect_uri") != kRedirectUri) {
            // amoCRM answers a wrong client with this shape (I#235); the fake also echoes what it
            // was sent, as a careless server might, to prove the proxy hides it.
            nlohmann::json p = {{"title", "Некорректный клиент"}, {"type", "https://developers.amocrm.ru/v3/errors/OAuthProblemJson"},
                                {"status", 401}, {"detail", "Авторизация клиента не прошла: " + text("client_secret")}};
            return {401, p.dump(), "application/problem+json"};
        }
        std::map<std::string, bool>* single_use = nullptr;
        std::string presented;
        if (text("grant_type") == "refresh_token") {
            single_use = &refresh_tokens_;
            presented = text("refresh_token");
        } else if (text("grant_type") == "authorization_code") {
            single_use = &codes_;
            presented = text("code");
        } else {
            return problem(400, "Bad Request", "unsupported grant_type");
        }
        auto it = single_use->find(presented);
        if (it == single_use->end() || it->second) {
            nlohmann::json p = {{"hint", single_use == &codes_ ? "Authorization code has been revoked" : "Token has been revoked"},
                                {"title", "Некорректный запрос"},
                                {"type", "https://developers.amocrm.ru/v3/errors/OAuthProblemJson"},
                                {"status", 400},
                                {"detail", "В запросе отсутствует ряд параметров или параметры невалидны: " + presented}};
            return {400, p.dump(), "application/problem+json"};
        }
        it->second = true;
        if (single_use == &refresh_tokens_) ++refreshes_;
        int n = ++issued_ + 1;
        std::string access = "access-" + std::to_string(n) + "-eyJhbGciOiJSUzI1NiJ9";
        std::string refresh = "refresh-" + std::to_string(n) + "-def50200a1b2";
        live_access_.insert(access);
        refresh_tokens_[refresh] = false;
        nlohmann::json answer = {{"token_type", "Bearer"}, {"expires_in", 86400}, {"server_time", 1795424400},
                                 {"access_token", access}, {"refresh_token", refresh}};
        return {200, answer.dump(), "application/json"};
    }

    Clock& clock_;
    mutable std::mutex mutex_;
    std::vector<Seen> seen_;
    std::map<std::thread::id, size_t> last_index_;
    std::set<std::string> live_access_;
    std::map<std::string, bool> refresh_tokens_;   // token -> spent
    std::map<std::string, bool> codes_;
    int refreshes_ = 0;
    int issued_ = 0;
    int unauthorized_ = 0;
    int rate_limit_ = 0;             // 0: no limit
    int violations_to_block_ = 0;
    int scripted_429s_ = 0;
    bool block_after_script_ = false;
    int too_many_ = 0;
    bool blocked_ = false;
    Reply token_override_;
    int token_overrides_left_ = 0;   // -1: every request
    std::thread thread_;
    int port_ = 0;
};

// The integration as the proxy would configure it, pointed at the fake.
inline AmoIntegration integration_for(const FakeAmo& fake) {
    AmoIntegration integration;
    integration.client_id = kClientId;
    integration.client_secret = kClientSecret;
    integration.redirect_uri = kRedirectUri;
    integration.account_domains = {fake.host()};
    integration.account_scheme = "http";
    return integration;
}

// The access token "access-1-..." (expired at the fake unless a test accepts it) and its refresh token.
inline const char* kFirstAccess = "access-1-eyJhbGciOiJSUzI1NiJ9";
inline const char* kFirstRefresh = "refresh-1-def50200a1b2";

inline CrmAccount installed_account(const FakeAmo& fake, Clock& clock) {
    CrmAccount account;
    account.id = kAccountId;
    account.crm = "amocrm";
    account.base_url = fake.url();
    account.access_token = kFirstAccess;
    account.refresh_token = kFirstRefresh;
    account.expires_at = clock.unix_seconds() + 3600;
    return account;
}

// Starts the fake as an installed account's host: the stored access token is live there, its
// refresh token issued, and the keeper holds the account.
inline bool start_installed(FakeAmo& fake, CrmTokenKeeper& keeper, Clock& clock) {
    fake.start();
    fake.accept_access(kFirstAccess);
    fake.issue_refresh(kFirstRefresh);
    return keeper.store(installed_account(fake, clock)).ok();
}

// A widget token as amoCRM signs it (research §5.3): the claims signed with `key` (no signature
// at all with JWT_ALG_NONE); "" when libjwt refuses.
inline std::string sign_widget_token(const nlohmann::json& claims, const std::string& key = kClientSecret,
                                     jwt_alg_t alg = JWT_ALG_HS256) {
    jwt_t* jwt = nullptr;
    if (jwt_new(&jwt) != 0) return "";
    bool ok = jwt_add_grants_json(jwt, claims.dump().c_str()) == 0;
    if (ok && alg != JWT_ALG_NONE)
        ok = jwt_set_alg(jwt, alg, reinterpret_cast<const unsigned char*>(key.data()), (int)key.size()) == 0;
    char* text = ok ? jwt_encode_str(jwt) : nullptr;
    std::string token = text ? text : "";
    std::free(text);
    jwt_free(jwt);
    return token;
}

} // namespace gd::amo_test
