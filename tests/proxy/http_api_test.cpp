// The API through a real HTTP client against the proxy on a free port: the widget's view of it.
#include "proxy_test_support.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

namespace gd {
namespace {

using test::json_of;
using test::RunningProxy;

void expect_error(const httplib::Result& r, int status, const std::string& code, const std::string& lang = "ru") {
    ASSERT_TRUE(r) << "no answer";
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    nlohmann::json body = json_of(r);
    ASSERT_TRUE(body.contains("error")) << r->body;
    EXPECT_EQ(body["error"]["code"], code) << r->body;
    EXPECT_EQ(body["error"]["message"], body["error"][lang == "en" ? "message_en" : "message_ru"]) << r->body;
    EXPECT_FALSE(body["error"]["message_ru"].get<std::string>().empty());
    EXPECT_FALSE(body["error"]["message_en"].get<std::string>().empty());
}

TEST(HttpApi, HealthSaysOkSandboxAndTheVersion) {
    RunningProxy proxy;
    auto r = proxy.client().Get(routes::kHealth);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    Health health = json_of(r).get<Health>();
    EXPECT_EQ(health.status, "ok");
    EXPECT_EQ(health.mode, "sandbox");
    EXPECT_FALSE(health.version.empty());
}

TEST(HttpApi, TheGroupListIsAGroupListWithNoCaching) {
    RunningProxy proxy;
    auto r = proxy.client().Get(routes::kGroups);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
    GroupList list = json_of(r).get<GroupList>();
    ASSERT_EQ(list.groups.size(), (size_t)demo::kGroupCount);
    EXPECT_EQ(list.groups[0].name, "Клиенты — Москва");
}

TEST(HttpApi, TheBigGroupsParticipantsComeInOneAnswer) {
    RunningProxy proxy;
    auto r = proxy.client().Get(routes::group_participants(demo::kBigGroup));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    ParticipantList list = json_of(r).get<ParticipantList>();
    EXPECT_EQ(list.group.id, demo::kBigGroup);
    EXPECT_EQ(list.participants.size(), (size_t)demo::kBigGroupSize);
}

TEST(HttpApi, LargeAnswersAreCompressedWhenTheClientAcceptsIt) {
    RunningProxy proxy;
    auto r = proxy.client().Get(routes::group_participants(demo::kBigGroup), {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
}

TEST(HttpApi, AnOldStyleGroupIdWorksEncoded) {
    RunningProxy proxy;
    auto r = proxy.client().Get("/api/v1/groups/79990000001-1612345678%40g.us/participants");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(json_of(r)["group"]["name"], "Семинар 14 марта");
}

TEST(HttpApi, AnUnencodedAtSignIsAcceptedToo) {
    RunningProxy proxy;
    auto r = proxy.client().Get(std::string("/api/v1/groups/") + demo::kMoscowClientsGroup + "/participants");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
}

TEST(HttpApi, AnUnknownGroupIs404GroupNotFound) {
    RunningProxy proxy;
    expect_error(proxy.client().Get(routes::group_participants("120363000000000000@g.us")), 404, "group_not_found");
}

TEST(HttpApi, BadGroupIdsAre400InvalidGroupId) {
    RunningProxy proxy;
    auto client = proxy.client();
    for (const char* path : {"/api/v1/groups/abc/participants", "/api/v1/groups/%zz/participants",
                             "/api/v1/groups/%4/participants", "/api/v1/groups/1%2F2%40g.us/participants",
                             "/api/v1/groups/..%2F..%2Fetc/participants", "/api/v1/groups/79161234567%40c.us/participants",
                             "/api/v1/groups/1%40g.us%00/participants"}) {
        SCOPED_TRACE(path);
        expect_error(client.Get(path), 400, "invalid_group_id");
    }
}

TEST(HttpApi, ErrorsSpeakTheAskedLanguage) {
    RunningProxy proxy;
    auto client = proxy.client();
    const std::string path = routes::group_participants("120363000000000000@g.us");
    expect_error(client.Get(path + "?lang=en"), 404, "group_not_found", "en");
    expect_error(client.Get(path + "?lang=ru"), 404, "group_not_found", "ru");
    expect_error(client.Get(path, {{"Accept-Language", "en-US,en;q=0.9"}}), 404, "group_not_found", "en");
    expect_error(client.Get(path), 404, "group_not_found", "ru");
    // ?lang= beats the browser's header
    expect_error(client.Get(path + "?lang=ru", {{"Accept-Language", "en"}}), 404, "group_not_found", "ru");
}

TEST(HttpApi, UnknownApiPathsAre404NotFoundInJson) {
    RunningProxy proxy;
    auto client = proxy.client();
    expect_error(client.Get("/api/v1/nothing"), 404, "not_found");
    expect_error(client.Get("/api/v2/groups?lang=en"), 404, "not_found", "en");
    expect_error(client.Get("/api/v1/groups/"), 404, "not_found");
    expect_error(client.Get("/api/v1/groups/1%40g.us"), 404, "not_found");
    expect_error(client.Post("/api/v1/nothing", "{}", "application/json"), 404, "not_found");
}

TEST(HttpApi, AWrongMethodOnAKnownPathIs405WithAllow) {
    RunningProxy proxy;
    auto client = proxy.client();
    auto r = client.Post(routes::kGroups, "{}", "application/json");
    expect_error(r, 405, "method_not_allowed");
    EXPECT_EQ(r->get_header_value("Allow"), "GET, HEAD");
    expect_error(client.Delete(routes::group_participants(demo::kBigGroup) + "?lang=en"), 405, "method_not_allowed", "en");
    expect_error(client.Put(routes::kHealth, "x", "text/plain"), 405, "method_not_allowed");
}

TEST(HttpApi, HeadAnswersLikeGetWithoutABody) {
    RunningProxy proxy;
    auto r = proxy.client().Head(routes::kGroups);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(r->body.empty());
}

// A POST route as later issues add them, to check how bodies are read.
Route echo_route() {
    return {"POST", "/api/v1/test/echo", [](Call& c) {
                Result<nlohmann::json> body = c.json_body();
                if (!body) return c.fail(body.error());
                c.reply(nlohmann::json{{"got", body.value()}});
            }};
}

TEST(HttpApi, AJsonBodyIsReadBack) {
    RunningProxy proxy({echo_route()});
    auto r = proxy.client().Post("/api/v1/test/echo", R"({"phone":"+79161234567"})", "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(json_of(r)["got"]["phone"], "+79161234567");
}

TEST(HttpApi, AMalformedJsonBodyIs400InvalidJson) {
    RunningProxy proxy({echo_route()});
    auto client = proxy.client();
    for (const char* body : {"{", "", "{\"a\":}", "not json", "{\"a\":1}}"}) {
        SCOPED_TRACE(body);
        expect_error(client.Post("/api/v1/test/echo?lang=en", body, "application/json"), 400, "invalid_json", "en");
    }
}

// Found by fuzzing (tests/fuzz/api_body): nlohmann reports a number beyond a double as
// out_of_range, not parse_error, and it left the route as a 500 internal.
TEST(HttpApi, ANumberOutOfRangeIs400InvalidJsonNot500) {
    RunningProxy proxy({echo_route()});
    auto client = proxy.client();
    for (const char* body : {R"({"login":1e999999})", R"({"login":"demo","password":-1e400})", "[1E+999]"}) {
        SCOPED_TRACE(body);
        expect_error(client.Post("/api/v1/test/echo?lang=en", body, "application/json"), 400, "invalid_json", "en");
    }
}

TEST(HttpApi, ABodyOverTheLimitIs413PayloadTooLargeInJson) {
    RunningProxy proxy({echo_route()}, 2048);
    auto client = proxy.client();
    expect_error(client.Post("/api/v1/test/echo?lang=en", std::string(4096, ' '), "application/json"), 413,
                 "payload_too_large", "en");
    expect_error(client.Post("/api/v1/test/echo", std::string(4096, ' '), "application/json"), 413, "payload_too_large");
    // Just under the limit is read.
    auto r = client.Post("/api/v1/test/echo", "[" + std::string(1000, ' ') + "]", "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
}

TEST(HttpApi, AFailingHandlerIs500InternalAndItsTextStaysInTheLog) {
    Route broken{"GET", "/api/v1/test/broken",
                 [](Call&) -> void { throw std::runtime_error("token=SECRET-123 leaked"); }};
    RunningProxy proxy({broken});
    auto r = proxy.client().Get("/api/v1/test/broken?lang=en");
    expect_error(r, 500, "internal", "en");
    EXPECT_EQ(r->body.find("SECRET"), std::string::npos);
    // The server keeps running.
    EXPECT_EQ(proxy.client().Get(routes::kHealth)->status, 200);
    proxy.stop();
    bool logged = false;
    for (const std::string& line : proxy.log()) logged |= line.find("SECRET-123") != std::string::npos;
    EXPECT_TRUE(logged);
}

TEST(HttpApi, EveryAnswerCarriesTheSecurityHeaders) {
    RunningProxy proxy;
    auto client = proxy.client();
    for (const char* path : {"/healthz", "/api/v1/groups", "/api/v1/nothing", "/api/v1/groups/x/participants"}) {
        auto r = client.Get(path);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
        EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer") << path;
        EXPECT_FALSE(r->has_header("Content-Security-Policy")) << path;   // JSON is not a page
    }
}

TEST(HttpApi, TheAccessLogHasOneLinePerRequestWithoutTheQuery) {
    RunningProxy proxy;
    auto client = proxy.client();
    client.Get("/api/v1/groups?token=SECRET-TOKEN");
    client.Get("/api/v1/nothing");
    proxy.stop();
    // Each line is written once its answer is sent, by whichever worker served it: the order of
    // lines from separate connections is not the order of the requests.
    std::vector<std::string> lines = proxy.log();
    std::sort(lines.begin(), lines.end());
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(std::regex_match(lines[0], std::regex(R"(GET /api/v1/groups 200 \d+ms)"))) << lines[0];
    EXPECT_TRUE(std::regex_match(lines[1], std::regex(R"(GET /api/v1/nothing 404 \d+ms)"))) << lines[1];
}

} // namespace
} // namespace gd
