// The proxy's front door under clients that misbehave: slow ones, floods, lying bodies, other
// host names. Each story runs the real server on a free port and talks raw TCP to it.
#include "proxy_test_support.h"
#include "raw_connection.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace gd {
namespace {

using namespace std::chrono_literals;
using test::RawConnection;
using test::RunningProxy;
using test::status_of;

Route echo_route() {
    return {"POST", "/api/v1/test/echo", [](Call& c) {
                Result<nlohmann::json> body = c.json_body();
                if (!body) return c.fail(body.error());
                c.reply(nlohmann::json{{"bytes", c.request.body.size()}});
            }};
}

std::string healthz(const std::string& host = "127.0.0.1") {
    return "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
}

std::string error_code_in(const std::string& answer) {
    size_t body = answer.find("\r\n\r\n");
    if (body == std::string::npos) return {};
    return nlohmann::json::parse(answer.substr(body + 4), nullptr, false).value("/error/code"_json_pointer, "");
}

TEST(ConnectionGate, AChunkedBodyOverTheLimitIsRefusedWhileItIsStillComing) {
    RunningProxy proxy({echo_route()}, 64 * 1024);
    RawConnection c(proxy.port());
    ASSERT_TRUE(c.send("POST /api/v1/test/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
    // 3 MB announced in 32 KB chunks: the answer comes after the limit, and the rest is never read.
    std::string chunk = "8000\r\n" + std::string(0x8000, '[') + "\r\n";
    size_t sent = 0;
    for (int i = 0; i < 96 && c.send(chunk); ++i) sent += 0x8000;
    std::string answer = c.receive();
    EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 200);
    EXPECT_EQ(error_code_in(answer), "payload_too_large");
    EXPECT_NE(answer.find("Connection: close"), std::string::npos);
}

TEST(ConnectionGate, ACompressedBodyIsRefusedUnread) {
    RunningProxy proxy({echo_route()});
    RawConnection c(proxy.port());
    ASSERT_TRUE(c.send("POST /api/v1/test/echo?lang=en HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Encoding: gzip\r\n"
                       "Content-Length: 20\r\n\r\n"));
    std::string answer = c.receive();
    EXPECT_EQ(status_of(answer), 415);
    EXPECT_EQ(error_code_in(answer), "unsupported_encoding");
    EXPECT_NE(answer.find("Compressed requests are not accepted"), std::string::npos) << "the refusal speaks the asked language";
}

TEST(ConnectionGate, AHeaderFloodIsRefusedAfterTheLimitNotAfterTheFlood) {
    RunningProxy proxy;
    RawConnection c(proxy.port());
    std::string line = "X-Flood: " + std::string(8000, 'f') + "\r\n";
    std::string start = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 20; ++i) start += line;
    ASSERT_TRUE(c.send(start));
    std::string answer = c.receive_until("}}");
    EXPECT_EQ(status_of(answer), 431);
    EXPECT_EQ(error_code_in(answer), "headers_too_large");
    // Up to 200 MB would follow: the proxy hangs up long before (what is sent before then sits in
    // the two sockets' buffers, a few MB on loopback).
    size_t sent = start.size();
    while (sent < 200u * 1024 * 1024 && c.send(line)) sent += line.size();
    EXPECT_LT(sent, 64u * 1024 * 1024) << "the proxy kept reading a header flood";
}

TEST(ConnectionGate, ManyHeadersAre431) {
    RunningProxy proxy;
    RawConnection c(proxy.port());
    std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 200; ++i) request += "X-" + std::to_string(i) + ": 1\r\n";
    ASSERT_TRUE(c.send(request + "\r\n"));
    EXPECT_EQ(status_of(c.receive()), 431);
}

TEST(ConnectionGate, SlowClientsDoNotStopOthersAndAreCutOffInTime) {
    GateSettings gate;
    gate.workers = 2;
    gate.request_timeout = 1500ms;
    RunningProxy proxy({}, 1024 * 1024, {}, true, gate);
    // Far more slow clients than workers, each dripping one header line now and then.
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 32; ++i) {
        slow.push_back(std::make_unique<RawConnection>(proxy.port()));
        ASSERT_TRUE(slow.back()->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    }
    for (int round = 0; round < 3; ++round) {
        for (auto& s : slow) s->send("X-Drip: " + std::to_string(round) + "\r\n");
        RawConnection fast(proxy.port());
        ASSERT_TRUE(fast.send(healthz()));
        std::string answer = fast.receive_until("\"status\":\"ok\"", 1, 2000ms);
        EXPECT_EQ(status_of(answer), 200) << "round " << round << ": " << answer.substr(0, 100);
        std::this_thread::sleep_for(300ms);
    }
    // Past the request timeout every slow client has been told 408 and closed.
    for (auto& s : slow) {
        std::string answer = s->receive(3000ms);
        EXPECT_EQ(status_of(answer), 408) << answer.substr(0, 100);
        EXPECT_EQ(error_code_in(answer), "request_timeout");
        EXPECT_TRUE(s->closed_by_proxy());
    }
}

TEST(ConnectionGate, IdleConnectionsMakeRoomForNewOnesUpToTheCap) {
    GateSettings gate;
    gate.max_connections = 4;
    RunningProxy proxy({}, 1024 * 1024, {}, true, gate);
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 4; ++i) idle.push_back(std::make_unique<RawConnection>(proxy.port()));
    std::this_thread::sleep_for(200ms);   // all four accepted
    RawConnection fresh(proxy.port());
    ASSERT_TRUE(fresh.send(healthz()));
    EXPECT_EQ(status_of(fresh.receive_until("\"status\"")), 200) << "the oldest idle connection gave way";
    EXPECT_EQ(idle[0]->receive(500ms), "");
    EXPECT_TRUE(idle[0]->closed_by_proxy());
}

TEST(ConnectionGate, ConnectionsInTheMiddleOfARequestAreNotEvictedAndExtraOnesAreClosed) {
    GateSettings gate;
    gate.max_connections = 2;
    RunningProxy proxy({}, 1024 * 1024, {}, true, gate);
    RawConnection a(proxy.port()), b(proxy.port());
    ASSERT_TRUE(a.send("GET /healthz HTTP/1.1\r\n"));
    ASSERT_TRUE(b.send("GET /healthz HTTP/1.1\r\n"));
    std::this_thread::sleep_for(200ms);
    RawConnection extra(proxy.port());
    extra.send(healthz());
    EXPECT_EQ(extra.receive(1000ms), "");
    EXPECT_TRUE(extra.closed_by_proxy());
    // The two that were first still get their answers.
    ASSERT_TRUE(a.send("Host: 127.0.0.1\r\n\r\n"));
    EXPECT_EQ(status_of(a.receive_until("\"status\"")), 200);
}

TEST(ConnectionGate, PipelinedRequestsAreAnsweredInOrderOnOneConnection) {
    RunningProxy proxy({echo_route()});
    RawConnection c(proxy.port());
    std::string post = "POST /api/v1/test/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 7\r\n\r\n[1,2,3]";
    ASSERT_TRUE(c.send(healthz() + post + healthz()));
    std::string answers = c.receive_until("HTTP/1.1 200", 3);
    size_t first = answers.find("\"status\":\"ok\""), second = answers.find("\"bytes\":7"),
           third = answers.find("\"status\":\"ok\"", first + 1);
    ASSERT_NE(first, std::string::npos) << answers;
    ASSERT_NE(second, std::string::npos) << answers;
    ASSERT_NE(third, std::string::npos) << answers;
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);
}

TEST(ConnectionGate, AClientThatWaitsForContinueGetsItOnceAndThenItsAnswer) {
    RunningProxy proxy({echo_route()});
    RawConnection c(proxy.port());
    ASSERT_TRUE(c.send("POST /api/v1/test/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                       "Content-Length: 2\r\n\r\n"));
    std::string interim = c.receive_until("\r\n\r\n");
    EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
    ASSERT_TRUE(c.send("{}"));
    std::string answer = c.receive_until("\"bytes\":2");
    EXPECT_EQ(status_of(answer), 200) << answer;
    EXPECT_EQ(answer.find("100 Continue"), std::string::npos) << answer;
}

TEST(ConnectionGate, ARequestSentRightBeforeTheClientHangsUpIsStillServed) {
    std::atomic<int> served{0};
    Route count = {"POST", "/api/v1/test/count", [&served](Call& c) {
                       ++served;
                       c.reply(nlohmann::json{{"ok", true}});
                   }};
    RunningProxy proxy({count});
    for (int i = 0; i < 20; ++i) {
        RawConnection c(proxy.port());
        ASSERT_TRUE(c.send("POST /api/v1/test/count HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"));
    }   // each closes at once, often before the proxy has read its request
    for (auto give_up = std::chrono::steady_clock::now() + 5s; served < 20 && std::chrono::steady_clock::now() < give_up;)
        std::this_thread::sleep_for(10ms);
    EXPECT_EQ(served, 20);
}

TEST(ConnectionGate, OnlyThisProxysOwnHostNamesAreAnswered) {
    RunningProxy proxy({}, 1024 * 1024, {}, true, {}, {"groupdesk.example.org:443"});
    for (const std::string host : {"127.0.0.1", "127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]:8080",
                                   "groupdesk.example.org", "groupdesk.example.org:8443"}) {
        RawConnection c(proxy.port());
        ASSERT_TRUE(c.send(healthz(host)));
        EXPECT_EQ(status_of(c.receive_until("\r\n\r\n")), 200) << host;
    }
    for (const std::string host : {"evil.example", "127.0.0.1.evil.example", "localhost.evil.example:8080", "example.org"}) {
        RawConnection c(proxy.port());
        ASSERT_TRUE(c.send(healthz(host)));
        std::string answer = c.receive_until("}}");
        EXPECT_EQ(status_of(answer), 421) << host;
        EXPECT_EQ(error_code_in(answer), "unknown_host") << host;
    }
}

TEST(ConnectionGate, TheAccessLogHoldsNoRawControlBytesFromARefusedRequest) {
    RunningProxy proxy;
    {
        RawConnection c(proxy.port());
        ASSERT_TRUE(c.send("G\x1b[31mET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Encoding: gzip\r\n\r\n"));
        c.receive(500ms);
    }
    proxy.stop();
    for (const std::string& line : proxy.log())
        for (char ch : line) EXPECT_FALSE((unsigned char)ch < 0x20 || ch == 0x7f) << line;
}

} // namespace
} // namespace gd
