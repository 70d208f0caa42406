// The access log: enough to follow a request, never its query string (tokens ride there).
#include "proxy/transport/access_log.h"
#include "proxy_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(AccessLog, MethodPathStatusAndDuration) {
    EXPECT_EQ(access_log_line("GET", "/api/v1/groups", 200, 3), "GET /api/v1/groups 200 3ms");
}

TEST(AccessLog, TheQueryStringIsLeftOut) {
    EXPECT_EQ(access_log_line("GET", "/?token=abc&lang=en", 200, 0), "GET / 200 0ms");
}

TEST(AccessLog, ControlCharactersCannotForgeLines) {
    EXPECT_EQ(access_log_line("GET", "/a\nGET /admin 200 0ms", 404, 1), "GET /a?GET /admin 200 0ms 404 1ms");
}

TEST(AccessLog, AnUnknownMethodsEscapeSequencesAndNewlinesNeverReachTheLog) {
    EXPECT_EQ(access_log_line("\x1b[2J\x1b[31mGET", "/", 400, 0), "?[2J?[31mGET / 400 0ms");
    EXPECT_EQ(access_log_line("X\nGET", "/", 400, 0), "X?GET / 400 0ms");
    EXPECT_EQ(access_log_line("\xc2\x9b" "31m", "/", 400, 0), "??31m / 400 0ms");   // C1 CSI as UTF-8
    EXPECT_EQ(access_log_line(std::string(40, 'P'), "/", 400, 0), std::string(16, 'P') + "... / 400 0ms");
}

// Bytes as a hostile client writes them, the answer as it comes back.
std::string raw_exchange(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return {};
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string answer;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == (ssize_t)request.size()) {
        char buf[4096];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) answer.append(buf, (size_t)n);
    }
    ::close(fd);
    return answer;
}

TEST(AccessLog, OverHttpAnUnknownMethodIsLoggedWithoutItsEscapes) {
    test::RunningProxy proxy;
    std::string answer = raw_exchange(proxy.port(), "\x1b]0;pwned\x07\x1b[2JBREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 4", 0), 0u) << answer;   // refused, whatever the code
    proxy.stop();
    std::vector<std::string> lines = proxy.log();
    ASSERT_EQ(lines.size(), 1u) << ::testing::PrintToString(lines);
    EXPECT_EQ(lines[0].find('\x1b'), std::string::npos) << lines[0];
    EXPECT_EQ(lines[0].find('\x07'), std::string::npos) << lines[0];
    EXPECT_EQ(lines[0].rfind("?]0;pwned??[2JBR... /healthz 4", 0), 0u) << lines[0];
}

TEST(AccessLog, VeryLongPathsAreCut) {
    std::string line = access_log_line("GET", "/" + std::string(5000, 'a'), 404, 0);
    EXPECT_LT(line.size(), 400u);
    EXPECT_NE(line.find("... 404 0ms"), std::string::npos);
}

TEST(AccessLog, ARequestThatCouldNotBeReadStillGetsAWholeLine) {
    EXPECT_EQ(access_log_line("", "", 414, 0), "- - 414 0ms");
}

} // namespace
} // namespace gd
