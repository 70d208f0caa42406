#include "proxy/transport/http_server.h"

#include "proxy/transport/access_log.h"
#include "proxy/transport/responses.h"
#include "proxy/transport/static_files.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>

namespace gd {

namespace {

using Clock = std::chrono::steady_clock;

// cpp-httplib serves each request start to finish on one worker thread, and its logger gets no
// per-request state: the start time rides in a thread_local from pre-routing to the log line.
thread_local std::optional<Clock::time_point> request_started;

} // namespace

HttpServer::HttpServer(ServerSettings settings, std::vector<Route> routes)
    : settings_(std::move(settings)), server_(std::make_unique<httplib::Server>()) {
    if (!settings_.log) settings_.log = [](const std::string& line) { std::fputs((line + "\n").c_str(), stderr); };

    auto router = std::make_shared<Router>(std::move(routes), settings_.authenticate);
    auto files = std::make_shared<StaticFiles>(settings_.web_root);
    httplib::Server::Handler dispatch = [router, files](const httplib::Request& req, httplib::Response& res) {
        if (!router->handle(req, res)) files->serve(req, res);
    };
    // One entry point for every method: the Router tells 404 from 405, which per-method
    // registration in cpp-httplib cannot.
    server_->Get(".*", dispatch);
    server_->Post(".*", dispatch);
    server_->Put(".*", dispatch);
    server_->Patch(".*", dispatch);
    server_->Delete(".*", dispatch);
    server_->Options(".*", dispatch);

    server_->set_payload_max_length(settings_.max_body_bytes);

    server_->set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
        request_started = Clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // cpp-httplib answers some errors with an empty body (413 over max_body_bytes, 400 for a
    // request it cannot parse, 405/404 from static files): give them our JSON, keeping the status.
    server_->set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            int status = res.status;
            reply_error(res, Error{error_for_status(status), {}}, request_lang(req));
            res.status = status;
            return httplib::Server::HandlerResponse::Handled;
        }));

    // Exception text may quote a token or a URL with a key in it: the log gets it, the client
    // gets a plain "internal".
    auto log = settings_.log;
    server_->set_exception_handler([log](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        log("internal error in " + access_log_line(req.method, req.target, 500, 0) + ": " + what);
        res.headers.clear();
        reply_error(res, Error{ErrorCode::internal, {}}, request_lang(req));
    });

    const std::string csp = content_security_policy(settings_.frame_ancestors);
    server_->set_post_routing_handler([csp](const httplib::Request&, httplib::Response& res) {
        add_security_headers(res, csp);
    });

    server_->set_logger([log](const httplib::Request& req, const httplib::Response& res) {
        long long ms = 0;
        if (request_started)
            ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - *request_started).count();
        request_started.reset();
        log(access_log_line(req.method, req.target, res.status, ms));
    });
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind() {
    if (settings_.port == 0) return server_->bind_to_any_port(settings_.host);
    return server_->bind_to_port(settings_.host, settings_.port) ? settings_.port : -1;
}

bool HttpServer::listen() { return server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

bool HttpServer::is_running() const { return server_->is_running(); }

} // namespace gd
