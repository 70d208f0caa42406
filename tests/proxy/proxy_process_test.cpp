// The groupdesk-proxy program as an admin (and the browser tests) run it: one line on stdout
// with the real port, a clean stop on SIGTERM, exit code 2 with a clear message on bad settings.
#include "proxy_process.h"

#include <gtest/gtest.h>

#include <mutex>
#include <regex>
#include <thread>

namespace gd {
namespace {

using test::add_admin_login;
using test::demo_session;
using test::listening_port;
using test::proxy_program;
using test::ProxyProcess;
using test::session_of;

class ProxyProgram : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(proxy_program()))
            GTEST_SKIP() << "build the groupdesk-proxy target first: " << proxy_program();
    }
    test::ScratchDir dir;
};

TEST_F(ProxyProgram, StartsOnAFreePortSaysSoOnOneLineAndStopsCleanlyOnSigterm) {
    test::FakeWidget().write_into(dir / "web");
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WEB_ROOT=" + (dir / "web").string()});
    std::string line = proxy.stdout_line();
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, std::regex(R"(GroupDesk proxy listening on http://127\.0\.0\.1:(\d+) \(mode sandbox, data (.+)\))")))
        << line;
    EXPECT_EQ(m[2].str(), (dir / "data").string());
    int port = std::stoi(m[1].str());
    ASSERT_GT(port, 0);

    httplib::Client client("127.0.0.1", port);
    auto health = client.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    EXPECT_EQ(client.Get("/api/v1/groups")->status, 401);   // not signed in
    httplib::Headers session = demo_session(client);
    ASSERT_FALSE(session.empty());
    EXPECT_EQ(client.Get("/api/v1/groups", session)->status, 200);
    EXPECT_EQ(client.Get("/")->body, test::FakeWidget().index);
    EXPECT_TRUE(std::filesystem::exists(dir / "data" / "groupdesk.sqlite"));

    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
    std::string log = proxy.rest_of_stderr();
    EXPECT_NE(log.find("GET /healthz 200"), std::string::npos) << log;
    EXPECT_NE(log.find("stopped"), std::string::npos) << log;
}

TEST_F(ProxyProgram, SigintStopsItToo) {
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WEB_ROOT=" + (dir / "web").string()});
    ASSERT_NE(proxy.stdout_line().find("listening"), std::string::npos);
    proxy.signal(SIGINT);
    EXPECT_EQ(proxy.exit_code(), 0);
}

TEST_F(ProxyProgram, BadSettingsStopItWithCode2AndEveryProblemNamed) {
    ProxyProcess proxy({"GROUPDESK_PORT=http", "GROUPDESK_MODE=live", "GROUPDESK_DATA_DIR=" + (dir / "data").string()});
    EXPECT_EQ(proxy.stdout_line(), "");
    EXPECT_EQ(proxy.exit_code(), 2);
    std::string err = proxy.rest_of_stderr();
    EXPECT_NE(err.find("GROUPDESK_PORT must be a whole number from 0 to 65535"), std::string::npos) << err;
    EXPECT_NE(err.find("\"http\""), std::string::npos) << err;
    EXPECT_NE(err.find("not available yet"), std::string::npos) << err;
    EXPECT_FALSE(std::filesystem::exists(dir / "data"));   // nothing touched
}

TEST_F(ProxyProgram, AConfigFileThatIsNotJsonIsExit2WithLineAndColumn) {
    test::write_file(dir / "proxy.json", "{\"port\": 0,,}");
    ProxyProcess proxy({}, {"--config", (dir / "proxy.json").string()});
    EXPECT_EQ(proxy.exit_code(), 2);
    std::string err = proxy.rest_of_stderr();
    EXPECT_NE(err.find("line 1, column"), std::string::npos) << err;
}

TEST_F(ProxyProgram, AnUnusableDataFolderIsExit1NamingIt) {
    test::write_file(dir / "blocker", "a file");
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "blocker" / "data").string()});
    EXPECT_EQ(proxy.exit_code(), 1);
    std::string err = proxy.rest_of_stderr();
    EXPECT_NE(err.find("cannot create the data directory"), std::string::npos) << err;
}

// A WAHA on this machine, answering as its docs say, that remembers the API keys it was sent.
struct FakeWahaUpstream {
    static constexpr const char* kKey = "tok-SECRET-1234567890";
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::vector<std::string> keys;

    FakeWahaUpstream() {
        server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
            std::lock_guard lock(mutex);
            keys.push_back(req.get_header_value("X-Api-Key"));
            return httplib::Server::HandlerResponse::Unhandled;
        });
        server.Get("/api/sessions/default", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"name":"default","status":"WORKING","me":{"id":"79990001122@c.us","pushName":"Shop"}})",
                            "application/json");
        });
        server.Get("/api/default/groups", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"120363000000000077@g.us": {"id": "120363000000000077@g.us", "subject": "Клиенты из WAHA",
                "participants": [{"id": "79990001122@s.whatsapp.net", "admin": "admin"},
                                 {"id": "79161234567@s.whatsapp.net", "admin": null}]}})", "application/json");
        });
        // A gateway that echoes what it was sent into its error: the key must still not leave the proxy.
        server.Get(R"(/api/default/groups/.*)", [](const httplib::Request&, httplib::Response& res) {
            res.status = 500;
            res.set_content(std::string(R"({"statusCode":500,"message":"engine failed for key )") + kKey + "\"}",
                            "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::yield();
    }
    ~FakeWahaUpstream() {
        server.stop();
        thread.join();
    }
};

// A proxy in this folder with the fake WAHA as its gateway.
std::vector<std::string> waha_settings(const test::ScratchDir& dir, const FakeWahaUpstream& waha) {
    return {"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
            "GROUPDESK_WEB_ROOT=" + (dir / "web").string(), "GROUPDESK_WHATSAPP_GATEWAY=waha",
            "GROUPDESK_WHATSAPP_GATEWAY_URL=http://127.0.0.1:" + std::to_string(waha.port),
            std::string("GROUPDESK_WHATSAPP_GATEWAY_TOKEN=") + FakeWahaUpstream::kKey};
}

TEST_F(ProxyProgram, WithARealGatewayTheDemoLoginIsGoneAndTheStartSaysHowToAddALogin) {
    FakeWahaUpstream waha;
    ProxyProcess proxy(waha_settings(dir, waha));
    int port = listening_port(proxy);
    ASSERT_GT(port, 0);
    httplib::Client client("127.0.0.1", port);
    auto demo = client.Post("/api/v1/session", R"({"login":"demo","password":"demo"})", "application/json");
    ASSERT_TRUE(demo);
    EXPECT_EQ(demo->status, 401) << demo->body;
    EXPECT_EQ(nlohmann::json::parse(client.Get("/healthz")->body)["demo_login"], "");
    EXPECT_EQ(client.Get("/api/v1/groups", demo_session(client))->status, 401);

    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
    std::string log = proxy.rest_of_stderr();
    EXPECT_NE(log.find("no login can sign in"), std::string::npos) << log;
    EXPECT_NE(log.find("printf '%s\\n' 'a-long-password' | " + proxy_program().string() + " --add-user NAME --admin"),
              std::string::npos) << log;
    std::lock_guard lock(waha.mutex);
    EXPECT_TRUE(waha.keys.empty()) << "nobody reached the gateway";
}

TEST_F(ProxyProgram, WithCrmKeysTheDemoLoginIsGoneToo) {
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WEB_ROOT=" + (dir / "web").string(),
                        "GROUPDESK_PUBLIC_URL=https://groupdesk.example.org", "GROUPDESK_BITRIX24_CLIENT_ID=local.abc",
                        "GROUPDESK_BITRIX24_CLIENT_SECRET=b24-secret"});
    int port = listening_port(proxy);
    ASSERT_GT(port, 0);
    httplib::Client client("127.0.0.1", port);
    EXPECT_EQ(client.Post("/api/v1/session", R"({"login":"demo","password":"demo"})", "application/json")->status, 401);
    EXPECT_EQ(nlohmann::json::parse(client.Get("/healthz")->body)["demo_login"], "");
    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
    EXPECT_NE(proxy.rest_of_stderr().find("--add-user NAME --admin"), std::string::npos);
}

TEST_F(ProxyProgram, TheSandboxStillOffersTheDemoLoginAndSaysNothingAboutAddingOne) {
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WEB_ROOT=" + (dir / "web").string()});
    int port = listening_port(proxy);
    ASSERT_GT(port, 0);
    httplib::Client client("127.0.0.1", port);
    EXPECT_EQ(nlohmann::json::parse(client.Get("/healthz")->body)["demo_login"], "demo");
    EXPECT_FALSE(demo_session(client).empty());
    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
    EXPECT_EQ(proxy.rest_of_stderr().find("--add-user"), std::string::npos);
}

TEST_F(ProxyProgram, AnOpenDataFolderAndFileAreMadePrivateAtStartAndItSaysSo) {
    open_data_file(dir / "data").reset();
    const std::filesystem::path file = dir / "data" / "groupdesk.sqlite";
    std::filesystem::permissions(dir / "data", std::filesystem::perms(0755));
    std::filesystem::permissions(file, std::filesystem::perms(0644));
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WEB_ROOT=" + (dir / "web").string()});
    ASSERT_GT(listening_port(proxy), 0);
    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
    std::string log = proxy.rest_of_stderr();
    EXPECT_NE(log.find("groupdesk-proxy: the data directory " + (dir / "data").string() +
                       " was open to other users (0755): now 0700"), std::string::npos) << log;
    EXPECT_NE(log.find("groupdesk.sqlite was open to other users (0644): now 0600"), std::string::npos) << log;
    using std::filesystem::perms;
    EXPECT_EQ(std::filesystem::status(dir / "data").permissions() & perms::mask, perms(0700));
    EXPECT_EQ(std::filesystem::status(file).permissions() & perms::mask, perms(0600));
}

TEST_F(ProxyProgram, AConfiguredWahaCarriesTheGroupsAndItsKeyNeverLeavesTheProxy) {
    FakeWahaUpstream waha;
    add_admin_login(dir / "data", "anna", "a-long-password");
    ProxyProcess proxy(waha_settings(dir, waha));
    std::smatch m;
    std::string line = proxy.stdout_line();
    ASSERT_TRUE(std::regex_search(line, m, std::regex(R"(:(\d+) \(mode)"))) << line;
    httplib::Client client("127.0.0.1", std::stoi(m[1].str()));
    httplib::Headers session = session_of(client, "anna", "a-long-password");
    ASSERT_FALSE(session.empty());

    auto groups = client.Get("/api/v1/groups", session);
    ASSERT_TRUE(groups);
    EXPECT_EQ(groups->status, 200) << groups->body;
    EXPECT_NE(groups->body.find("Клиенты из WAHA"), std::string::npos) << groups->body;
    EXPECT_NE(groups->body.find("\"we_are_admin\":true"), std::string::npos) << groups->body;

    auto failed = client.Get("/api/v1/groups/120363000000000077%40g.us/participants", session);
    ASSERT_TRUE(failed);
    EXPECT_GE(failed->status, 500) << failed->body;
    EXPECT_NE(failed->body.find("\"code\""), std::string::npos) << failed->body;
    EXPECT_EQ(failed->body.find(FakeWahaUpstream::kKey), std::string::npos) << failed->body;

    {
        std::lock_guard lock(waha.mutex);
        ASSERT_FALSE(waha.keys.empty());
        for (const std::string& key : waha.keys) EXPECT_EQ(key, FakeWahaUpstream::kKey);
    }
    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
    std::string log = proxy.rest_of_stderr();
    EXPECT_NE(log.find("WhatsApp gateway waha at http://127.0.0.1:" + std::to_string(waha.port) + ", session default"),
              std::string::npos) << log;
    EXPECT_EQ(log.find(FakeWahaUpstream::kKey), std::string::npos) << log;
    EXPECT_EQ(log.find("no login can sign in"), std::string::npos) << "anna is stored: " << log;
}

// The sandbox's demo deals belong to the sandbox: with a real gateway and no CRM, the standalone
// page has no CRM at all rather than a make-believe one, and the proxy says it is live.
TEST_F(ProxyProgram, WithARealGatewayThereIsNoDemoCrmAndHealthSaysLive) {
    FakeWahaUpstream waha;
    add_admin_login(dir / "data", "anna", "a-long-password");
    ProxyProcess proxy(waha_settings(dir, waha));
    std::string line = proxy.stdout_line();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(line, m, std::regex(R"(:(\d+) \(mode live,)"))) << line;
    httplib::Client client("127.0.0.1", std::stoi(m[1].str()));
    EXPECT_EQ(nlohmann::json::parse(client.Get("/healthz")->body)["mode"], "live");
    httplib::Headers session = session_of(client, "anna", "a-long-password");
    ASSERT_FALSE(session.empty());
    auto cards = client.Get("/api/v1/cards?query=%D0%92%D0%B5%D0%BA%D1%82%D0%BE%D1%80", session);   // «Вектор»
    ASSERT_TRUE(cards);
    EXPECT_NE(cards->status, 200) << cards->body;
    EXPECT_EQ(cards->body.find("Вектор"), std::string::npos) << "a demo deal in a live setup: " << cards->body;
    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
}

TEST_F(ProxyProgram, AGatewayWithoutItsTokenIsExit2NamingTheVariable) {
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WHATSAPP_GATEWAY=green_api", "GROUPDESK_WHATSAPP_GATEWAY_URL=https://7105.api.greenapi.com",
                        "GROUPDESK_WHATSAPP_GATEWAY_INSTANCE=7105000001"});
    EXPECT_EQ(proxy.exit_code(), 2);
    std::string err = proxy.rest_of_stderr();
    EXPECT_NE(err.find("GROUPDESK_WHATSAPP_GATEWAY_TOKEN"), std::string::npos) << err;
    EXPECT_FALSE(std::filesystem::exists(dir / "data"));
}

TEST_F(ProxyProgram, AnAddedLoginSignsInAndItsPasswordIsNeverEchoed) {
    {
        ProxyProcess add({"GROUPDESK_DATA_DIR=" + (dir / "data").string()}, {"--add-user", "anna", "--admin", "--name", "Анна"});
        add.write_stdin("a-long-password\n");
        EXPECT_EQ(add.stdout_line(), "login anna (admin) saved");
        EXPECT_EQ(add.exit_code(), 0);
    }
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WEB_ROOT=" + (dir / "web").string()});
    std::smatch m;
    std::string line = proxy.stdout_line();
    ASSERT_TRUE(std::regex_search(line, m, std::regex(R"(:(\d+) \(mode)"))) << line;
    httplib::Client client("127.0.0.1", std::stoi(m[1].str()));
    auto ok = client.Post("/api/v1/session", R"({"login":"anna","password":"a-long-password"})", "application/json");
    ASSERT_EQ(ok->status, 200) << ok->body;
    EXPECT_EQ(nlohmann::json::parse(ok->body)["user"]["is_admin"], true);
    auto wrong = client.Post("/api/v1/session", R"({"login":"anna","password":"not-the-password"})", "application/json");
    EXPECT_EQ(wrong->status, 401);
    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
    std::string log = proxy.rest_of_stderr();
    EXPECT_EQ(log.find("a-long-password"), std::string::npos) << log;
    EXPECT_EQ(log.find("not-the-password"), std::string::npos) << log;
    EXPECT_NE(log.find("sign-in failed"), std::string::npos) << log;
}

TEST_F(ProxyProgram, HelpListsTheVariables) {
    ProxyProcess proxy({}, {"--help"});
    EXPECT_EQ(proxy.stdout_line(), "Usage: groupdesk-proxy [--config FILE]");
    EXPECT_EQ(proxy.exit_code(), 0);
}

} // namespace
} // namespace gd
