#pragma once
// What the fake gateways of the connector tests share: an HTTP API on a free port of 127.0.0.1
// that records every request and refuses those without its key header, and answers the routes a
// test adds. httplib reads a body only after routing, so answer() routes fill in the body of the
// request they serve.
#include <httplib.h>

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace gd::test {

struct SeenRequest {
    std::string method;
    std::string target;   // path and query, as sent
    std::string body;
    std::string key;      // the key header's value
};

// A literal path as an httplib route (a regular expression).
inline std::string literal_route(const std::string& path) {
    std::string out;
    for (char c : path) {
        if (std::string_view(".+*?()[]{}|^$\\").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

class FakeKeyedApi {
public:
    // Requests whose `key_header` is not `key` get 401 with `refusal_body` (JSON).
    FakeKeyedApi(std::string key_header, std::string key, std::string refusal_body) {
        server.set_pre_routing_handler([this, key_header, key, refusal_body](const httplib::Request& req,
                                                                            httplib::Response& res) {
            if (on_request) on_request(req);
            {
                std::lock_guard lock(mutex_);
                seen_.push_back({req.method, req.target, req.body, req.get_header_value(key_header)});
            }
            if (req.get_header_value(key_header) == key) return httplib::Server::HandlerResponse::Unhandled;
            res.status = 401;
            res.set_content(refusal_body, "application/json");
            return httplib::Server::HandlerResponse::Handled;
        });
    }
    ~FakeKeyedApi() {
        server.stop();
        if (thread_.joinable()) thread_.join();
    }

    void answer(const std::string& method, const std::string& path, int status, const std::string& body,
                const std::string& content_type = "application/json") {
        auto handler = [=, this](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(mutex_);
                if (!seen_.empty()) seen_.back().body = req.body;   // the gateway sends one request at a time
            }
            res.status = status;
            res.set_content(body, content_type);
        };
        const std::string pattern = literal_route(path);
        if (method == "GET") server.Get(pattern, handler);
        else if (method == "POST") server.Post(pattern, handler);
        else if (method == "PUT") server.Put(pattern, handler);
    }

    void start() {
        port_ = server.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::yield();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    std::vector<SeenRequest> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    std::vector<std::string> targets() const {
        std::vector<std::string> t;
        for (const SeenRequest& s : seen()) t.push_back(s.method + " " + s.target);
        return t;
    }

    httplib::Server server;
    // Called as each request arrives, before it is answered (set it before start()).
    std::function<void(const httplib::Request&)> on_request;

private:
    mutable std::mutex mutex_;
    std::vector<SeenRequest> seen_;
    std::thread thread_;
    int port_ = 0;
};

} // namespace gd::test
