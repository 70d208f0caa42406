#include "proxy/transport/connection_gate.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace gd {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// After an answer that closes the connection, unread request bytes would make the kernel send a
// reset that can destroy the answer before the client reads it: read and drop them this long.
// A client that keeps flooding past that much is cut off with a reset instead.
constexpr std::chrono::milliseconds kLinger{2000};
constexpr size_t kLingerBytes = 256 * 1024;
constexpr size_t kReadChunk = 64 * 1024;

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
        auto& a = reinterpret_cast<const sockaddr_in&>(addr);
        inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
        port = ntohs(a.sin_port);
    } else if (addr.ss_family == AF_INET6) {
        auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
        inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
        port = ntohs(a.sin6_port);
    }
    ip = text;
}

} // namespace

struct ConnectionGate::Loop {
    enum class Phase { reading, serving, writing, lingering };

    struct Connection {
        int fd = -1;
        uint64_t id = 0;
        Phase phase = Phase::reading;
        std::string in;                 // received, not yet handed on
        std::string out;                // to send
        size_t sent = 0;
        RequestFramer framer;
        bool request_started = false;   // a byte of the current request has arrived
        bool continue_sent = false;
        bool close_after_write = false;
        bool watched = false;           // registered with epoll
        uint32_t events = 0;
        size_t served = 0;
        size_t dropped = 0;             // bytes read and thrown away while lingering
        Clock::time_point deadline;
        std::string remote_ip, local_ip;
        int remote_port = 0, local_port = 0;

        explicit Connection(FramingLimits limits) : framer(limits) {}
    };

    struct Finished {
        int fd;
        uint64_t id;
        GateAnswer answer;
    };

    ConnectionGate& gate;
    int epoll_fd = -1;
    uint64_t next_id = 1;
    std::unordered_map<int, std::unique_ptr<Connection>> connections;
    httplib::ThreadPool workers;
    std::mutex finished_mutex;
    std::deque<Finished> finished;   // answers from workers, written by the loop

    explicit Loop(ConnectionGate& g) : gate(g), workers(g.settings_.workers) {}
    ~Loop() {
        workers.shutdown();
        for (auto& [fd, c] : connections) ::close(fd);
        if (epoll_fd >= 0) ::close(epoll_fd);
    }

    void watch(Connection& c, uint32_t events) {
        if (c.watched && c.events == events) return;
        epoll_event ev{};
        ev.events = events;
        ev.data.fd = c.fd;
        if (events == 0) {
            if (c.watched) epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
            c.watched = false;
        } else {
            epoll_ctl(epoll_fd, c.watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c.fd, &ev);
            c.watched = true;
        }
        c.events = events;
    }

    void close_connection(int fd) {
        auto it = connections.find(fd);
        if (it == connections.end()) return;
        if (it->second->watched) epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        connections.erase(it);
    }

    void await_request(Connection& c, Clock::time_point now) {
        c.phase = Phase::reading;
        c.framer.reset();
        c.continue_sent = false;
        c.request_started = false;
        c.deadline = now + gate.settings_.idle_timeout;
        watch(c, EPOLLIN | EPOLLRDHUP);
    }

    void accept_all(Clock::time_point now) {
        for (;;) {
            sockaddr_storage remote{};
            socklen_t len = sizeof remote;
            int fd = ::accept4(gate.listen_fd_, reinterpret_cast<sockaddr*>(&remote), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) return;   // EAGAIN, or a connection that went away before we took it
            if (connections.size() >= gate.settings_.max_connections && !evict_idle()) {
                ::close(fd);
                continue;
            }
            // Each answer leaves in one write; without NODELAY a reused connection waits for the
            // client's delayed ACK (about 40 ms) before the next answer's first segment.
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto c = std::make_unique<Connection>(gate.settings_.framing);
            c->fd = fd;
            c->id = next_id++;
            address_of(remote, c->remote_ip, c->remote_port);
            sockaddr_storage local{};
            len = sizeof local;
            if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) address_of(local, c->local_ip, c->local_port);
            Connection& ref = *c;
            connections[fd] = std::move(c);
            await_request(ref, now);
        }
    }

    // Makes room for a new connection by closing the idle kept-alive one that waited longest.
    bool evict_idle() {
        Connection* oldest = nullptr;
        for (auto& [fd, c] : connections)
            if (c->phase == Phase::reading && !c->request_started &&
                (!oldest || c->deadline < oldest->deadline || (c->deadline == oldest->deadline && c->id < oldest->id)))
                oldest = c.get();
        if (!oldest) return false;
        close_connection(oldest->fd);
        return true;
    }

    void refuse(Connection& c, int status, const std::string& reason, Clock::time_point now) {
        std::string_view head(c.in);
        head = head.substr(0, std::min(head.size(), gate.settings_.framing.max_head_bytes));
        respond(c, GateAnswer{gate.refuse_(status, reason, head), true}, now);
    }

    void read_from(Connection& c, Clock::time_point now) {
        const size_t cap = gate.settings_.framing.max_head_bytes + 2 * gate.settings_.framing.max_body_bytes + 128 * 1024;
        char buf[kReadChunk];
        bool peer_done = false;
        for (;;) {
            ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n > 0) {
                if (c.phase == Phase::lingering) {
                    if ((c.dropped += (size_t)n) <= kLingerBytes) continue;
                    close_connection(c.fd);
                    return;
                }
                c.in.append(buf, (size_t)n);
                if (c.in.size() > cap) break;   // the framer refuses it below
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            if (n < 0 && errno == EINTR) continue;
            peer_done = true;   // end of stream, or reset
            break;
        }
        if (c.phase == Phase::lingering) {
            if (peer_done) close_connection(c.fd);
            return;
        }
        // A client may send its request and hang up at once (amoCRM's install redirect does): what
        // arrived whole is still served; its answer then finds the socket closed.
        if (peer_done) c.close_after_write = true;
        const int fd = c.fd;
        frame(c, now);   // may answer and close the connection: `c` is not used after this
        auto it = connections.find(fd);
        if (peer_done && it != connections.end() && it->second->phase == Phase::reading) close_connection(fd);
    }

    // Looks for a whole request in what has arrived; hands it on, refuses it, or waits for more.
    void frame(Connection& c, Clock::time_point now) {
        if (!c.request_started) {
            // RFC 9112 §2.2: empty lines before a request line are ignored.
            size_t skip = 0;
            while (skip + 1 < c.in.size() && c.in[skip] == '\r' && c.in[skip + 1] == '\n') skip += 2;
            c.in.erase(0, skip);
            if (c.in.empty()) return;
            c.request_started = true;
            c.deadline = now + gate.settings_.request_timeout;
        }
        Framing f = c.framer.advance(c.in);
        if (f.state == Framing::refused) return refuse(c, f.status, f.reason, now);
        if (f.state == Framing::incomplete) {
            if (f.expects_continue && !c.continue_sent) {
                c.continue_sent = true;
                // Tiny, into an empty send buffer: a short write here means the client is gone.
                if (::send(c.fd, kContinue.data(), kContinue.size(), MSG_NOSIGNAL) != (ssize_t)kContinue.size())
                    close_connection(c.fd);
            }
            return;
        }
        GateRequest request;
        request.bytes = c.in.substr(0, f.request_bytes);
        c.in.erase(0, f.request_bytes);
        request.remote_ip = c.remote_ip;
        request.remote_port = c.remote_port;
        request.local_ip = c.local_ip;
        request.local_port = c.local_port;
        request.last = ++c.served >= gate.settings_.max_requests_per_connection || gate.stopping_;
        c.phase = Phase::serving;
        watch(c, 0);   // pipelined bytes wait in the socket until this answer is out
        int fd = c.fd;
        uint64_t id = c.id;
        ConnectionGate* g = &gate;
        workers.enqueue([this, g, fd, id, request = std::move(request)] {
            GateAnswer answer;
            try {
                answer = g->serve_(request);
            } catch (...) {
                answer.close = true;   // serve_ answers its own errors; this is a last resort
            }
            {
                std::lock_guard<std::mutex> lock(finished_mutex);
                finished.push_back(Finished{fd, id, std::move(answer)});
            }
            uint64_t one = 1;
            (void)!::write(g->wake_fd_, &one, sizeof one);
        });
    }

    void respond(Connection& c, GateAnswer answer, Clock::time_point now) {
        // The gate already said 100 Continue; cpp-httplib says it again when it sees the header.
        if (c.continue_sent && answer.bytes.compare(0, kContinue.size(), kContinue) == 0)
            answer.bytes.erase(0, kContinue.size());
        c.out = std::move(answer.bytes);
        c.sent = 0;
        c.close_after_write = answer.close || c.close_after_write;
        c.phase = Phase::writing;
        c.deadline = now + gate.settings_.write_timeout;
        write_to(c, now);
    }

    void write_to(Connection& c, Clock::time_point now) {
        while (c.sent < c.out.size()) {
            ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
            if (n > 0) {
                c.sent += (size_t)n;
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                watch(c, EPOLLOUT);
                return;
            }
            close_connection(c.fd);
            return;
        }
        c.out.clear();
        if (c.close_after_write || gate.stopping_) {
            ::shutdown(c.fd, SHUT_WR);
            c.phase = Phase::lingering;
            c.in.clear();
            c.deadline = now + kLinger;
            watch(c, EPOLLIN | EPOLLRDHUP);
            return;
        }
        await_request(c, now);
        if (!c.in.empty()) frame(c, now);   // a pipelined request already here
    }

    void take_finished(Clock::time_point now) {
        std::deque<Finished> done;
        {
            std::lock_guard<std::mutex> lock(finished_mutex);
            done.swap(finished);
        }
        for (Finished& f : done) {
            auto it = connections.find(f.fd);
            if (it == connections.end() || it->second->id != f.id) continue;
            respond(*it->second, std::move(f.answer), now);
        }
    }

    void expire(Clock::time_point now) {
        std::vector<int> late;
        for (auto& [fd, c] : connections)
            if (c->phase != Phase::serving && c->deadline <= now) late.push_back(fd);
        for (int fd : late) {
            Connection& c = *connections[fd];
            if (c.phase == Phase::reading && c.request_started)
                refuse(c, 408, "the request did not arrive within " +
                                   std::to_string(gate.settings_.request_timeout.count()) + " ms", now);
            else
                close_connection(fd);   // idle, lingering, or a reader too slow for its answer
        }
    }

    int wait_ms(Clock::time_point now) const {
        Clock::time_point next = now + std::chrono::seconds(1);
        for (auto& [fd, c] : connections)
            if (c->phase != Phase::serving && c->deadline < next) next = c->deadline;
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
        return (int)std::max<long long>(0, ms + 1);
    }

    bool run() {
        epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (epoll_fd < 0) return false;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = gate.listen_fd_;
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, gate.listen_fd_, &ev) != 0) return false;
        ev.data.fd = gate.wake_fd_;
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, gate.wake_fd_, &ev) != 0) return false;

        std::vector<epoll_event> events(256);
        while (!gate.stopping_) {
            int n = epoll_wait(epoll_fd, events.data(), (int)events.size(), wait_ms(Clock::now()));
            if (n < 0 && errno != EINTR) return false;
            Clock::time_point now = Clock::now();
            for (int i = 0; i < n; ++i) {
                int fd = events[i].data.fd;
                if (fd == gate.listen_fd_) {
                    accept_all(now);
                } else if (fd == gate.wake_fd_) {
                    uint64_t count;
                    (void)!::read(gate.wake_fd_, &count, sizeof count);
                    take_finished(now);
                } else if (auto it = connections.find(fd); it != connections.end()) {
                    Connection& c = *it->second;
                    if (c.phase == Phase::writing && (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
                        write_to(c, now);
                    else if (c.phase == Phase::reading || c.phase == Phase::lingering)
                        read_from(c, now);
                }
            }
            expire(now);
        }
        return true;
    }
};

ConnectionGate::ConnectionGate(GateSettings settings, ServeRequest serve, RefuseRequest refuse)
    : settings_(std::move(settings)), serve_(std::move(serve)), refuse_(std::move(refuse)) {
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

ConnectionGate::~ConnectionGate() {
    stop();
    loop_.reset();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

int ConnectionGate::bind(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
    int fd = -1;
    for (addrinfo* ai = found; ai && fd < 0; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0) return -1;
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    std::string ip;
    int bound = -1;
    address_of(addr, ip, bound);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = fd;
    return bound;
}

bool ConnectionGate::run() {
    if (listen_fd_ < 0 || wake_fd_ < 0) return false;
    if (stopping_) return true;   // told to stop before it started (a signal right after bind): a clean stop
    loop_ = std::make_unique<Loop>(*this);
    running_ = true;
    bool ok = loop_->run();
    running_ = false;
    loop_.reset();   // waits for the workers' answers in flight, then closes every connection
    return ok;
}

void ConnectionGate::stop() {
    stopping_ = true;
    if (wake_fd_ >= 0) {
        uint64_t one = 1;
        (void)!::write(wake_fd_, &one, sizeof one);
    }
}

} // namespace gd
