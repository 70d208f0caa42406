#pragma once
// The proxy's listening socket and its connections, read by one event-loop thread. A request goes
// to a worker thread only once all of it has arrived (request_framing.h), and its answer is written
// back by the loop, so a client that sends or reads slowly holds a buffer, never a worker: eight
// slow clients cannot stop a proxy with eight workers. (cpp-httplib's own listen() gives each
// connection a pool thread for its whole life, so it can be starved that way:
// https://github.com/berthubert/trifecta/issues/43.)
//
// Bounded everywhere: a request must arrive whole within request_timeout of its first byte (408),
// an idle keep-alive connection is closed after idle_timeout, an answer must drain within
// write_timeout, and at most max_connections are open (idle ones are closed first to make room).
#include "proxy/transport/request_framing.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace gd {

struct GateSettings {
    FramingLimits framing;
    size_t workers = 8;
    size_t max_connections = 512;
    size_t max_requests_per_connection = 1000;
    std::chrono::milliseconds request_timeout{10000};   // first byte of a request to its last
    std::chrono::milliseconds idle_timeout{5000};       // between requests on a kept-alive connection
    std::chrono::milliseconds write_timeout{30000};     // for an answer to drain to a slow reader
};

// One whole request, as the client sent it, for a worker.
struct GateRequest {
    std::string bytes;
    std::string remote_ip;
    int remote_port = 0;
    std::string local_ip;
    int local_port = 0;
    bool last = false;   // the connection closes after this answer (stopping, or its request budget spent)
};

struct GateAnswer {
    std::string bytes;   // the whole HTTP response
    bool close = false;  // close the connection once it is written
};

// Runs on a worker thread.
using ServeRequest = std::function<GateAnswer(const GateRequest&)>;
// Runs on the loop thread, so it must not block: the answer for a request the gate refuses
// (framing.status, or 408 when it did not arrive in time). `head` is what arrived of it.
using RefuseRequest = std::function<std::string(int status, const std::string& reason, std::string_view head)>;

class ConnectionGate {
public:
    ConnectionGate(GateSettings settings, ServeRequest serve, RefuseRequest refuse);
    ~ConnectionGate();
    ConnectionGate(const ConnectionGate&) = delete;
    ConnectionGate& operator=(const ConnectionGate&) = delete;

    // Returns the bound port (the chosen one when port is 0), or -1.
    int bind(const std::string& host, int port);
    // Serves until stop(); false when it could not run (not bound, or the loop failed to start).
    bool run();
    // From any thread, also before run(): run() then returns at once.
    void stop();
    bool is_running() const { return running_; }

private:
    struct Loop;
    GateSettings settings_;
    ServeRequest serve_;
    RefuseRequest refuse_;
    int listen_fd_ = -1;
    int wake_fd_ = -1;   // eventfd: a finished answer or stop()
    std::atomic<bool> stopping_{false};
    std::atomic<bool> running_{false};
    std::unique_ptr<Loop> loop_;
};

} // namespace gd
