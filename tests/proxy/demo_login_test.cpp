// The sandbox's demo login ("demo"/"demo", an admin) opens the demo data to anyone who reads the
// README. It must exist only in the full sandbox: with a real WhatsApp gateway or a CRM's keys
// configured, it would open the real groups with the real key.
#include "proxy/auth/logins.h"
#include "proxy/config/config.h"
#include "proxy/transport/session_routes.h"
#include "sign_in_support.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

#include <map>

namespace gd {
namespace {

using Env = std::map<std::string, std::string>;

Config config_from(const Env& env) {
    ConfigSources sources;
    sources.env = [env](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    LoadedConfig loaded = load_config(sources);
    EXPECT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.problems);
    return loaded.config;
}

const Env kWaha = {{"GROUPDESK_WHATSAPP_GATEWAY", "waha"},
                   {"GROUPDESK_WHATSAPP_GATEWAY_URL", "http://127.0.0.1:3000"},
                   {"GROUPDESK_WHATSAPP_GATEWAY_TOKEN", "waha-key"}};
const Env kBitrix24 = {{"GROUPDESK_PUBLIC_URL", "https://groupdesk.example.org"},
                       {"GROUPDESK_BITRIX24_CLIENT_ID", "local.abc"},
                       {"GROUPDESK_BITRIX24_CLIENT_SECRET", "b24-secret"}};
const Env kAmoCrm = {{"GROUPDESK_AMOCRM_CLIENT_ID", "3f2a"},
                     {"GROUPDESK_AMOCRM_CLIENT_SECRET", "amo-secret"},
                     {"GROUPDESK_AMOCRM_REDIRECT_URI", "https://groupdesk.example.org/crm/amocrm/install"}};

// The proxy's sign-in and health routes wired as main() wires them for this configuration.
struct ProxyFor : test::SignInStore {
    explicit ProxyFor(const Env& env) : config(config_from(env)) {}
    Config config;
    test::RunningProxy proxy{session_routes(login_check(logins, is_full_sandbox(config)), throttle, sessions,
                                            [](const std::string&) {}),
                             1024 * 1024, [this](const std::string& t) { return sessions.find(t); },
                             is_full_sandbox(config)};

    httplib::Result demo_sign_in() {
        return proxy.client().Post(routes::kSession, R"({"login":"demo","password":"demo"})", "application/json");
    }
    std::string offered_demo_login() { return test::json_of(proxy.client().Get(routes::kHealth))["demo_login"]; }
};

TEST(DemoLogin, TheFullSandboxOffersItAndItSignsInAsTheDemoAdmin) {
    ProxyFor p({});
    EXPECT_TRUE(is_full_sandbox(p.config));
    EXPECT_EQ(p.offered_demo_login(), "demo");
    auto signed_in = p.demo_sign_in();
    ASSERT_EQ(signed_in->status, 200) << signed_in->body;
    EXPECT_EQ(test::json_of(signed_in)["user"]["is_admin"], true);
}

TEST(DemoLogin, WithARealGatewayItIsRefusedAndNotOffered) {
    for (const char* gateway : {"waha", "green_api", "evolution"}) {
        Env env = kWaha;
        env["GROUPDESK_WHATSAPP_GATEWAY"] = gateway;
        env["GROUPDESK_WHATSAPP_GATEWAY_INSTANCE"] = "7105000001";
        ProxyFor p(env);
        EXPECT_FALSE(is_full_sandbox(p.config)) << gateway;
        EXPECT_EQ(p.offered_demo_login(), "") << gateway;
        auto refused = p.demo_sign_in();
        EXPECT_EQ(refused->status, 401) << gateway << ": " << refused->body;
        EXPECT_EQ(test::json_of(refused)["error"]["code"], "wrong_login");
        EXPECT_EQ(refused->body.find("token"), std::string::npos);   // no session
    }
}

TEST(DemoLogin, WithEitherCrmsKeysItIsRefusedAndNotOfferedEvenWithTheSandboxGateway) {
    for (const Env& env : {kBitrix24, kAmoCrm}) {
        ProxyFor p(env);
        EXPECT_FALSE(is_full_sandbox(p.config));
        EXPECT_EQ(p.offered_demo_login(), "");
        EXPECT_EQ(p.demo_sign_in()->status, 401);
    }
}

TEST(DemoLogin, AStoredLoginNamedDemoStillSignsInWithItsOwnPasswordOnly) {
    ProxyFor p(kWaha);
    ASSERT_TRUE(p.logins.set({"demo", "Демо", false}, "its-own-long-password").ok());
    EXPECT_EQ(p.demo_sign_in()->status, 401);
    auto own = p.proxy.client().Post(routes::kSession, R"({"login":"demo","password":"its-own-long-password"})",
                                     "application/json");
    ASSERT_EQ(own->status, 200) << own->body;
    EXPECT_EQ(test::json_of(own)["user"]["is_admin"], false);
}

} // namespace
} // namespace gd
