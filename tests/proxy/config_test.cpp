// The admin configures the proxy with a JSON file and GROUPDESK_* variables; every mistake stops
// it with a sentence naming the field and the value.
#include "proxy/config/config.h"
#include "proxy/config/gateway_from_config.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/evolution/evolution_gateway.h"
#include "proxy/connectors/green_api/green_api_gateway.h"
#include "proxy/connectors/waha/waha_gateway.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <map>

namespace gd {
namespace {

using test::ScratchDir;
using test::write_file;

using Env = std::map<std::string, std::string>;

ConfigSources sources(Env env, std::optional<std::string> file = std::nullopt) {
    ConfigSources s;
    s.config_file = std::move(file);
    s.env = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
    return s;
}

// The one problem there should be, or a failure listing them all.
std::string only_problem(const LoadedConfig& loaded) {
    EXPECT_EQ(loaded.problems.size(), 1u) << ::testing::PrintToString(loaded.problems);
    return loaded.problems.empty() ? "" : loaded.problems[0];
}

// Whether one of the problems says this.
bool mentions(const LoadedConfig& loaded, const std::string& text) {
    for (const std::string& p : loaded.problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

TEST(Config, WithNothingSetTheProxyRunsTheSandboxOnLocalhost8080) {
    LoadedConfig loaded = load_config(sources({}));
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.config.host, "127.0.0.1");
    EXPECT_EQ(loaded.config.port, 8080);
    EXPECT_EQ(loaded.config.data_dir, "./data");
    EXPECT_EQ(loaded.config.mode, "sandbox");
    EXPECT_EQ(loaded.config.max_body_bytes, 1024u * 1024u);
    EXPECT_EQ(loaded.config.default_region, "RU");
    EXPECT_FALSE(loaded.config.web_root.empty());   // the build's dist folder
}

TEST(Config, TheFileSetsEveryField) {
    ScratchDir dir;
    write_file(dir / "proxy.json", R"({"host": "0.0.0.0", "port": 9090, "data_dir": "/var/lib/groupdesk",
        "web_root": "/srv/widget", "mode": "sandbox", "max_body_bytes": 2048, "default_region": "KZ"})");
    LoadedConfig loaded = load_config(sources({}, (dir / "proxy.json").string()));
    ASSERT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    EXPECT_EQ(loaded.config.host, "0.0.0.0");
    EXPECT_EQ(loaded.config.port, 9090);
    EXPECT_EQ(loaded.config.data_dir, "/var/lib/groupdesk");
    EXPECT_EQ(loaded.config.web_root, "/srv/widget");
    EXPECT_EQ(loaded.config.max_body_bytes, 2048u);
    EXPECT_EQ(loaded.config.default_region, "KZ");
}

TEST(Config, EnvironmentVariablesWinOverTheFile) {
    ScratchDir dir;
    write_file(dir / "proxy.json", R"({"host": "0.0.0.0", "port": 9090, "data_dir": "/from/file"})");
    LoadedConfig loaded = load_config(sources(
        {{"GROUPDESK_PORT", "0"}, {"GROUPDESK_DATA_DIR", "/from/env"}, {"GROUPDESK_WEB_ROOT", "/env/web"},
         {"GROUPDESK_HOST", "::1"}, {"GROUPDESK_MODE", "sandbox"}},
        (dir / "proxy.json").string()));
    ASSERT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    EXPECT_EQ(loaded.config.port, 0);
    EXPECT_EQ(loaded.config.host, "::1");
    EXPECT_EQ(loaded.config.data_dir, "/from/env");
    EXPECT_EQ(loaded.config.web_root, "/env/web");
}

TEST(Config, AnEmptyVariableCountsAsUnset) {
    LoadedConfig loaded = load_config(sources({{"GROUPDESK_PORT", ""}, {"GROUPDESK_HOST", ""}}));
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.config.port, 8080);
    EXPECT_EQ(loaded.config.host, "127.0.0.1");
}

TEST(Config, ANonNumericPortIsNamedWithItsValue) {
    std::string p = only_problem(load_config(sources({{"GROUPDESK_PORT", "eighty"}})));
    EXPECT_NE(p.find("GROUPDESK_PORT"), std::string::npos) << p;
    EXPECT_NE(p.find("\"eighty\""), std::string::npos) << p;
    EXPECT_NE(p.find("0 to 65535"), std::string::npos) << p;
}

TEST(Config, PortsOutOfRangeAreRefused) {
    for (const char* bad : {"65536", "-1", "99999999999999999999", "80x", " 80", "8080.5"}) {
        LoadedConfig loaded = load_config(sources({{"GROUPDESK_PORT", bad}}));
        ASSERT_FALSE(loaded.ok()) << bad;
        EXPECT_NE(loaded.problems[0].find("GROUPDESK_PORT"), std::string::npos);
    }
    EXPECT_TRUE(load_config(sources({{"GROUPDESK_PORT", "65535"}})).ok());
}

TEST(Config, LiveModeIsExplainedAsNotAvailableYet) {
    std::string p = only_problem(load_config(sources({{"GROUPDESK_MODE", "live"}})));
    EXPECT_NE(p.find("GROUPDESK_MODE \"live\" needs"), std::string::npos) << p;
    EXPECT_NE(p.find("not available yet"), std::string::npos) << p;
}

TEST(Config, AnUnknownModeNamesTheOnlyValidOne) {
    std::string p = only_problem(load_config(sources({{"GROUPDESK_MODE", "production"}})));
    EXPECT_NE(p.find("\"sandbox\""), std::string::npos) << p;
    EXPECT_NE(p.find("\"production\""), std::string::npos) << p;
}

TEST(Config, AnUnknownKeyInTheFileIsAnErrorListingTheKnownOnes) {
    ScratchDir dir;
    write_file(dir / "proxy.json", R"({"prot": 8080})");
    std::string p = only_problem(load_config(sources({}, (dir / "proxy.json").string())));
    EXPECT_NE(p.find("unknown key \"prot\""), std::string::npos) << p;
    EXPECT_NE(p.find("port"), std::string::npos) << p;
    EXPECT_NE(p.find((dir / "proxy.json").string()), std::string::npos) << p;
}

TEST(Config, AMissingFileIsNamedWithTheReason) {
    ScratchDir dir;
    std::string p = only_problem(load_config(sources({}, (dir / "nope.json").string())));
    EXPECT_NE(p.find("nope.json cannot be read"), std::string::npos) << p;
    EXPECT_NE(p.find("No such file"), std::string::npos) << p;
}

TEST(Config, MalformedJsonGivesLineAndColumn) {
    ScratchDir dir;
    write_file(dir / "proxy.json", "{\n  \"port\": 8080,\n  \"host\": 127.0.0.1\n}");
    std::string p = only_problem(load_config(sources({}, (dir / "proxy.json").string())));
    EXPECT_NE(p.find("not valid JSON"), std::string::npos) << p;
    EXPECT_NE(p.find("line 3, column"), std::string::npos) << p;
}

TEST(Config, ANumberNoDoubleHoldsIsAProblemNotACrash) {
    ScratchDir dir;
    write_file(dir / "proxy.json", R"({"port": 1e999999})");
    std::string p = only_problem(load_config(sources({}, (dir / "proxy.json").string())));
    EXPECT_NE(p.find("a number is out of range"), std::string::npos) << p;
}

TEST(Config, TheFileMustHoldAnObject) {
    ScratchDir dir;
    write_file(dir / "proxy.json", "[8080]");
    EXPECT_NE(only_problem(load_config(sources({}, (dir / "proxy.json").string()))).find("JSON object"),
              std::string::npos);
}

TEST(Config, WrongTypesInTheFileAreNamed) {
    ScratchDir dir;
    write_file(dir / "proxy.json", R"({"port": "8080", "host": 1, "max_body_bytes": 1.5})");
    LoadedConfig loaded = load_config(sources({}, (dir / "proxy.json").string()));
    ASSERT_EQ(loaded.problems.size(), 3u) << ::testing::PrintToString(loaded.problems);
    EXPECT_TRUE(mentions(loaded, "host must be a string, got 1"));
    EXPECT_TRUE(mentions(loaded, "port must be a whole number, got \"8080\""));
    EXPECT_TRUE(mentions(loaded, "max_body_bytes must be a whole number, got 1.5"));
}

TEST(Config, OtherBadValuesAreNamedToo) {
    ScratchDir dir;
    write_file(dir / "proxy.json", R"({"host": "", "max_body_bytes": 10, "default_region": "russia", "data_dir": ""})");
    LoadedConfig loaded = load_config(sources({}, (dir / "proxy.json").string()));
    EXPECT_EQ(loaded.problems.size(), 4u) << ::testing::PrintToString(loaded.problems);
    EXPECT_TRUE(mentions(loaded, "host must not be empty"));
    EXPECT_TRUE(mentions(loaded, "max_body_bytes must be a whole number of bytes from 1024 to 1073741824, got \"10\""));
    EXPECT_TRUE(mentions(loaded, "default_region must be a two-letter country code like \"RU\", got \"russia\""));
    EXPECT_TRUE(mentions(loaded, "data_dir must not be empty"));
}

TEST(Config, EveryProblemIsReportedAtOnce) {
    LoadedConfig loaded = load_config(sources({{"GROUPDESK_PORT", "x"}, {"GROUPDESK_MODE", "y"}}));
    EXPECT_EQ(loaded.problems.size(), 2u);
}

TEST(CommandLine, ConfigFileFromTheFlagOrTheEnvironment) {
    auto env = [](const std::string& name) -> std::optional<std::string> {
        if (name == "GROUPDESK_CONFIG") return std::string("/etc/groupdesk/from-env.json");
        return std::nullopt;
    };
    EXPECT_EQ(*parse_command_line({"--config", "/a.json"}, env).sources.config_file, "/a.json");
    EXPECT_EQ(*parse_command_line({"--config=/b.json"}, env).sources.config_file, "/b.json");
    EXPECT_EQ(*parse_command_line({}, env).sources.config_file, "/etc/groupdesk/from-env.json");
    EXPECT_FALSE(parse_command_line({}, [](const std::string&) { return std::optional<std::string>(); })
                     .sources.config_file.has_value());
}

TEST(CommandLine, HelpAndBadArguments) {
    auto no_env = [](const std::string&) { return std::optional<std::string>(); };
    EXPECT_TRUE(parse_command_line({"--help"}, no_env).help);
    CommandLine missing = parse_command_line({"--config"}, no_env);
    ASSERT_EQ(missing.problems.size(), 1u);
    EXPECT_NE(missing.problems[0].find("--config needs a file name"), std::string::npos);
    CommandLine unknown = parse_command_line({"--port", "80"}, no_env);
    ASSERT_EQ(unknown.problems.size(), 2u);
    EXPECT_NE(unknown.problems[0].find("unknown argument \"--port\""), std::string::npos);
}

} // namespace
} // namespace gd

namespace gd {
namespace {

TEST(ConfigPacing, SafeDefaultsAndTheAdminsOwnValues) {
    LoadedConfig defaults = load_config(ConfigSources{std::nullopt, [](const std::string&) { return std::nullopt; }});
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults.config.add_interval_seconds, 10);
    EXPECT_EQ(defaults.config.adds_per_day, 100);
    EXPECT_EQ(defaults.config.whatsapp_check_fresh_hours, 168);
    EXPECT_EQ(defaults.config.whatsapp_check_interval_seconds, 3);

    std::map<std::string, std::string> env = {{"GROUPDESK_ADD_INTERVAL_SECONDS", "30"}, {"GROUPDESK_ADDS_PER_DAY", "20"},
                                              {"GROUPDESK_WHATSAPP_CHECK_INTERVAL_SECONDS", "1"}};
    LoadedConfig mine = load_config(ConfigSources{std::nullopt, [&](const std::string& k) -> std::optional<std::string> {
        auto it = env.find(k);
        if (it == env.end()) return std::nullopt;
        return it->second;
    }});
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine.config.add_interval_seconds, 30);
    EXPECT_EQ(mine.config.adds_per_day, 20);
    EXPECT_EQ(mine.config.whatsapp_check_interval_seconds, 1);
}

TEST(ConfigPacing, ZeroOrNonsenseIntervalsAreRefusedByName) {
    for (const char* name : {"GROUPDESK_ADD_INTERVAL_SECONDS", "GROUPDESK_WHATSAPP_CHECK_INTERVAL_SECONDS"}) {
        for (const char* bad : {"0", "-1", "ten", "3601", "1.5"}) {
            LoadedConfig c = load_config(ConfigSources{std::nullopt, [&](const std::string& k) -> std::optional<std::string> {
                if (k == name) return std::string(bad);
                return std::nullopt;
            }});
            ASSERT_FALSE(c.ok()) << name << "=" << bad;
            EXPECT_NE(c.problems[0].find(name), std::string::npos) << c.problems[0];
            EXPECT_NE(c.problems[0].find("from 1 to 3600"), std::string::npos) << c.problems[0];
        }
    }
}

} // namespace
} // namespace gd

// ---------------------------------------------------------------------------------------------
// The WhatsApp gateway: which one, where, and its secret
// ---------------------------------------------------------------------------------------------

namespace gd {
namespace {

TEST(ConfigGateway, WithNothingSetTheBuiltInSandboxCarriesTheNumber) {
    LoadedConfig loaded = load_config(sources({}));
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.config.whatsapp_gateway, "sandbox");
    EXPECT_EQ(describe_gateway(loaded.config), "sandbox (built in, demo data)");
    test::Sandbox sandbox;
    ManualClock clock;
    std::unique_ptr<WhatsAppGateway> gateway = gateway_from_config(loaded.config, sandbox.store, clock);
    EXPECT_NE(dynamic_cast<SandboxWhatsAppGateway*>(gateway.get()), nullptr);
}

TEST(ConfigGateway, WahaFromTheEnvironmentWithTheDefaultSession) {
    LoadedConfig loaded = load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY", "waha"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_URL", "http://waha:3000"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_TOKEN", "k3y-secret"}}));
    ASSERT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    EXPECT_EQ(loaded.config.whatsapp_gateway_token, "k3y-secret");
    std::string described = describe_gateway(loaded.config);
    EXPECT_EQ(described, "waha at http://waha:3000, session default");
    test::Sandbox sandbox;
    ManualClock clock;
    std::unique_ptr<WhatsAppGateway> gateway = gateway_from_config(loaded.config, sandbox.store, clock);
    EXPECT_NE(dynamic_cast<WahaGateway*>(gateway.get()), nullptr);
    EXPECT_TRUE(gateway->capabilities().revoke_invite_link);
}

TEST(ConfigGateway, GreenApiFromTheEnvironment) {
    LoadedConfig loaded = load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY", "green_api"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_URL", "https://7105.api.greenapi.com"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_INSTANCE", "7105123456"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_TOKEN", "d75b3a66374942c5b3c019c698abc2067e151558acbd412345"}}));
    ASSERT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    EXPECT_EQ(describe_gateway(loaded.config), "green_api at https://7105.api.greenapi.com, idInstance 7105123456");
    test::Sandbox sandbox;
    ManualClock clock;
    std::unique_ptr<WhatsAppGateway> gateway = gateway_from_config(loaded.config, sandbox.store, clock);
    EXPECT_NE(dynamic_cast<GreenApiGateway*>(gateway.get()), nullptr);
    EXPECT_FALSE(gateway->capabilities().save_contact);
}

TEST(ConfigGateway, EvolutionFromTheEnvironment) {
    LoadedConfig loaded = load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY", "evolution"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_URL", "http://evolution:8080"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_INSTANCE", "sales"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_TOKEN", "global-api-key"}}));
    ASSERT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    EXPECT_EQ(describe_gateway(loaded.config), "evolution at http://evolution:8080, instance sales");
    test::Sandbox sandbox;
    ManualClock clock;
    std::unique_ptr<WhatsAppGateway> gateway = gateway_from_config(loaded.config, sandbox.store, clock);
    EXPECT_NE(dynamic_cast<EvolutionGateway*>(gateway.get()), nullptr);
}

TEST(ConfigGateway, AGatewayRefusingItsSettingsIsAStartUpProblemNotACrash) {
    LoadedConfig loaded = load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY", "green_api"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_URL", "https://7105.api.greenapi.com"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_INSTANCE", "not-digits"},
                                               {"GROUPDESK_WHATSAPP_GATEWAY_TOKEN", "token"}}));
    test::Sandbox sandbox;
    ManualClock clock;
    try {
        gateway_from_config(loaded.config, sandbox.store, clock);
        FAIL() << "expected the idInstance to be refused";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("idInstance must be digits"), std::string::npos) << e.what();
    }
}

TEST(ConfigGateway, TheFileNamesTheGatewayAndTheEnvironmentGivesItsToken) {
    test::ScratchDir dir;
    test::write_file(dir / "proxy.json", R"({"whatsapp_gateway": "waha", "whatsapp_gateway_url": "https://waha.example.org",
        "whatsapp_gateway_instance": "sales"})");
    LoadedConfig loaded = load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY_TOKEN", "from-env"}}, (dir / "proxy.json").string()));
    ASSERT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    EXPECT_EQ(describe_gateway(loaded.config), "waha at https://waha.example.org, session sales");
    EXPECT_EQ(loaded.config.whatsapp_gateway_token, "from-env");
}

TEST(ConfigGateway, AnUnknownGatewayListsTheKnownOnes) {
    std::string problem = only_problem(load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY", "twilio"}})));
    EXPECT_NE(problem.find("\"sandbox\", \"waha\", \"green_api\" or \"evolution\""), std::string::npos) << problem;
    EXPECT_NE(problem.find("\"twilio\""), std::string::npos) << problem;
}

TEST(ConfigGateway, ARealGatewayWithoutItsSettingsNamesEachMissingOne) {
    LoadedConfig waha = load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY", "waha"}}));
    EXPECT_NE(only_problem(waha).find("needs whatsapp_gateway_url (GROUPDESK_WHATSAPP_GATEWAY_URL)"), std::string::npos);

    LoadedConfig green = load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY", "green_api"},
                                              {"GROUPDESK_WHATSAPP_GATEWAY_URL", "https://7105.api.greenapi.com"}}));
    ASSERT_EQ(green.problems.size(), 2u) << ::testing::PrintToString(green.problems);
    EXPECT_TRUE(mentions(green, "GROUPDESK_WHATSAPP_GATEWAY_INSTANCE): the idInstance from the Green-API console"));
    EXPECT_TRUE(mentions(green, "GROUPDESK_WHATSAPP_GATEWAY_TOKEN): the apiTokenInstance from the Green-API console"));

    LoadedConfig evolution = load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY", "evolution"}}));
    EXPECT_EQ(evolution.problems.size(), 3u) << ::testing::PrintToString(evolution.problems);
    EXPECT_TRUE(mentions(evolution, "the Evolution instance name"));
}

TEST(ConfigGateway, AGatewayUrlMustBeHttpAndHoldNoPassword) {
    for (const char* bad : {"waha:3000", "ftp://waha", "http://", ""}) {
        if (!*bad) continue;   // empty is unset
        std::string problem = only_problem(load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY_URL", bad}})));
        EXPECT_NE(problem.find("must be an http:// or https:// URL"), std::string::npos) << bad << ": " << problem;
    }
    std::string problem = only_problem(load_config(sources({{"GROUPDESK_WHATSAPP_GATEWAY_URL", "http://admin:pa55word@waha:3000"}})));
    EXPECT_NE(problem.find("must not hold a user name or password"), std::string::npos) << problem;
    EXPECT_EQ(problem.find("pa55word"), std::string::npos) << problem;
}

TEST(ConfigGateway, TheTokenNeverAppearsInAProblem) {
    test::ScratchDir dir;
    test::write_file(dir / "proxy.json", R"({"whatsapp_gateway_token": 987654321})");
    std::string problem = only_problem(load_config(sources({}, (dir / "proxy.json").string())));
    EXPECT_NE(problem.find("whatsapp_gateway_token must be a string, got (hidden)"), std::string::npos) << problem;
    EXPECT_EQ(problem.find("987654321"), std::string::npos) << problem;
}

// ---- The CRMs' keys and the proxy's public address -------------------------------------------

TEST(ConfigCrm, WithoutKeysNoCrmIsConnected) {
    LoadedConfig loaded = load_config(sources({}));
    ASSERT_TRUE(loaded.ok());
    EXPECT_FALSE(loaded.config.bitrix24_configured());
    EXPECT_FALSE(loaded.config.amocrm_configured());
    EXPECT_EQ(loaded.config.public_url, "");
}

TEST(ConfigCrm, Bitrix24KeysAndThePublicUrlComeFromTheEnvironment) {
    LoadedConfig loaded = load_config(sources({{"GROUPDESK_PUBLIC_URL", "https://groupdesk.example.org/"},
                                               {"GROUPDESK_BITRIX24_CLIENT_ID", "local.6650a1b2c3d4e5.12345678"},
                                               {"GROUPDESK_BITRIX24_CLIENT_SECRET", "b24-s3cret"}}));
    ASSERT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    EXPECT_EQ(loaded.config.public_url, "https://groupdesk.example.org");   // the slash dropped: paths are appended
    EXPECT_EQ(loaded.config.bitrix24_client_id, "local.6650a1b2c3d4e5.12345678");
    EXPECT_EQ(loaded.config.bitrix24_client_secret, "b24-s3cret");
    EXPECT_TRUE(loaded.config.bitrix24_configured());
}

TEST(ConfigCrm, AmoCrmKeysComeFromTheFile) {
    ScratchDir dir;
    write_file(dir / "proxy.json", R"({"amocrm_client_id": "5b1a2c3d", "amocrm_client_secret": "amo-s3cret",
                                      "amocrm_redirect_uri": "https://groupdesk.example.org/crm/amocrm/install"})");
    LoadedConfig loaded = load_config(sources({}, (dir / "proxy.json").string()));
    ASSERT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    EXPECT_EQ(loaded.config.amocrm_client_id, "5b1a2c3d");
    EXPECT_EQ(loaded.config.amocrm_client_secret, "amo-s3cret");
    EXPECT_EQ(loaded.config.amocrm_redirect_uri, "https://groupdesk.example.org/crm/amocrm/install");
    EXPECT_TRUE(loaded.config.amocrm_configured());
}

TEST(ConfigCrm, ThePublicUrlAndTheRedirectUriMustBeHttpsAddresses) {
    for (const char* bad : {"http://groupdesk.example.org", "groupdesk.example.org", "https://", "https:///path",
                            "https://groupdesk.example.org/?x=1", "https://groupdesk.example.org/#top", "ftp://x"}) {
        EXPECT_TRUE(mentions(load_config(sources({{"GROUPDESK_PUBLIC_URL", bad}})), "GROUPDESK_PUBLIC_URL must")) << bad;
        EXPECT_TRUE(mentions(load_config(sources({{"GROUPDESK_AMOCRM_CLIENT_ID", "id"}, {"GROUPDESK_AMOCRM_CLIENT_SECRET", "s"},
                                                  {"GROUPDESK_AMOCRM_REDIRECT_URI", bad}})),
                             "GROUPDESK_AMOCRM_REDIRECT_URI must"))
            << bad;
    }
    std::string problem = only_problem(load_config(sources({{"GROUPDESK_PUBLIC_URL", "https://admin:pa55word@proxy.example.org"}})));
    EXPECT_NE(problem.find("must not hold a user name or password"), std::string::npos) << problem;
    EXPECT_EQ(problem.find("pa55word"), std::string::npos) << problem;
}

TEST(ConfigCrm, PlainHttpOnlyForThisMachine) {
    LoadedConfig local = load_config(sources({{"GROUPDESK_PUBLIC_URL", "http://localhost:8080/"},
                                              {"GROUPDESK_BITRIX24_OAUTH_URL", "http://127.0.0.1:9000"}}));
    EXPECT_TRUE(local.problems.empty()) << local.problems.front();
    EXPECT_EQ(local.config.public_url, "http://localhost:8080");
    EXPECT_EQ(local.config.bitrix24_oauth_url, "http://127.0.0.1:9000");
    for (const char* bad : {"http://localhost.example.org", "http://127.0.0.2", "http://10.0.0.1:80", "http://[::2]"})
        EXPECT_TRUE(mentions(load_config(sources({{"GROUPDESK_BITRIX24_OAUTH_URL", bad}})), "http:// only for localhost")) << bad;
}

TEST(ConfigCrm, Bitrix24OAuthServerDefaultsToBitrix24s) {
    EXPECT_EQ(load_config(sources({})).config.bitrix24_oauth_url, "https://oauth.bitrix.info");
}

TEST(ConfigCrm, AmoCrmAccountDomainsCanBeNarrowed) {
    LoadedConfig defaults = load_config(sources({}));
    EXPECT_EQ(defaults.config.amocrm_account_domains, (std::vector<std::string>{"amocrm.ru", "amocrm.com", "kommo.com"}));
    EXPECT_EQ(defaults.config.amocrm_account_scheme, "https");

    LoadedConfig narrowed = load_config(sources({{"GROUPDESK_AMOCRM_ACCOUNT_DOMAINS", " kommo.com ,, amocrm.ru "}}));
    EXPECT_TRUE(narrowed.problems.empty()) << narrowed.problems.front();
    EXPECT_EQ(narrowed.config.amocrm_account_domains, (std::vector<std::string>{"kommo.com", "amocrm.ru"}));

    LoadedConfig local = load_config(sources({{"GROUPDESK_AMOCRM_ACCOUNT_DOMAINS", "http://127.0.0.1:7001"}}));
    EXPECT_TRUE(local.problems.empty()) << local.problems.front();
    EXPECT_EQ(local.config.amocrm_account_domains, (std::vector<std::string>{"127.0.0.1:7001"}));
    EXPECT_EQ(local.config.amocrm_account_scheme, "http");

    EXPECT_TRUE(mentions(load_config(sources({{"GROUPDESK_AMOCRM_ACCOUNT_DOMAINS", "http://amocrm.ru"}})), "localhost only"));
    EXPECT_TRUE(mentions(load_config(sources({{"GROUPDESK_AMOCRM_ACCOUNT_DOMAINS", "http://localhost:1, amocrm.ru"}})),
                         "must be the only entry"));
    EXPECT_TRUE(mentions(load_config(sources({{"GROUPDESK_AMOCRM_ACCOUNT_DOMAINS", "amocrm.ru/path"}})), "host names"));
    EXPECT_TRUE(mentions(load_config(sources({{"GROUPDESK_AMOCRM_ACCOUNT_DOMAINS", " , "}})), "at least one"));
}

TEST(ConfigCrm, EachCrmNeedsAllItsSettings) {
    LoadedConfig bitrix24 = load_config(sources({{"GROUPDESK_BITRIX24_CLIENT_ID", "local.1"}}));
    EXPECT_TRUE(mentions(bitrix24, "bitrix24_client_secret (GROUPDESK_BITRIX24_CLIENT_SECRET)"));
    EXPECT_TRUE(mentions(bitrix24, "needs public_url (GROUPDESK_PUBLIC_URL)"));

    LoadedConfig secret_only = load_config(sources({{"GROUPDESK_BITRIX24_CLIENT_SECRET", "b24-s3cret"},
                                                    {"GROUPDESK_PUBLIC_URL", "https://proxy.example.org"}}));
    std::string problem = only_problem(secret_only);
    EXPECT_NE(problem.find("bitrix24_client_id (GROUPDESK_BITRIX24_CLIENT_ID)"), std::string::npos) << problem;
    EXPECT_EQ(problem.find("b24-s3cret"), std::string::npos) << problem;

    LoadedConfig amocrm = load_config(sources({{"GROUPDESK_AMOCRM_CLIENT_SECRET", "amo-s3cret"}}));
    EXPECT_TRUE(mentions(amocrm, "needs amocrm_client_id"));
    EXPECT_TRUE(mentions(amocrm, "needs amocrm_redirect_uri"));
    for (const std::string& p : amocrm.problems) EXPECT_EQ(p.find("amo-s3cret"), std::string::npos) << p;
}

TEST(ConfigCrm, TheClientSecretsNeverAppearInAProblem) {
    ScratchDir dir;
    write_file(dir / "proxy.json", R"({"bitrix24_client_secret": 13572468, "amocrm_client_secret": ["amo-s3cret"]})");
    LoadedConfig loaded = load_config(sources({}, (dir / "proxy.json").string()));
    EXPECT_TRUE(mentions(loaded, "bitrix24_client_secret must be a string, got (hidden)"));
    EXPECT_TRUE(mentions(loaded, "amocrm_client_secret must be a string, got (hidden)"));
    for (const std::string& p : loaded.problems) {
        EXPECT_EQ(p.find("13572468"), std::string::npos) << p;
        EXPECT_EQ(p.find("amo-s3cret"), std::string::npos) << p;
    }
}

} // namespace
} // namespace gd
