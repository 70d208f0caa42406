#include "proxy/transport/router.h"

#include "proxy/transport/responses.h"
#include "shared/routes.h"

#include <httplib.h>

#include <cctype>
#include <string_view>

namespace gd {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

bool match(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
    std::vector<std::string_view> want = segments(pattern), got = segments(path);
    if (want.size() != got.size()) return false;
    std::map<std::string, std::string> found;
    for (size_t i = 0; i < want.size(); ++i) {
        std::string_view w = want[i];
        if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
            if (got[i].empty()) return false;
            found[std::string(w.substr(1, w.size() - 2))] = std::string(got[i]);
        } else if (w != got[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

} // namespace

std::string Call::bearer_token() const {
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view kScheme = "Bearer ";
    if (header.size() <= kScheme.size()) return {};
    for (size_t i = 0; i < kScheme.size(); ++i)   // the scheme is case-insensitive (RFC 9110)
        if (std::tolower((unsigned char)header[i]) != std::tolower((unsigned char)kScheme[i])) return {};
    std::string token = header.substr(kScheme.size());
    while (!token.empty() && token.back() == ' ') token.pop_back();
    return token;
}

Call::Call(const httplib::Request& req, httplib::Response& res, std::map<std::string, std::string> raw_params)
    : request(req), response(res), lang(request_lang(req)), raw_params_(std::move(raw_params)) {}

std::optional<std::string> Call::param(const std::string& name) const {
    auto it = raw_params_.find(name);
    if (it == raw_params_.end()) return std::nullopt;
    std::string decoded;
    if (!routes::url_decode(it->second, decoded)) return std::nullopt;
    return decoded;
}

Result<nlohmann::json> Call::json_body() const {
    try {
        return nlohmann::json::parse(request.body);
    } catch (const nlohmann::json::parse_error& e) {
        // The byte offset helps whoever wrote the client; the body itself is never echoed back.
        return Error{ErrorCode::invalid_json, "at byte " + std::to_string(e.byte)};
    } catch (const nlohmann::json::exception&) {
        // A number beyond a double ("1e999999") is out_of_range, not parse_error: still the
        // client's mistake, never a 500.
        return Error{ErrorCode::invalid_json, "a number is out of range"};
    }
}

void Call::reply(const nlohmann::json& body, int status) { reply_json(response, body, status); }

void Call::fail(const Error& error) { reply_error(response, error, lang); }

bool Router::handle(const httplib::Request& req, httplib::Response& res) const {
    const std::string path = raw_path(req);
    const std::string method = req.method == "HEAD" ? "GET" : req.method;
    std::string allowed;
    for (const Route& route : routes_) {
        std::map<std::string, std::string> params;
        if (!match(route.pattern, path, params)) continue;
        if (route.method == method) {
            Call call(req, res, std::move(params));
            if (route.access == Access::signed_in && authenticate_) {
                Result<SessionUser> user = authenticate_(call.bearer_token());
                if (!user) {
                    res.set_header("WWW-Authenticate", "Bearer");
                    call.fail(user.error());
                    return true;
                }
                call.user = std::move(user.value());
            }
            route.handler(call);
            return true;
        }
        allowed += (allowed.empty() ? "" : ", ") + route.method + (route.method == "GET" ? ", HEAD" : "");
    }
    if (!allowed.empty()) {
        res.set_header("Allow", allowed);
        reply_error(res, Error{ErrorCode::method_not_allowed, {}}, request_lang(req));
        return true;
    }
    if (path.rfind("/api/", 0) == 0) {
        reply_error(res, Error{ErrorCode::not_found, {}}, request_lang(req));
        return true;
    }
    return false;
}

} // namespace gd
