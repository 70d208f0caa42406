// Whatever a client sends as a JSON body, the answer is a 400 with a code the widget knows, never
// a 500 or a proxy that runs out of stack or memory.
#include "proxy/auth/logins.h"
#include "proxy/transport/session_routes.h"
#include "sign_in_support.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

// Signing in (a LoginRequest body) and a route that takes any JSON body, over real HTTP.
struct BodyProxy : test::SignInStore {
    test::RunningProxy proxy{routes()};

    std::vector<Route> routes() {
        std::vector<Route> r = session_routes(login_check(logins, false), throttle, sessions, [](const std::string&) {});
        r.push_back({"POST", "/api/v1/test/echo", [](Call& c) {
                         Result<nlohmann::json> j = c.json_body();
                         if (!j) return c.fail(j.error());
                         c.reply(nlohmann::json{{"type", j->type_name()}});
                     }});
        return r;
    }
    httplib::Result post(const std::string& path, const std::string& body) {
        return proxy.client().Post(path, body, "application/json");
    }
};

struct Bad {
    std::string name, body, code;
};

std::vector<Bad> bad_bodies() {
    return {
        {"number out of range", R"({"login":1e999999,"password":"x"})", "invalid_json"},
        {"negative number out of range", R"({"login":"a","password":-1e400})", "invalid_json"},
        {"100000 '[' unclosed", std::string(100000, '['), "invalid_json"},
        {"100000 '[' closed", std::string(100000, '[') + std::string(100000, ']'), "invalid_json"},
        {"deep objects", [] {
             std::string s;
             for (int i = 0; i < 50000; ++i) s += "{\"a\":";
             return s + "1" + std::string(50000, '}');
         }(), "invalid_json"},
        {"invalid UTF-8", "{\"login\":\"\xff\xfe\",\"password\":\"x\"}", "invalid_json"},
        {"cut UTF-8", "{\"login\":\"\xd0\",\"password\":\"x\"}", "invalid_json"},
        {"not JSON", "{login: anna}", "invalid_json"},
        {"empty", "", "invalid_json"},
        {"top-level array", R"(["anna","x"])", "bad_request"},
        {"top-level string", R"("anna")", "bad_request"},
        {"top-level number", "5", "bad_request"},
        {"top-level null", "null", "bad_request"},
        {"login a number", R"({"login":5,"password":"x"})", "bad_request"},
        {"password an object", R"({"login":"anna","password":{"x":1}})", "bad_request"},
        {"login missing", R"({"password":"x"})", "bad_request"},
        {"login a huge number", R"({"login":123456789012345678901234567890,"password":"x"})", "bad_request"},
    };
}

TEST(JsonBodies, EveryBadSignInBodyIsA400WithItsCode) {
    BodyProxy p;
    for (const Bad& bad : bad_bodies()) {
        auto r = p.post(routes::kSession, bad.body);
        ASSERT_TRUE(r) << bad.name;
        EXPECT_EQ(r->status, 400) << bad.name << ": " << r->body;
        EXPECT_EQ(test::json_of(r)["error"]["code"], bad.code) << bad.name << ": " << r->body;
    }
    EXPECT_EQ(p.post(routes::kSession, R"({"login":"anna","password":"x"})")->status, 401);   // still serving
}

TEST(JsonBodies, NestingIsRefusedAsItIsReadWithTheReason) {
    BodyProxy p;
    auto deep = p.post("/api/v1/test/echo", std::string(1000 * 1000, '['));   // just under 1 MiB
    ASSERT_TRUE(deep);
    EXPECT_EQ(deep->status, 400);
    EXPECT_EQ(test::json_of(deep)["error"]["detail"], "nested deeper than 32 levels") << deep->body;
    auto fine = p.post("/api/v1/test/echo", std::string(31, '[') + std::string(31, ']'));
    EXPECT_EQ(fine->status, 200) << fine->body;
    auto out_of_range = p.post("/api/v1/test/echo", "[1e999999]");
    EXPECT_EQ(test::json_of(out_of_range)["error"]["code"], "invalid_json") << out_of_range->body;
    EXPECT_EQ(test::json_of(out_of_range)["error"]["detail"], "a number is out of range");
}

} // namespace
} // namespace gd
