#pragma once
// The API as a list of routes, each a small lambda: {"GET", "/api/v1/groups/{id}/participants",
// [&](Call& c) { ... }}. Paths are matched on the raw (still percent-encoded) request path, so
// an id holding "%2F" stays one segment; {parameters} are decoded only when a handler asks.
#include "shared/result.h"

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

    // The {name} path segment, percent-decoded; nullopt when its escapes are malformed ("%zz").
    std::optional<std::string> param(const std::string& name) const;
    // The request body as JSON; invalid_json (with line and column) when it is not.
    Result<nlohmann::json> json_body() const;

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

struct Route {
    std::string method;    // "GET" also answers HEAD
    std::string pattern;   // "/api/v1/groups/{id}/participants"
    std::function<void(Call&)> handler;
};

class Router {
public:
    explicit Router(std::vector<Route> routes) : routes_(std::move(routes)) {}

    // Answers when the path belongs to the API: the route's handler, 405 (with Allow) when the path
    // exists for other methods, 404 for unknown paths under /api/. False: not an API path.
    bool handle(const httplib::Request& req, httplib::Response& res) const;

private:
    std::vector<Route> routes_;
};

} // namespace gd
