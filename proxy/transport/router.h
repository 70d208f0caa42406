#pragma once
// The API as a list of routes, each a small lambda: {"GET", "/api/v1/groups/{id}/participants",
// [&](Call& c) { ... }}. Paths are matched on the raw (still percent-encoded) request path, so
// an id holding "%2F" stays one segment; {parameters} are decoded only when a handler asks.
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

namespace gd {

// One request as a route handler sees it.
class Call {
public:
    Call(const httplib::Request& request, httplib::Response& response, std::map<std::string, std::string> raw_params);

    const httplib::Request& request;
    httplib::Response& response;
    const Lang lang;   // of messages in the answer
    std::optional<SessionUser> user;   // who is signed in; always set on routes that need it

    // The name the audit log records for this caller.
    std::string actor() const { return user ? user->name + " (" + user->id + ")" : "anonymous"; }
    // Whose data this call may see: the session's tenant ("standalone" when nobody is asked, as on
    // a server that checks no sessions).
    std::string tenant() const { return user ? user->tenant : std::string("standalone"); }

    // The token of "Authorization: Bearer <token>"; empty when there is none.
    std::string bearer_token() const;
    // The {name} path segment, percent-decoded; nullopt when its escapes are malformed ("%zz").
    std::optional<std::string> param(const std::string& name) const;
    // The request body as JSON; invalid_json when it is not, or is out of range or too deep
    // (shared/outside_json.h).
    Result<nlohmann::json> json_body() const;

    // The body as T: bad_request when it is not an object of T's shape. An enum field with an
    // unknown name is refused where T's reader checks it (nlohmann maps unknown enum names to the
    // first value, which would turn a typo into "add").
    template <class T>
    Result<T> body_as() const {
        Result<nlohmann::json> json = json_body();
        if (!json) return json.error();
        if (!json->is_object()) return Error{ErrorCode::bad_request, "the body must be a JSON object"};
        try {
            return json->get<T>();
        } catch (const nlohmann::json::exception& e) {
            return Error{ErrorCode::bad_request, e.what()};
        }
    }

    void reply(const nlohmann::json& body, int status = 200);
    void fail(const Error& error);
    // The value as JSON, or the error with its status.
    template <class T>
    void reply(const Result<T>& result) {
        if (result) reply(nlohmann::json(result.value()));
        else fail(result.error());
    }

private:
    std::map<std::string, std::string> raw_params_;
};

// Who may call a route. The one place a route says it is an administrator's: Router::handle
// answers 403 forbidden to everyone else before the handler runs.
enum class Access {
    signed_in,   // any session: managers' card and member work
    admin,       // a session whose user is an administrator (CRM admin, or an admin proxy login)
    open,        // no session: health, signing in, the CRM's entry points
};

struct Route {
    std::string method;    // "GET" also answers HEAD
    std::string pattern;   // "/api/v1/groups/{id}/participants"
    std::function<void(Call&)> handler;
    Access access = Access::signed_in;
};

// Who the bearer token belongs to: not_signed_in / session_expired when nobody.
using Authenticate = std::function<Result<SessionUser>(const std::string& bearer_token)>;

class Router {
public:
    // Without `authenticate` every route is open (tests of routes that do not care who asks).
    explicit Router(std::vector<Route> routes, Authenticate authenticate = {})
        : routes_(std::move(routes)), authenticate_(std::move(authenticate)) {}

    // Answers when the path belongs to the API: the route's handler, 405 (with Allow) when the path
    // exists for other methods, 404 for unknown paths under /api/. False: not an API path.
    bool handle(const httplib::Request& req, httplib::Response& res) const;

private:
    std::vector<Route> routes_;
    Authenticate authenticate_;
};

} // namespace gd
