// The robots' API over real HTTP: the «Роботы» list for administrators, and the sandbox's demo
// pipeline, whose stage moves start robot runs as a CRM's call would.
#include "proxy/connectors/sandbox/sandbox_pipeline.h"
#include "proxy/domain/robot_runs.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "proxy/transport/robot_routes.h"
#include "proxy/transport/sandbox_routes.h"
#include "proxy_test_support.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::Sandbox;

class RobotApi : public ::testing::Test {
protected:
    Sandbox sandbox;
    ManualClock clock;
    WhatsAppChecks checks{*sandbox.db, sandbox.whatsapp, clock, CheckPolicy{}};
    AddPacer pacer{*sandbox.db, clock, PacingPolicy{}, 7};
    AuditLog audit{*sandbox.db, clock};
    SqliteJobStore job_store{*sandbox.db};
    JobEngine engine{job_store, clock};
    NumberState number{sandbox.whatsapp, clock};
    MembershipJobs jobs{engine, *sandbox.db, sandbox.whatsapp, number, checks, pacer, audit, JobSettings{}};
    RobotRuns runs{jobs, job_store};
    SandboxPipelineStore pipeline{sandbox.store};
    std::unique_ptr<HttpServer> server;
    std::thread thread;
    int port = 0;

    void SetUp() override {
        jobs.set_entity_reader([this](const std::string&, const EntityRef& ref) { return sandbox.crm.entity(ref); });
        ServerSettings settings;
        settings.web_root = sandbox.dir / "web";
        settings.log = [](const std::string&) {};
        settings.authenticate = [](const std::string& token) -> Result<SessionUser> {
            if (token == "admin") return SessionUser{"admin", "Администратор", true, "standalone"};
            if (token == "manager") return SessionUser{"anna", "Анна", false, "standalone"};
            return Error{ErrorCode::not_signed_in, {}};
        };
        std::vector<Route> routes = robot_routes(runs);
        for (Route& r : sandbox_routes(pipeline, runs, clock)) routes.push_back(std::move(r));
        server = std::make_unique<HttpServer>(settings, std::move(routes));
        port = server->bind();
        ASSERT_GT(port, 0);
        thread = std::thread([this] { server->listen(); });
        while (!server->is_running()) std::this_thread::yield();
    }
    void TearDown() override {
        server->stop();
        thread.join();
    }
    std::pair<int, nlohmann::json> as(const std::string& token, const std::string& method, const std::string& path,
                                      const std::string& body = "{}") {
        httplib::Client c("127.0.0.1", port);
        c.set_bearer_token_auth(token);
        auto r = method == "GET" ? c.Get(path) : c.Post(path, body, "application/json");
        if (!r) return {0, nullptr};
        return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
    }
    static std::string error_code(const nlohmann::json& j) {
        return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
    }
};

TEST_F(RobotApi, MovingADealIntoAStageWithARobotStartsItsRunWhichTheAdminSeesInTheList) {
    auto [status, moved] = as("manager", "POST", routes::sandbox_deal_stage("101"), R"({"stage_id":"talks"})");
    ASSERT_EQ(status, 202) << moved.dump();
    EXPECT_EQ(moved["deal"]["stage_id"], "talks");
    ASSERT_EQ(moved["runs"].size(), 1u);
    EXPECT_EQ(moved["runs"][0]["requested_by"]["kind"], "robot");
    engine.run_until_idle();

    auto [listed, list] = as("admin", "GET", routes::kRobotRuns);
    ASSERT_EQ(listed, 200);
    ASSERT_EQ(list["runs"].size(), 1u);
    const nlohmann::json& run = list["runs"][0];
    EXPECT_EQ(run["crm"], "sandbox");
    EXPECT_EQ(run["trigger"], "Сделка перешла на этап «Переговоры»");
    EXPECT_EQ(run["job"]["state"], "done");
    EXPECT_EQ(run["job"]["items"].size(), 5u);
    // Moving it again into the same stage fires nothing, as in a CRM.
    auto [again, same] = as("manager", "POST", routes::sandbox_deal_stage("101"), R"({"stage_id":"talks"})");
    EXPECT_EQ(again, 202);
    EXPECT_TRUE(same["runs"].empty());
}

TEST_F(RobotApi, AManagerMayNotReadTheRobotsListAndBadMovesAreRefusedClearly) {
    auto [status, body] = as("manager", "GET", routes::kRobotRuns);
    EXPECT_EQ(status, 403);
    EXPECT_EQ(error_code(body), "forbidden");

    struct Bad { std::string path, body; int status; std::string code; };
    for (const Bad& bad : std::vector<Bad>{
             {routes::sandbox_deal_stage("101"), R"({"stage_id":"nowhere"})", 400, "bad_request"},
             {routes::sandbox_deal_stage("999"), R"({"stage_id":"talks"})", 404, "not_found"},
             {routes::sandbox_deal_stage("101"), R"({"stage":"talks"})", 400, ""},
             {routes::sandbox_deal_stage("101"), R"(not json)", 400, ""},
         }) {
        auto [s, b] = as("manager", "POST", bad.path, bad.body);
        EXPECT_EQ(s, bad.status) << bad.body;
        if (!bad.code.empty()) EXPECT_EQ(error_code(b), bad.code) << bad.body;
        EXPECT_TRUE(b["error"].contains("message_ru") && b["error"].contains("message_en")) << b.dump();
    }
    for (const char* limit : {"0", "101", "abc", ""}) {
        auto [s, b] = as("admin", "GET", std::string(routes::kRobotRuns) + "?limit=" + limit);
        EXPECT_EQ(s, 400) << limit;
    }
    // Nothing moved, nothing queued.
    EXPECT_EQ(pipeline.pipeline()->deals[0].stage_id, "new");
    EXPECT_TRUE(runs.recent("standalone", 10)->runs.empty());
}

} // namespace
} // namespace gd
