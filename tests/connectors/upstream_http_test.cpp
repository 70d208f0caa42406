// The upstream client against a real local HTTP server that answers like a throttled gateway.
#include "proxy/connectors/upstream/upstream_http.h"

#include <httplib.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

namespace gd {
namespace {

// A local HTTP server on a free port, stopped when the test ends.
struct FakeUpstream {
    httplib::Server server;
    std::thread thread;
    int port = 0;

    void start() {
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::yield();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
    ~FakeUpstream() {
        server.stop();
        if (thread.joinable()) thread.join();
    }
};

// A port that refuses connections: bound once to learn a free number, then closed. (A bound
// httplib::Server keeps its socket listening after destruction, so connections would hang.)
int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, (sockaddr*)&addr, sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, (sockaddr*)&addr, &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

UpstreamPolicy fast_policy() {
    UpstreamPolicy p;
    p.max_attempts = 3;
    p.first_backoff = Clock::Duration(1000);
    p.default_rate_per_second = 0;   // no pacing unless a test asks
    return p;
}

TEST(UpstreamHttp, A429WithRetryAfterIsWaitedOutThenSucceeds) {
    FakeUpstream fake;
    std::atomic<int> calls{0};
    fake.server.Get("/groups", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ == 0) {
            res.status = 429;
            res.set_header("Retry-After", "7");
            return;
        }
        res.set_content(R"({"ok":true})", "application/json");
    });
    fake.start();
    ManualClock clock;
    UpstreamHttp http(fake.url(), fast_policy(), clock);
    Result<UpstreamResponse> r = http.send({.method = "GET", .path = "/groups", .operation = "listGroups"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, R"({"ok":true})");
    EXPECT_EQ(calls.load(), 2);
    EXPECT_EQ(clock.slept(), Clock::Duration(7000));
}

TEST(UpstreamHttp, PersistentThrottlingBecomesARateLimitedError) {
    FakeUpstream fake;
    fake.server.Get("/x", [](const httplib::Request&, httplib::Response& res) { res.status = 429; });
    fake.start();
    ManualClock clock;
    UpstreamHttp http(fake.url(), fast_policy(), clock);
    Result<UpstreamResponse> r = http.send({.path = "/x", .operation = "check"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::upstream_rate_limited);
    EXPECT_EQ(http.requests_sent(), 3);
    // Backoff doubles: 1 s, then 2 s.
    EXPECT_EQ(clock.slept(), Clock::Duration(3000));
}

TEST(UpstreamHttp, AnUpstreamThatExplainsItsStatusGetsTheLastAnswerWhenRetriesRunOut) {
    FakeUpstream fake;
    fake.server.Get("/x", [](const httplib::Request&, httplib::Response& res) {
        res.status = 503;
        res.set_content(R"({"error":"QUERY_LIMIT_EXCEEDED"})", "application/json");
    });
    fake.start();
    ManualClock clock;
    UpstreamPolicy policy = fast_policy();
    policy.answer_when_retries_run_out = true;
    UpstreamHttp http(fake.url(), policy, clock);
    Result<UpstreamResponse> r = http.send({.path = "/x", .operation = "read"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->body, R"({"error":"QUERY_LIMIT_EXCEEDED"})");
    EXPECT_EQ(http.requests_sent(), 3);   // still retried with backoff first
    EXPECT_EQ(clock.slept(), Clock::Duration(3000));
}

TEST(UpstreamHttp, AServerErrorOnAWriteIsNotRepeated) {
    FakeUpstream fake;
    std::atomic<int> calls{0};
    fake.server.Post("/add", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.status = 502;
    });
    fake.start();
    ManualClock clock;
    UpstreamHttp http(fake.url(), fast_policy(), clock);
    Result<UpstreamResponse> r = http.send({.method = "POST", .path = "/add", .operation = "add", .idempotent = false});
    ASSERT_TRUE(r.ok());   // the 502 is handed to the connector to interpret
    EXPECT_EQ(r->status, 502);
    EXPECT_EQ(calls.load(), 1);
}

TEST(UpstreamHttp, AServerErrorOnAReadIsRetried) {
    FakeUpstream fake;
    std::atomic<int> calls{0};
    fake.server.Get("/read", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ < 2) res.status = 503;
        else res.set_content("fine", "text/plain");
    });
    fake.start();
    ManualClock clock;
    UpstreamHttp http(fake.url(), fast_policy(), clock);
    Result<UpstreamResponse> r = http.send({.path = "/read"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->body, "fine");
    EXPECT_EQ(calls.load(), 3);
}

TEST(UpstreamHttp, AnUnreachableUpstreamIsUnavailableAndTheErrorNamesNoUrl) {
    int port = closed_port();
    ManualClock clock;
    UpstreamHttp http("http://127.0.0.1:" + std::to_string(port) + "/waInstance1/", fast_policy(), clock);
    Result<UpstreamResponse> r = http.send({.path = "/getStateInstance/SECRET-TOKEN", .operation = "getStateInstance"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::gateway_unavailable);
    EXPECT_EQ(r.error().detail.find("SECRET-TOKEN"), std::string::npos);
    EXPECT_NE(r.error().detail.find("getStateInstance"), std::string::npos);
}

TEST(UpstreamHttp, RequestsOfOneKeyArePacedToItsRate) {
    FakeUpstream fake;
    fake.server.Post("/check", [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
    fake.start();
    ManualClock clock;
    UpstreamHttp http(fake.url(), fast_policy(), clock);
    http.set_rate("checkWhatsapp", 2);   // two a second
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(http.send({.method = "POST", .path = "/check", .rate_key = "checkWhatsapp"}).ok());
    // 4 turns of 500 ms; the third and fifth wait for a slot, which frees a window after its
    // answer plus one tick of the clock.
    EXPECT_EQ(clock.slept(), Clock::Duration(2002));
}

// std::cerr as the test saw it, restored when the test ends.
struct CapturedLog {
    std::ostringstream text;
    std::streambuf* saved = std::cerr.rdbuf(text.rdbuf());
    ~CapturedLog() { std::cerr.rdbuf(saved); }
};

size_t occurrences(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// The upstream counts the account, not the request: after a 429 with Retry-After, the next
// request of the same key, to another path, waits it out too; a request of another key does not.
TEST(UpstreamHttp, A429PausesEveryRequestOfItsKeyNotOnlyTheOneThatGotIt) {
    FakeUpstream fake;
    ManualClock clock;
    std::vector<std::pair<std::string, long long>> arrivals;   // path, ManualClock ms
    std::mutex arrivals_mutex;
    auto note = [&](const httplib::Request& req) {
        std::lock_guard lock(arrivals_mutex);
        arrivals.push_back({req.path, clock.now().count()});
    };
    fake.server.Post(R"(/waInstance1/SECRET-TOKEN/(add|remove|read))", [&](const httplib::Request& req, httplib::Response& res) {
        note(req);
        if (req.matches[1] == "add") {
            res.status = 429;
            res.set_header("Retry-After", "4");
            return;
        }
        res.set_content("{}", "application/json");
    });
    fake.start();
    UpstreamPolicy policy = fast_policy();
    policy.max_attempts = 1;   // the told request gives up at once: only the lane remembers
    UpstreamHttp http(fake.url() + "/waInstance1/SECRET-TOKEN", policy, clock);
    http.set_rate("writes", 2);
    http.set_rate("reads", 2);
    CapturedLog log;

    Result<UpstreamResponse> told = http.send({.method = "POST", .path = "/add", .operation = "add", .rate_key = "writes"});
    ASSERT_FALSE(told.ok());
    EXPECT_EQ(told.error().code, ErrorCode::upstream_rate_limited);
    ASSERT_TRUE(http.send({.method = "POST", .path = "/read", .rate_key = "reads"}).ok());
    ASSERT_TRUE(http.send({.method = "POST", .path = "/remove", .rate_key = "writes"}).ok());
    ASSERT_TRUE(http.send({.method = "POST", .path = "/remove", .rate_key = "writes"}).ok());

    ASSERT_EQ(arrivals.size(), 4u);
    EXPECT_EQ(arrivals[1].second, 0);      // another key: not held back
    EXPECT_EQ(arrivals[2].second, 4000);   // the next write: after Retry-After
    EXPECT_EQ(arrivals[3].second, 5001);   // then at half of 2 a second while cooling down (a window and a tick)
    // Said once, by the key's name: no address, no token.
    EXPECT_EQ(occurrences(log.text.str(), "upstream lane writes: HTTP 429, paused 4000 ms"), 1u) << log.text.str();
    EXPECT_EQ(log.text.str().find("SECRET-TOKEN"), std::string::npos);
    EXPECT_EQ(log.text.str().find("127.0.0.1"), std::string::npos);
}

// Bitrix24 says 503 QUERY_LIMIT_EXCEEDED for its rate limit: the portal's key slows the same way.
TEST(UpstreamHttp, A503SlowsItsKeyLikeA429) {
    FakeUpstream fake;
    std::atomic<int> calls{0};
    fake.server.Get("/x", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ == 0) res.status = 503;
        else res.set_content("{}", "application/json");
    });
    fake.start();
    ManualClock clock;
    UpstreamPolicy policy = fast_policy();
    policy.max_attempts = 1;
    policy.answer_when_retries_run_out = true;
    UpstreamHttp http(fake.url(), policy, clock);
    http.set_rate("portal", 2);
    ASSERT_EQ(http.send({.path = "/x", .rate_key = "portal"})->status, 503);
    ASSERT_TRUE(http.send({.path = "/x", .rate_key = "portal"}).ok());
    // No Retry-After: paused for the first backoff (1 s); the lane, slowed to one a second, then
    // has its one slot back a window and a clock tick after the 503.
    EXPECT_EQ(clock.slept(), Clock::Duration(1001));
}

TEST(UpstreamHttp, TheBaseUrlPathPrefixesEveryRequestAndHeadersArrive) {
    FakeUpstream fake;
    std::string key_seen;
    fake.server.Get("/api/v2/ping", [&](const httplib::Request& req, httplib::Response& res) {
        key_seen = req.get_header_value("X-Api-Key");
        res.set_content("pong", "text/plain");
    });
    fake.start();
    ManualClock clock;
    UpstreamHttp http(fake.url() + "/api/v2/", fast_policy(), clock);
    Result<UpstreamResponse> r = http.send({.path = "/ping", .headers = {{"X-Api-Key", "k1"}}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->body, "pong");
    EXPECT_EQ(key_seen, "k1");
}

TEST(UpstreamHttp, ASecretEchoedBackByTheUpstreamIsHiddenBeforeAnyoneReadsIt) {
    FakeUpstream fake;
    fake.server.Get(R"(/waInstance1/getChats/(.+))", [](const httplib::Request& req, httplib::Response& res) {
        res.status = 404;
        res.set_header("X-Echo", "token=" + req.matches[1].str());
        res.set_content("Cannot GET /waInstance1/getChats/" + req.matches[1].str() + " (twice: " + req.matches[1].str() + ")",
                        "text/plain");
    });
    fake.start();
    ManualClock clock;
    UpstreamHttp http(fake.url(), fast_policy(), clock);
    http.add_secret("s3cr3t-T0KEN");
    http.add_secret("");   // an unset key hides nothing (and does not loop)
    Result<UpstreamResponse> r = http.send({.path = "/waInstance1/getChats/s3cr3t-T0KEN"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(r->body, "Cannot GET /waInstance1/getChats/(hidden) (twice: (hidden))");
    EXPECT_EQ(r->header("X-Echo"), "token=(hidden)");
}

TEST(UpstreamHttp, ASecretThatIsPartOfTheMarkIsStillHiddenAndDoesNotLoop) {
    FakeUpstream fake;
    fake.server.Get("/echo", [](const httplib::Request&, httplib::Response& res) { res.set_content("key e here", "text/plain"); });
    fake.start();
    ManualClock clock;
    UpstreamHttp http(fake.url(), fast_policy(), clock);
    http.add_secret("e");
    Result<UpstreamResponse> r = http.send({.path = "/echo"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->body, "k(hidden)y (hidden) h(hidden)r(hidden)");
}

TEST(UpstreamHttp, ABadBaseUrlIsRefusedUpFront) {
    ManualClock clock;
    EXPECT_THROW(UpstreamHttp("ftp://x", fast_policy(), clock), std::invalid_argument);
    EXPECT_THROW(UpstreamHttp("no scheme", fast_policy(), clock), std::invalid_argument);
    EXPECT_THROW(UpstreamHttp("https://", fast_policy(), clock), std::invalid_argument);
}

TEST(UpstreamHttp, RetryAfterParsesSecondsOnly) {
    EXPECT_EQ(retry_after_seconds("120"), 120);
    EXPECT_EQ(retry_after_seconds(""), -1);
    EXPECT_EQ(retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT"), -1);
    EXPECT_EQ(retry_after_seconds("-5"), -1);
}

} // namespace
} // namespace gd
