#pragma once
// The proxy's HTTP face: the connection gate (connection_gate.h) reads whole requests off the
// network, cpp-httplib parses and answers each on a worker: the API routes first, then the
// widget's static files. Every error leaves as shared/errors.h JSON in the caller's language, even
// the ones the gate or cpp-httplib answer by themselves (413, 431, malformed requests); an
// exception in a handler becomes a 500 whose text stays in the server log. Only requests for
// this proxy's own host names are answered (421 otherwise), so a web page cannot reach a proxy on
// 127.0.0.1 by rebinding its own domain's DNS. One access-log line per request.
#include "proxy/transport/connection_gate.h"
#include "proxy/transport/router.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gd {

struct ServerSettings {
    std::string host = "127.0.0.1";
    int port = 0;                        // 0: the system picks a free port
    std::filesystem::path web_root;
    std::size_t max_body_bytes = 1024 * 1024;
    GateSettings gate;                   // its framing.max_body_bytes is max_body_bytes
    // Host names (without port) requests may name besides localhost, 127.0.0.1 and [::1]: the
    // public address's host, the listening address.
    std::vector<std::string> allowed_hosts;
    std::string frame_ancestors = "'self'";
    Authenticate authenticate;           // who a bearer token belongs to; empty: no sign-in needed
    // Where access lines and handler failures go; stderr when empty.
    std::function<void(const std::string& line)> log;
};

class HttpServer {
public:
    HttpServer(ServerSettings settings, std::vector<Route> routes);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Takes the address. Returns the bound port (the chosen one when settings.port is 0), or -1
    // when the address is taken, not allowed, or not an address of this machine.
    int bind();
    // Serves until stop(); call after bind(). A stop() that came first makes it return at once.
    // false when the listening socket failed.
    bool listen();
    // From any thread; listen() returns soon after.
    void stop();
    bool is_running() const;

private:
    class Processor;
    ServerSettings settings_;
    std::unique_ptr<Processor> processor_;
    std::unique_ptr<ConnectionGate> gate_;
};

} // namespace gd
