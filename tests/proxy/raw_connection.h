#pragma once
// A TCP connection to the proxy that sends bytes exactly as written, for requests no HTTP
// client would send: dripped headers, bodies that lie about their size, floods.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <string_view>

namespace gd::test {

class RawConnection {
public:
    explicit RawConnection(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons((uint16_t)port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~RawConnection() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return fd_ >= 0; }

    // False once the proxy has closed the connection (or reset it).
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix((size_t)n);
        }
        return true;
    }

    // What the proxy sends until it closes the connection or `wait` passes with nothing new.
    std::string receive(std::chrono::milliseconds wait = std::chrono::milliseconds(3000)) {
        std::string out;
        while (read_some(wait, out)) {
        }
        return out;
    }

    // Reads until `marker` has arrived `count` times, the proxy closes, or `wait` passes.
    std::string receive_until(std::string_view marker, int count = 1,
                              std::chrono::milliseconds wait = std::chrono::milliseconds(3000)) {
        std::string out;
        auto deadline = std::chrono::steady_clock::now() + wait;
        auto seen = [&] {
            int n = 0;
            for (size_t at = out.find(marker); at != std::string::npos; at = out.find(marker, at + 1)) ++n;
            return n;
        };
        while (seen() < count) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !read_some(left, out)) break;
        }
        return out;
    }

    // True when the proxy closed its side (seen by a receive).
    bool closed_by_proxy() const { return closed_; }

private:
    // One read within `wait`, appended to `out`; false when nothing came or the proxy closed.
    bool read_some(std::chrono::milliseconds wait, std::string& out) {
        char buf[8192];
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, (int)wait.count()) <= 0) return false;
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) {
            closed_ = true;
            return false;
        }
        out.append(buf, (size_t)n);
        return true;
    }

    int fd_ = -1;
    bool closed_ = false;
};

// "HTTP/1.1 431 Request Header Fields Too Large\r\n..." -> 431; 0 when it is no HTTP answer.
inline int status_of(std::string_view answer) {
    if (answer.size() < 12 || answer.substr(0, 9) != "HTTP/1.1 ") return 0;
    return std::stoi(std::string(answer.substr(9, 3)));
}

} // namespace gd::test
