// The card's disposable token (research §5.3): HS256 with the integration's secret, our audience
// and client id, the account's own issuer, within its time window, and each jti once. The tests
// sign their tokens with libjwt, the way amoCRM would, and forge them the ways an attacker would.
#include "proxy/connectors/amocrm/amo_widget_token.h"
#include "tests/connectors/amocrm_fake.h"

#include <jwt.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace gd {
namespace {

using nlohmann::json;

const char* kSecret = "client-secret-Zq81vNw";
const char* kClient = "0b0832f6-d123-4123-9123-e73f236833c0";
const char* kAudience = "https://groupdesk.example.org";

WidgetTokenSettings settings() { return {kSecret, kClient, kAudience}; }

json claims_at(int64_t now, const std::string& jti = "d628f123-5123-473e-a123-ed123ef31f8f") {
    return {{"iss", "https://acme.amocrm.ru"}, {"aud", kAudience}, {"jti", jti}, {"iat", now}, {"nbf", now},
            {"exp", now + 1800}, {"account_id", 30441694}, {"user_id", 87654321}, {"subdomain", "acme"},
            {"client_uuid", kClient}, {"is_admin", true}};
}

std::string sign(const json& claims, jwt_alg_t alg = JWT_ALG_HS256, const std::string& key = kSecret) {
    std::string token = amo_test::sign_widget_token(claims, key, alg);
    EXPECT_FALSE(token.empty());
    return token;
}

struct Checker {
    ManualClock clock;
    MemoryJtiLedger ledger{clock};
    int64_t now() { return clock.unix_seconds(); }
    Result<WidgetIdentity> check(const std::string& token, const WidgetTokenSettings& s = settings()) {
        return verify_widget_token(token, s, clock, ledger);
    }
    // The refusal's detail; the token never appears in it.
    std::string refusal(const std::string& token, const WidgetTokenSettings& s = settings()) {
        Result<WidgetIdentity> r = check(token, s);
        if (r.ok()) return "accepted";
        EXPECT_EQ(r.error().code, ErrorCode::crm_token_rejected);
        if (token.size() > 8) EXPECT_EQ(r.error().detail.find(token), std::string::npos);
        return r.error().detail;
    }
};

TEST(AmoWidgetToken, AGenuineTokenNamesTheAccountAndUser) {
    Checker c;
    Result<WidgetIdentity> identity = c.check(sign(claims_at(c.now())));

    ASSERT_TRUE(identity.ok()) << identity.error().detail;
    EXPECT_EQ(identity->account_id, "30441694");
    EXPECT_EQ(identity->subdomain, "acme");
    EXPECT_EQ(identity->user_id, "87654321");
    EXPECT_TRUE(identity->is_admin);
    EXPECT_EQ(identity->jti, "d628f123-5123-473e-a123-ed123ef31f8f");
    EXPECT_EQ(identity->expires_at, c.now() + 1800);
    EXPECT_EQ(identity->account_host, "acme.amocrm.ru");
}

TEST(AmoWidgetToken, ATokenWithoutIsAdminIsNotAnAdmin) {
    Checker c;
    json claims = claims_at(c.now());
    claims.erase("is_admin");
    Result<WidgetIdentity> identity = c.check(sign(claims));
    ASSERT_TRUE(identity.ok()) << identity.error().detail;
    EXPECT_FALSE(identity->is_admin);
}

TEST(AmoWidgetToken, EachTokenIsAcceptedOnce) {
    Checker c;
    std::string token = sign(claims_at(c.now()));
    ASSERT_TRUE(c.check(token).ok());

    EXPECT_EQ(c.refusal(token), "replayed");
    EXPECT_TRUE(c.check(sign(claims_at(c.now(), "another-jti"))).ok());
}

TEST(AmoWidgetToken, TheLedgerForgetsTokensOnceTheyExpire) {
    Checker c;
    ASSERT_TRUE(c.check(sign(claims_at(c.now(), "one"))).ok());
    ASSERT_TRUE(c.check(sign(claims_at(c.now(), "two"))).ok());
    EXPECT_EQ(c.ledger.remembered(), 2u);

    c.clock.advance(std::chrono::seconds(1801));
    EXPECT_TRUE(c.check(sign(claims_at(c.now(), "three"))).ok());
    EXPECT_EQ(c.ledger.remembered(), 1u);
}

// A ledger whose data file cannot be written (disk full, file locked) throws.
struct BrokenLedger : JtiLedger {
    bool first_use(const std::string&, int64_t) override { throw std::runtime_error("disk I/O error"); }
};

TEST(AmoWidgetToken, ALedgerThatCannotBeWrittenIsAStorageFailureNotASession) {
    ManualClock clock;
    BrokenLedger broken;
    const std::string token = sign(claims_at(clock.unix_seconds()));
    Result<WidgetIdentity> r = verify_widget_token(token, settings(), clock, broken);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::storage_failed);
    EXPECT_NE(r.error().detail.find("disk I/O error"), std::string::npos) << r.error().detail;
    EXPECT_EQ(r.error().detail.find(token), std::string::npos);
}

TEST(AmoWidgetToken, ARefusedTokenDoesNotSpendItsJti) {
    Checker c;
    json wrong = claims_at(c.now(), "shared-jti");
    wrong["aud"] = "https://elsewhere.example.org";
    EXPECT_EQ(c.refusal(sign(wrong)), "audience");
    EXPECT_TRUE(c.check(sign(claims_at(c.now(), "shared-jti"))).ok());
}

TEST(AmoWidgetToken, ForgedSignaturesAreRefused) {
    Checker c;
    EXPECT_EQ(c.refusal(sign(claims_at(c.now()), JWT_ALG_HS256, "guessed-secret")), "signature");

    // A genuine token's signature on someone else's claims.
    std::string genuine = sign(claims_at(c.now(), "genuine"));
    json mine = claims_at(c.now(), "forged");
    mine["user_id"] = 1;
    mine["is_admin"] = true;
    std::string forged = sign(mine, JWT_ALG_HS256, "guessed-secret");
    std::string spliced = forged.substr(0, forged.rfind('.')) + genuine.substr(genuine.rfind('.'));
    EXPECT_EQ(c.refusal(spliced), "signature");
    // The signature cut off.
    EXPECT_EQ(c.refusal(genuine.substr(0, genuine.rfind('.') + 1)), "signature");
}

TEST(AmoWidgetToken, OnlyHs256IsAcceptedWhateverLibjwtCouldVerify) {
    Checker c;
    EXPECT_EQ(c.refusal(sign(claims_at(c.now()), JWT_ALG_NONE)), "algorithm");
    EXPECT_EQ(c.refusal(sign(claims_at(c.now()), JWT_ALG_HS512)), "algorithm");   // signed with the right secret
    EXPECT_EQ(c.refusal(sign(claims_at(c.now()), JWT_ALG_HS384)), "algorithm");
    // "alg":"none" with a signature made by the right secret appended.
    std::string none = sign(claims_at(c.now()), JWT_ALG_NONE);
    std::string genuine = sign(claims_at(c.now()));
    EXPECT_EQ(c.refusal(none + genuine.substr(genuine.rfind('.') + 1)), "algorithm");
}

TEST(AmoWidgetToken, TheAudienceMustBeOurs) {
    Checker c;
    json claims = claims_at(c.now());
    claims["aud"] = "https://groupdesk.example.org.evil.com";
    EXPECT_EQ(c.refusal(sign(claims)), "audience");
    claims["aud"] = json::array({kAudience});
    EXPECT_EQ(c.refusal(sign(claims)), "audience");
    claims.erase("aud");
    EXPECT_EQ(c.refusal(sign(claims)), "audience");
    claims["aud"] = std::string(kAudience) + "/";   // the same address written with a slash
    EXPECT_TRUE(c.check(sign(claims)).ok());
}

TEST(AmoWidgetToken, TheClientMustBeOurIntegration) {
    Checker c;
    json claims = claims_at(c.now());
    claims["client_uuid"] = "11111111-2222-4333-8444-555555555555";
    EXPECT_EQ(c.refusal(sign(claims)), "client");
    claims.erase("client_uuid");
    EXPECT_EQ(c.refusal(sign(claims)), "client");
}

TEST(AmoWidgetToken, TimeIsCheckedWithAMinuteOfSkewBeforeButNoneAfter) {
    Checker c;
    int64_t now = c.now();
    json expired = claims_at(now - 1800);
    EXPECT_EQ(c.refusal(sign(expired)), "expired");   // exp == now
    json early = claims_at(now);
    early["nbf"] = now + 61;
    EXPECT_EQ(c.refusal(sign(early)), "not_yet_valid");
    early["nbf"] = now;
    early["iat"] = now + 120;
    EXPECT_EQ(c.refusal(sign(early)), "not_yet_valid");
    json skewed = claims_at(now, "skewed");
    skewed["nbf"] = now + 59;
    skewed["iat"] = now + 59;
    EXPECT_TRUE(c.check(sign(skewed)).ok());
    json no_exp = claims_at(now);
    no_exp.erase("exp");
    EXPECT_EQ(c.refusal(sign(no_exp)), "claims");
    json text_exp = claims_at(now);
    text_exp["exp"] = std::to_string(now + 100);
    EXPECT_EQ(c.refusal(sign(text_exp)), "claims");
}

TEST(AmoWidgetToken, TheIssuerMustBeTheAccountsOwnHost) {
    Checker c;
    json claims = claims_at(c.now());
    claims["iss"] = "https://other.amocrm.ru";
    EXPECT_EQ(c.refusal(sign(claims)), "issuer");
    claims["iss"] = "http://acme.amocrm.ru";
    EXPECT_EQ(c.refusal(sign(claims)), "issuer");
    claims["iss"] = "https://acmeevil.com";
    EXPECT_EQ(c.refusal(sign(claims)), "issuer");
    claims["iss"] = "https://acme.amocrm.ru";
    claims.erase("subdomain");
    EXPECT_EQ(c.refusal(sign(claims)), "issuer");
}

TEST(AmoWidgetToken, APlainHttpIssuerOnlyForALocalTestAccount) {
    Checker c;
    json claims = claims_at(c.now(), "local-1");
    claims["iss"] = "http://acme.localhost:7001";
    EXPECT_EQ(c.refusal(sign(claims)), "issuer");
    WidgetTokenSettings local = settings();
    local.account_scheme = "http";
    Result<WidgetIdentity> identity = c.check(sign(claims), local);
    ASSERT_TRUE(identity.ok()) << identity.error().detail;
    EXPECT_EQ(identity->account_host, "acme.localhost:7001");
    claims["jti"] = "local-2";
    claims["iss"] = "https://acme.amocrm.ru";
    EXPECT_EQ(c.refusal(sign(claims), local), "issuer");
}

TEST(AmoWidgetToken, AccountUserAndJtiArePresent) {
    Checker c;
    for (const char* key : {"account_id", "user_id", "jti"}) {
        json claims = claims_at(c.now());
        claims.erase(key);
        std::string expected = std::string(key) == "account_id" ? "account" : std::string(key) == "user_id" ? "user" : "jti";
        EXPECT_EQ(c.refusal(sign(claims)), expected) << key;
    }
    json claims = claims_at(c.now());
    claims["account_id"] = "not a number";
    EXPECT_EQ(c.refusal(sign(claims)), "account");
    claims["account_id"] = "30441694";   // as text is still the account
    EXPECT_TRUE(c.check(sign(claims)).ok());
}

TEST(AmoWidgetToken, GarbageIsRefusedWithoutACrash) {
    Checker c;
    EXPECT_EQ(c.refusal(""), "empty");
    for (const std::string& garbage :
         {std::string("abc"), std::string("a.b.c"), std::string(".."), std::string("...."), std::string("Bearer x.y.z"),
          std::string("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9"), std::string("eyJhbGciOiJIUzI1NiJ9.!!!.sig"),
          std::string("e30.e30.e30"), std::string("bnVsbA.bnVsbA.x"), std::string(20000, 'a'),
          std::string("eyJhbGciOiJIUzI1NiJ9.") + std::string(9000, 'A') + ".x", std::string("\0\0.\0.\0", 6)}) {
        Result<WidgetIdentity> r = c.check(garbage);
        ASSERT_FALSE(r.ok()) << garbage.substr(0, 40);
        EXPECT_EQ(r.error().code, ErrorCode::crm_token_rejected);
        EXPECT_TRUE(r.error().detail == "malformed" || r.error().detail == "algorithm" || r.error().detail == "signature")
            << r.error().detail;
    }
}

TEST(AmoWidgetToken, AProxyWithoutItsKeysRefusesEverything) {
    Checker c;
    std::string token = sign(claims_at(c.now()));
    EXPECT_EQ(c.refusal(token, {"", kClient, kAudience}), "not_configured");
    EXPECT_EQ(c.refusal(token, {kSecret, "", kAudience}), "not_configured");
    EXPECT_EQ(c.refusal(token, {kSecret, kClient, ""}), "not_configured");
}

TEST(AmoWidgetToken, SettingsComeFromTheIntegration) {
    AmoIntegration integration;
    integration.client_id = kClient;
    integration.client_secret = kSecret;
    integration.redirect_uri = "https://GroupDesk.example.org/crm/amocrm/install?x=1";
    WidgetTokenSettings s = widget_token_settings(integration);
    EXPECT_EQ(s.audience, "https://groupdesk.example.org");
    EXPECT_EQ(s.client_id, kClient);
    EXPECT_EQ(audience_of("https://proxy.example.org:8443/x"), "https://proxy.example.org:8443");
    EXPECT_EQ(audience_of("https://proxy.example.org"), "https://proxy.example.org");
    EXPECT_EQ(audience_of("ftp://proxy.example.org/"), "");
    EXPECT_EQ(audience_of("not a url"), "");
}

TEST(AmoWidgetToken, TheTokensAccountMustBeTheStoredOne) {
    Checker c;
    Result<WidgetIdentity> identity = c.check(sign(claims_at(c.now())));
    ASSERT_TRUE(identity.ok());
    CrmAccount stored{"30441694", "amocrm", "https://acme.amocrm.ru", "a", "r", 0, ""};

    EXPECT_TRUE(check_token_account(identity.value(), stored).ok());
    CrmAccount other = stored;
    other.id = "111";
    EXPECT_EQ(check_token_account(identity.value(), other).error().detail, "account");
    other = stored;
    other.base_url = "https://other.amocrm.ru";
    EXPECT_EQ(check_token_account(identity.value(), other).error().code, ErrorCode::crm_token_rejected);
    other = stored;
    other.crm = "bitrix24";
    EXPECT_FALSE(check_token_account(identity.value(), other).ok());
}

} // namespace
} // namespace gd
