// amoCRM's OAuth as the connector lives it: an expired access token is refreshed once and the
// request repeated; many requests rejected at once cause one refresh, saved before anyone uses it;
// a spent refresh token means the admin must reconnect; the install trades a code only with a
// host under amoCRM's domains. No credential ever reaches an Error.
#include "proxy/connectors/amocrm/amo_crm.h"
#include "proxy/connectors/amocrm/amo_oauth.h"
#include "tests/connectors/amocrm_fake.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace gd {
namespace {

using namespace amo_test;
using nlohmann::json;

json lead_102() { return {{"id", 102}, {"name", "Сделка"}, {"responsible_user_id", 504141}}; }

void expect_no_secret(const Error& error, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) EXPECT_EQ(error.detail.find(secret), std::string::npos) << error.detail;
}

// An installed account whose stored access token the fake no longer accepts (24 h have passed).
struct ExpiredAccount {
    ManualClock clock;
    FakeAmo fake{clock};
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};

    void start() {
        fake.start();
        fake.issue_refresh(kFirstRefresh);
        EXPECT_TRUE(keeper.store(installed_account(fake, clock)));
    }
    std::unique_ptr<AmoCrm> crm() { return std::make_unique<AmoCrm>(keeper, kAccountId, integration_for(fake), clock); }
};

// ---------------------------------------------------------------------------------------------
// Refresh
// ---------------------------------------------------------------------------------------------

TEST(AmoTokens, AnExpiredAccessTokenIsRefreshedOnceAndTheRequestRepeated) {
    ExpiredAccount a;
    a.fake.answer_json("/api/v4/leads/102", lead_102());
    a.start();

    Result<EntityContext> card = a.crm()->entity({EntityKind::lead, "102"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(a.fake.targets(), (std::vector<std::string>{"GET /api/v4/leads/102?with=contacts", "POST /oauth2/access_token",
                                                          "GET /api/v4/leads/102?with=contacts"}));
    json sent = json::parse(a.fake.seen()[1].body);
    EXPECT_EQ(sent, (json{{"client_id", kClientId}, {"client_secret", kClientSecret}, {"grant_type", "refresh_token"},
                          {"refresh_token", kFirstRefresh}, {"redirect_uri", kRedirectUri}}));
    CrmAccount stored = a.store.load(kAccountId).value();
    EXPECT_EQ(stored.access_token, "access-2-eyJhbGciOiJSUzI1NiJ9");
    EXPECT_EQ(stored.refresh_token, "refresh-2-def50200a1b2");   // the rotated one, kept for next time
    EXPECT_EQ(stored.expires_at, a.clock.unix_seconds() + 86400);
    EXPECT_EQ(a.fake.seen()[2].authorization, "Bearer " + stored.access_token);
}

TEST(AmoTokens, AKnownExpiryIsRefreshedBeforeAsking) {
    ExpiredAccount a;
    a.fake.answer_json("/api/v4/leads/102", lead_102());
    a.fake.start();
    a.fake.issue_refresh(kFirstRefresh);
    CrmAccount account = installed_account(a.fake, a.clock);
    account.expires_at = a.clock.unix_seconds() - 5;
    ASSERT_TRUE(a.keeper.store(account));

    Result<EntityContext> card = a.crm()->entity({EntityKind::lead, "102"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(a.fake.targets(), (std::vector<std::string>{"POST /oauth2/access_token", "GET /api/v4/leads/102?with=contacts"}));
    EXPECT_EQ(a.fake.unauthorized(), 0);
}

TEST(AmoTokens, ManyRequestsRejectedTogetherCauseOneRefreshSavedBeforeUse) {
    ExpiredAccount a;
    a.fake.answer_json("/api/v4/leads/102", lead_102());
    std::atomic<int> used_before_saved{0};
    a.fake.on_api_call = [&](const std::string& token) {
        if (token != kFirstAccess && a.store.load(kAccountId)->access_token != token) ++used_before_saved;
    };
    a.start();
    std::unique_ptr<AmoCrm> crm = a.crm();

    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            if (crm->entity({EntityKind::lead, "102"}).ok()) ++ok;
        });
    for (std::thread& t : threads) t.join();

    EXPECT_EQ(ok.load(), 8);
    EXPECT_EQ(a.fake.refreshes(), 1);
    EXPECT_EQ(a.fake.seen_at("/oauth2/access_token").size(), 1u);
    EXPECT_EQ(used_before_saved.load(), 0);
    EXPECT_EQ(a.store.load(kAccountId)->refresh_token, "refresh-2-def50200a1b2");
}

// Several proxy workers (each with its own client) rejected at the same moment: the fake holds
// every answer until all of them have asked, so all are surely rejected with the same token.
TEST(AmoTokens, WorkersRejectedAtTheSameMomentShareOneRefresh) {
    constexpr int kWorkers = 4;
    ExpiredAccount a;
    a.fake.answer_json("/api/v4/leads/102", lead_102());
    std::mutex mutex;
    std::condition_variable all_asked;
    int stale = 0;
    a.fake.on_api_call = [&](const std::string& token) {
        if (token != kFirstAccess) return;
        std::unique_lock lock(mutex);
        ++stale;
        all_asked.notify_all();
        all_asked.wait_for(lock, std::chrono::seconds(5), [&] { return stale >= kWorkers; });
    };
    a.start();
    std::vector<std::unique_ptr<AmoCrm>> workers;
    for (int i = 0; i < kWorkers; ++i) workers.push_back(a.crm());

    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (auto& worker : workers)
        threads.emplace_back([&] {
            if (worker->entity({EntityKind::lead, "102"}).ok()) ++ok;
        });
    for (std::thread& t : threads) t.join();

    EXPECT_EQ(stale, kWorkers);
    EXPECT_EQ(a.fake.unauthorized(), kWorkers);
    EXPECT_EQ(ok.load(), kWorkers);
    EXPECT_EQ(a.fake.refreshes(), 1);
}

TEST(AmoTokens, ASpentRefreshTokenMeansReconnectAndLeavesTheStoreAlone) {
    ExpiredAccount a;
    a.fake.answer_json("/api/v4/leads/102", lead_102());
    a.fake.start();   // kFirstRefresh was never issued by this fake: spent elsewhere
    ASSERT_TRUE(a.keeper.store(installed_account(a.fake, a.clock)));

    Result<EntityContext> card = a.crm()->entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_reauthorization_needed);
    EXPECT_NE(card.error().detail.find("Token has been revoked"), std::string::npos);
    expect_no_secret(card.error(), {kFirstRefresh, kFirstAccess, kClientSecret});   // the fake echoed the refresh token
    EXPECT_EQ(a.store.load(kAccountId)->refresh_token, kFirstRefresh);
    EXPECT_EQ(a.fake.seen_at("/api/v4/leads/102").size(), 1u);
}

TEST(AmoTokens, AFreshTokenRefusedAgainMeansReconnect) {
    ExpiredAccount a;
    a.fake.answer_json("/api/v4/leads/102", lead_102());
    a.fake.token_endpoint_says({200, json{{"token_type", "Bearer"}, {"expires_in", 86400},
                                          {"access_token", "access-never-accepted"}, {"refresh_token", "refresh-x"}}.dump(),
                                "application/json"});
    a.start();

    Result<EntityContext> card = a.crm()->entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_reauthorization_needed);
    EXPECT_EQ(a.fake.seen_at("/oauth2/access_token").size(), 1u);   // refresh once, ask once more, stop
    EXPECT_EQ(a.fake.seen_at("/api/v4/leads/102").size(), 2u);
}

TEST(AmoTokens, AWrongClientSecretIsReconnectAndTheEchoedSecretIsHidden) {
    ExpiredAccount a;
    a.start();
    AmoIntegration wrong = integration_for(a.fake);
    wrong.client_secret = "client-secret-WRONG-9f8e7d";
    AmoCrm crm(a.keeper, kAccountId, wrong, a.clock);

    Result<EntityContext> card = crm.entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_reauthorization_needed);
    EXPECT_NE(card.error().detail.find("Некорректный клиент"), std::string::npos);
    expect_no_secret(card.error(), {wrong.client_secret, kFirstRefresh});
}

TEST(AmoTokens, ABlockedTokenEndpointIsApiBlockedNotReconnect) {
    ExpiredAccount a;
    a.fake.token_endpoint_says(html(403, "403 Forbidden"));
    a.start();

    Result<EntityContext> card = a.crm()->entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_api_blocked);
    EXPECT_EQ(a.store.load(kAccountId)->refresh_token, kFirstRefresh);
}

TEST(AmoTokens, AnUnreadableTokenAnswerIsBadResponseAndNothingIsSaved) {
    for (const Reply& reply : {Reply{200, "<html>ok</html>", "text/html"}, Reply{200, R"({"access_token":"only-half"})"},
                               Reply{200, R"({"access_token":7,"refresh_token":[]})"}}) {
        ExpiredAccount a;
        a.fake.token_endpoint_says(reply);
        a.start();
        int saves = a.store.saves();

        Result<EntityContext> card = a.crm()->entity({EntityKind::lead, "102"});

        ASSERT_FALSE(card.ok()) << reply.body;
        EXPECT_EQ(card.error().code, ErrorCode::crm_bad_response) << reply.body;
        EXPECT_EQ(a.store.saves(), saves);
    }
}

TEST(AmoTokens, CredentialsAnApiErrorEchoesAreHidden) {
    ManualClock clock;
    FakeAmo fake(clock);
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    fake.server.Get("/api/v4/leads/102", [](const httplib::Request& req, httplib::Response& res) {
        Reply r = problem(400, "Bad Request", "header was " + req.get_header_value("Authorization") +
                                                  ", client_secret=" + kClientSecret + ", refresh=" + kFirstRefresh);
        res.status = r.status;
        res.set_content(r.body, r.content_type);
    });
    fake.start();
    fake.accept_access(kFirstAccess);
    ASSERT_TRUE(keeper.store(installed_account(fake, clock)));
    AmoCrm crm(keeper, kAccountId, integration_for(fake), clock);

    Result<EntityContext> card = crm.entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_NE(card.error().detail.find("(hidden)"), std::string::npos);
    expect_no_secret(card.error(), {kFirstAccess, kClientSecret, kFirstRefresh});
}

// ---------------------------------------------------------------------------------------------
// Install
// ---------------------------------------------------------------------------------------------

struct Install {
    ManualClock clock;
    FakeAmo fake{clock};
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
};

TEST(AmoInstall, TheCodeIsTradedAndTheAccountStoredUnderItsId) {
    Install i;
    i.fake.answer_json("/api/v4/account", {{"id", 30441694}, {"name", "ООО Ромашка"}, {"subdomain", "acme"},
                                           {"current_user_id", 504141}, {"country", "RU"}});
    i.fake.issue_code("def5020089ab-code");
    i.fake.start();

    Result<CrmAccount> account =
        exchange_code({"def5020089ab-code", i.fake.host()}, integration_for(i.fake), i.keeper, i.clock);

    ASSERT_TRUE(account.ok()) << account.error().detail;
    std::optional<CrmAccount> stored = i.store.load(kAccountId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->crm, "amocrm");
    EXPECT_EQ(stored->base_url, i.fake.url());
    EXPECT_EQ(stored->access_token, "access-2-eyJhbGciOiJSUzI1NiJ9");
    EXPECT_EQ(stored->refresh_token, "refresh-2-def50200a1b2");
    EXPECT_EQ(stored->expires_at, i.clock.unix_seconds() + 86400);
    EXPECT_EQ(i.fake.targets(), (std::vector<std::string>{"POST /oauth2/access_token", "GET /api/v4/account"}));
    EXPECT_EQ(json::parse(i.fake.seen()[0].body),
              (json{{"client_id", kClientId}, {"client_secret", kClientSecret}, {"grant_type", "authorization_code"},
                    {"code", "def5020089ab-code"}, {"redirect_uri", kRedirectUri}}));
    EXPECT_EQ(i.fake.seen()[1].authorization, "Bearer " + stored->access_token);
}

TEST(AmoInstall, ASpentCodeIsRefusedAndNothingStored) {
    Install i;
    i.fake.issue_code("def5020089ab-code");
    i.fake.answer_json("/api/v4/account", {{"id", 30441694}});
    i.fake.start();
    ASSERT_TRUE(exchange_code({"def5020089ab-code", i.fake.host()}, integration_for(i.fake), i.keeper, i.clock).ok());
    MemoryCrmAccounts other_store;
    CrmTokenKeeper other_keeper(other_store);

    Result<CrmAccount> again =
        exchange_code({"def5020089ab-code", i.fake.host()}, integration_for(i.fake), other_keeper, i.clock);

    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::crm_reauthorization_needed);
    EXPECT_NE(again.error().detail.find("Authorization code has been revoked"), std::string::npos);
    expect_no_secret(again.error(), {"def5020089ab-code", kClientSecret});
    EXPECT_FALSE(other_store.load(kAccountId));
}

TEST(AmoInstall, AnAccountAnswerWithoutAnIdStoresNothing) {
    Install i;
    i.fake.issue_code("code-1");
    i.fake.answer_json("/api/v4/account", {{"name", "без id"}});
    i.fake.start();

    Result<CrmAccount> account = exchange_code({"code-1", i.fake.host()}, integration_for(i.fake), i.keeper, i.clock);

    ASSERT_FALSE(account.ok());
    EXPECT_EQ(account.error().code, ErrorCode::crm_bad_response);
    EXPECT_EQ(i.store.saves(), 0);
}

// The referer comes from the redirect's URL: whoever crafts the link chooses it. The code and
// the client secret must never travel to a host outside amoCRM's domains.
TEST(AmoInstall, ARefererOutsideTheConfiguredDomainsIsRefusedBeforeAnyRequest) {
    Install i;
    i.fake.issue_code("code-1");
    i.fake.start();
    const std::string fake = i.fake.host();
    for (const std::string& referer : {std::string("evil.example.com"), "evil" + fake, fake + ".evil.com", "evil.com/" + fake,
                                       "evil.com?" + fake, "user@" + fake, fake + "@evil.com", "evil.com#" + fake,
                                       "http://" + fake, std::string(""), std::string("127.0.0.1:1")}) {
        Result<CrmAccount> account = exchange_code({"code-1", referer}, integration_for(i.fake), i.keeper, i.clock);
        ASSERT_FALSE(account.ok()) << referer;
        EXPECT_EQ(account.error().code, ErrorCode::bad_request) << referer;
    }
    EXPECT_TRUE(i.fake.seen().empty());
    EXPECT_EQ(i.store.saves(), 0);
}

TEST(AmoInstall, AccountHostsAreThoseUnderAmoCrmAndKommoDomains) {
    AmoIntegration production;   // the default domains
    EXPECT_EQ(amo_account_url("acme.amocrm.ru", production).value(), "https://acme.amocrm.ru");
    EXPECT_EQ(amo_account_url("ACME.amoCRM.ru", production).value(), "https://acme.amocrm.ru");
    EXPECT_EQ(amo_account_url("https://acme.amocrm.ru/", production).value(), "https://acme.amocrm.ru");
    EXPECT_EQ(amo_account_url("acme.amocrm.com", production).value(), "https://acme.amocrm.com");
    EXPECT_EQ(amo_account_url("acme.kommo.com", production).value(), "https://acme.kommo.com");
    for (const char* bad : {"acmeamocrm.ru", "acme.amocrm.ru.evil.com", "amocrm.ru.evil.com", "acme.amocrm.ru:8443",
                            "acme.amocrm.ru/x", "acme..amocrm.ru", ".amocrm.ru", "acme.amocrm.ru%2f@evil.com",
                            "acme.amocrm.ru\\@evil.com", "acme.amocrm.ru evil.com", "http://acme.amocrm.ru",
                            "acme.amocrm.ru.", "xn--80a.evil.com", "acme.bitrix24.ru"}) {
        Result<std::string> url = amo_account_url(bad, production);
        EXPECT_FALSE(url.ok()) << bad;
    }
}

TEST(AmoInstall, ARedirectWithoutACodeIsBadRequest) {
    Install i;
    i.fake.start();
    Result<CrmAccount> account = exchange_code({"", i.fake.host()}, integration_for(i.fake), i.keeper, i.clock);
    ASSERT_FALSE(account.ok());
    EXPECT_EQ(account.error().code, ErrorCode::bad_request);
    EXPECT_TRUE(i.fake.seen().empty());
}

} // namespace
} // namespace gd
