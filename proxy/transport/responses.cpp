#include "proxy/transport/responses.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace gd {

Lang request_lang(const httplib::Request& req) {
    if (req.has_param("lang")) return parse_lang(req.get_param_value("lang"));
    if (req.has_header("Accept-Language")) return parse_lang(req.get_header_value("Accept-Language"));
    return Lang::ru;
}

std::string raw_path(const httplib::Request& req) { return req.target.substr(0, req.target.find('?')); }

void reply_json(httplib::Response& res, const nlohmann::json& body, int status) {
    res.status = status;
    // "replace": a stray invalid UTF-8 byte (from an upstream name) must not turn an answer into a 500.
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
    // API answers are live data: never from a cache. cpp-httplib may compress them (gzip/br).
    res.set_header("Cache-Control", "no-store");
    res.set_header("Vary", "Accept-Encoding, Accept-Language");
}

void reply_error(httplib::Response& res, const Error& error, Lang lang) {
    reply_json(res, error_to_json(error, lang), http_status(error.code));
}

ErrorCode error_for_status(int status) {
    switch (status) {
    case 404: return ErrorCode::not_found;
    case 405: return ErrorCode::method_not_allowed;
    case 408: return ErrorCode::request_timeout;
    case 413: return ErrorCode::payload_too_large;
    case 414: return ErrorCode::uri_too_long;
    case 415: return ErrorCode::unsupported_encoding;
    case 421: return ErrorCode::unknown_host;
    case 431: return ErrorCode::headers_too_large;
    case 501: return ErrorCode::not_implemented;
    default: return status >= 500 ? ErrorCode::internal : ErrorCode::bad_request;
    }
}

std::string content_security_policy(const std::string& frame_ancestors, const std::string& script_sources) {
    // 'wasm-unsafe-eval' lets the page compile its WebAssembly without allowing JS eval.
    return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" + (script_sources.empty() ? "" : " " + script_sources) +
           "; style-src 'self' 'unsafe-inline'; "
           "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
           "frame-ancestors " + frame_ancestors;
}

void add_security_headers(httplib::Response& res, const std::string& csp) {
    res.set_header("X-Content-Type-Options", "nosniff");
    // set_header adds a line: a second CSP would be enforced too and undo the route's framing.
    if (!res.has_header("Referrer-Policy")) res.set_header("Referrer-Policy", "no-referrer");
    if (res.get_header_value("Content-Type").rfind("text/html", 0) == 0 && !res.has_header("Content-Security-Policy"))
        res.set_header("Content-Security-Policy", csp);
}

} // namespace gd
