#include "proxy/transport/http_server.h"

#include "proxy/connectors/upstream/ascii_text.h"
#include "proxy/transport/access_log.h"
#include "proxy/transport/responses.h"
#include "proxy/transport/static_files.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
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

// A whole request the gate read, as the stream cpp-httplib parses; the answer collects in `out`
// for the gate to write.
class BufferedStream : public httplib::Stream {
public:
    explicit BufferedStream(const GateRequest& request) : request_(request) {}

    bool is_readable() const override { return true; }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, size_t size) override {
        size_t n = std::min(size, request_.bytes.size() - read_);
        std::copy_n(request_.bytes.data() + read_, n, ptr);
        read_ += n;
        return (ssize_t)n;
    }
    ssize_t write(const char* ptr, size_t size) override {
        out.append(ptr, size);
        return (ssize_t)size;
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = request_.remote_ip;
        port = request_.remote_port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = request_.local_ip;
        port = request_.local_port;
    }
    // cpp-httplib compares this with FD_SETSIZE only: no socket is read through it.
    socket_t socket() const override { return -1; }

    std::string out;

private:
    const GateRequest& request_;
    size_t read_ = 0;
};

// "Example.COM:8080" -> "example.com"; "[::1]:8080" -> "[::1]".
std::string host_name(std::string_view host) {
    size_t end = host.size();
    if (!host.empty() && host.front() == '[') end = std::min(end, host.find(']') + 1);   // npos + 1 == 0: whole
    else end = std::min(end, host.rfind(':'));
    return ascii_lowercase(std::string(host.substr(0, end == 0 ? host.size() : end)));
}

const char* reason_phrase(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    default: return "Error";
    }
}

// The request line's method and target, as far as they arrived, for the access log.
void request_line_parts(std::string_view head, std::string_view& method, std::string_view& target) {
    std::string_view line = head.substr(0, std::min(head.find("\r\n"), head.size()));
    size_t sp1 = line.find(' ');
    method = line.substr(0, std::min(sp1, line.size()));
    if (sp1 == std::string_view::npos) return;
    size_t sp2 = line.find(' ', sp1 + 1);
    target = line.substr(sp1 + 1, sp2 == std::string_view::npos ? std::string_view::npos : sp2 - sp1 - 1);
}

// The language for a refusal, from what arrived of the request: ?lang= in its target, else its
// Accept-Language, as request_lang() reads a whole request.
Lang head_lang(std::string_view head, std::string_view target) {
    httplib::Request req;
    size_t query = target.find('?');
    for (size_t at = query; at != std::string_view::npos && at < target.size();) {
        size_t end = std::min(target.find('&', at + 1), target.size());
        std::string_view pair = target.substr(at + 1, end - at - 1);
        if (pair.rfind("lang=", 0) == 0) req.params.emplace("lang", std::string(pair.substr(5)));
        at = end;
    }
    for (size_t at = head.find("\r\n"); at != std::string_view::npos;) {
        size_t end = head.find("\r\n", at + 2);
        std::string_view line = head.substr(at + 2, end == std::string_view::npos ? std::string_view::npos : end - at - 2);
        constexpr std::string_view kName = "Accept-Language:";
        if (starts_with_ignoring_case(line, kName)) req.headers.emplace("Accept-Language", std::string(line.substr(kName.size())));
        at = end;
    }
    return request_lang(req);
}

} // namespace

// cpp-httplib's server with its own accept loop left unused: the gate hands it whole requests.
class HttpServer::Processor : public httplib::Server {
public:
    // cpp-httplib streams a content provider's body (our static files) only while its listening
    // socket is valid, which it takes as "not shutting down". It has none here: stand in a value
    // that is never used as a socket (stop() and the destructor touch it only after listen()).
    Processor() { svr_sock_ = 0; }
    void stopping() { svr_sock_ = INVALID_SOCKET; }

    GateAnswer serve(const GateRequest& request) {
        BufferedStream stream(request);
        bool closed = false;
        bool ok = process_request(stream, request.last, closed, nullptr);
        return GateAnswer{std::move(stream.out), !ok || closed || request.last};
    }
};

HttpServer::HttpServer(ServerSettings settings, std::vector<Route> routes)
    : settings_(std::move(settings)), processor_(std::make_unique<Processor>()) {
    if (!settings_.log) settings_.log = [](const std::string& line) { std::fputs((line + "\n").c_str(), stderr); };
    Processor* server = processor_.get();

    auto router = std::make_shared<Router>(std::move(routes), settings_.authenticate);
    auto files = std::make_shared<StaticFiles>(settings_.web_root);
    httplib::Server::Handler dispatch = [router, files](const httplib::Request& req, httplib::Response& res) {
        if (!router->handle(req, res)) files->serve(req, res);
    };
    // One entry point for every method: the Router tells 404 from 405, which per-method
    // registration in cpp-httplib cannot.
    server->Get(".*", dispatch);
    server->Post(".*", dispatch);
    server->Put(".*", dispatch);
    server->Patch(".*", dispatch);
    server->Delete(".*", dispatch);
    server->Options(".*", dispatch);

    // The gate enforces the limits while reading; these keep cpp-httplib's own in step.
    settings_.gate.framing.max_body_bytes = settings_.max_body_bytes;
    server->set_payload_max_length(settings_.max_body_bytes);
    server->set_keep_alive_max_count(settings_.gate.max_requests_per_connection);
    server->set_keep_alive_timeout(std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(settings_.gate.idle_timeout).count()));

    std::vector<std::string> hosts = {"localhost", "127.0.0.1", "[::1]"};
    for (const std::string& h : settings_.allowed_hosts) hosts.push_back(host_name(h));
    server->set_pre_routing_handler([hosts](const httplib::Request& req, httplib::Response& res) {
        request_started = Clock::now();
        if (std::find(hosts.begin(), hosts.end(), host_name(req.get_header_value("Host"))) == hosts.end()) {
            reply_error(res, Error{ErrorCode::unknown_host, {}}, request_lang(req));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // cpp-httplib answers some errors with an empty body (413 over max_body_bytes, 400 for a
    // request it cannot parse, 405/404 from static files): give them our JSON, keeping the status.
    server->set_error_handler(httplib::Server::HandlerWithResponse(
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
    server->set_exception_handler([log](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
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
    server->set_post_routing_handler([csp](const httplib::Request&, httplib::Response& res) {
        add_security_headers(res, csp);
    });

    server->set_logger([log](const httplib::Request& req, const httplib::Response& res) {
        long long ms = 0;
        if (request_started)
            ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - *request_started).count();
        request_started.reset();
        log(access_log_line(req.method, req.target, res.status, ms));
    });

    // What the gate refuses never reaches cpp-httplib: answer it here the same way, and log it.
    ServeRequest serve = [server](const GateRequest& request) { return server->serve(request); };
    RefuseRequest refuse = [log, csp](int status, const std::string& reason, std::string_view head) {
        std::string_view method, target;
        request_line_parts(head, method, target);
        log(access_log_line(method, target, status, 0));
        httplib::Response res;
        reply_error(res, Error{error_for_status(status), reason}, head_lang(head, target));
        res.status = status;
        add_security_headers(res, csp);
        std::string bytes = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
        for (const auto& [name, value] : res.headers) bytes += name + ": " + value + "\r\n";
        bytes += "Content-Length: " + std::to_string(res.body.size()) + "\r\nConnection: close\r\n\r\n" + res.body;
        return bytes;
    };
    gate_ = std::make_unique<ConnectionGate>(settings_.gate, std::move(serve), std::move(refuse));
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind() { return gate_->bind(settings_.host, settings_.port); }

bool HttpServer::listen() { return gate_->run(); }

void HttpServer::stop() {
    processor_->stopping();
    gate_->stop();
}

bool HttpServer::is_running() const { return gate_->is_running(); }

} // namespace gd
