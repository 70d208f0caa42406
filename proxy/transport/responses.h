#pragma once
// How every answer is written: JSON bodies, errors as shared/errors.h JSON in the caller's
// language, and the headers each response carries.
#include "shared/errors.h"
#include "shared/i18n.h"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

namespace gd {

// ?lang=ru|en wins; else Accept-Language; else Russian.
Lang request_lang(const httplib::Request& req);

// The path as the client sent it: still percent-encoded, without the query string.
std::string raw_path(const httplib::Request& req);

void reply_json(httplib::Response& res, const nlohmann::json& body, int status = 200);
void reply_error(httplib::Response& res, const Error& error, Lang lang);

// The error code for an empty error answer cpp-httplib produced itself (413, 400, 404 ...).
ErrorCode error_for_status(int status);

// The Content-Security-Policy for HTML pages. frame-ancestors says which sites may embed the
// widget in an iframe (the CRM's domain, once configured); script_sources are added to script-src
// (a page's nonce, a CRM's script library).
std::string content_security_policy(const std::string& frame_ancestors, const std::string& script_sources = "");

// nosniff and no-referrer on everything; the CSP on HTML unless the route set its own (a CRM's
// card tab names its portal).
void add_security_headers(httplib::Response& res, const std::string& csp);

} // namespace gd
