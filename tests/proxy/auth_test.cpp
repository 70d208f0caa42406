// Who may use the API: passwords kept as slow salted hashes, sessions as bearer tokens kept only
// as their SHA-256, guessing slowed down, and every route but health and signing in closed
// without a session.
#include "proxy/auth/login_command.h"
#include "proxy/auth/login_throttle.h"
#include "proxy/auth/logins.h"
#include "proxy/auth/password_hash.h"
#include "proxy/auth/sessions.h"
#include "proxy/transport/session_routes.h"
#include "sign_in_support.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

#include <sstream>

namespace gd {
namespace {

using test::kFastIterations;
using AuthStore = test::SignInStore;

TEST(PasswordHash, VerifiesTheRightPasswordOnlyAndEachHashHasItsOwnSalt) {
    std::string a = hash_password("correct horse", kFastIterations);
    std::string b = hash_password("correct horse", kFastIterations);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.rfind("pbkdf2-sha256$1000$", 0), 0u) << a;
    EXPECT_EQ(a.find("correct"), std::string::npos);
    EXPECT_TRUE(verify_password("correct horse", a));
    EXPECT_TRUE(verify_password("correct horse", b));
    EXPECT_FALSE(verify_password("correct horse ", a));
    EXPECT_FALSE(verify_password("", a));
}

TEST(PasswordHash, AStoredValueThatIsNotOurHashNeverMatches) {
    for (const char* stored : {"", "plain-text", "pbkdf2-sha256$abc$AAAA$AAAA", "pbkdf2-sha256$0$AAAA$AAAA",
                               "pbkdf2-sha256$99999999999$AAAA$AAAA", "md5$1$AAAA$AAAA", "pbkdf2-sha256$10$!!!!$AAAA",
                               "pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"})
        EXPECT_FALSE(verify_password("x", stored)) << stored;
}

TEST(PasswordHash, TokensAreRandomAndUrlSafe) {
    std::string a = random_token(32), b = random_token(32);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.size(), 43u);
    EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Logins, SetCheckRemoveAndNoPasswordInTheStore) {
    AuthStore s;
    ASSERT_TRUE(s.logins.set({"anna", "Анна Смирнова", true}, "пароль-длинный").ok());
    Result<LoginInfo> ok = s.logins.check("anna", "пароль-длинный");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->name, "Анна Смирнова");
    EXPECT_TRUE(ok->is_admin);
    EXPECT_EQ(s.logins.check("anna", "пароль").error().code, ErrorCode::wrong_login);
    EXPECT_EQ(s.logins.check("boris", "пароль-длинный").error().code, ErrorCode::wrong_login);   // same answer

    Statement st = s.db->prepare("SELECT password_hash FROM proxy_logins");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0).find("пароль"), std::string::npos);

    ASSERT_TRUE(s.logins.remove("anna"));
    EXPECT_FALSE(s.logins.remove("anna"));
    EXPECT_FALSE(s.logins.check("anna", "пароль-длинный").ok());
}

TEST(Logins, BadLoginsAndShortPasswordsAreRefused) {
    AuthStore s;
    EXPECT_FALSE(s.logins.set({"", "", false}, "long-enough").ok());
    EXPECT_FALSE(s.logins.set({"with space", "", false}, "long-enough").ok());
    EXPECT_FALSE(s.logins.set({std::string(65, 'a'), "", false}, "long-enough").ok());
    EXPECT_FALSE(s.logins.set({"anna", "", false}, "short").ok());
    EXPECT_TRUE(s.logins.list().empty());
}

TEST(Sessions, ATokenWorksUntilItExpiresOrIsClosedAndOnlyItsHashIsStored) {
    AuthStore s;
    Session session = s.sessions.open({"anna", "Анна", false, "standalone"});
    EXPECT_EQ(session.expires_at, s.clock.unix_seconds() + 3600);
    Result<SessionUser> user = s.sessions.find(session.token);
    ASSERT_TRUE(user.ok());
    EXPECT_EQ(user->name, "Анна");

    Statement st = s.db->prepare("SELECT token_sha256 FROM sessions");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), sha256_hex(session.token));

    EXPECT_EQ(s.sessions.find("forged").error().code, ErrorCode::not_signed_in);
    EXPECT_EQ(s.sessions.find("").error().code, ErrorCode::not_signed_in);
    s.clock.advance(std::chrono::minutes(61));
    EXPECT_EQ(s.sessions.find(session.token).error().code, ErrorCode::session_expired);

    Session other = s.sessions.open({"boris", "Борис", false, "standalone"});
    s.sessions.close(other.token);
    EXPECT_EQ(s.sessions.find(other.token).error().code, ErrorCode::not_signed_in);
}

// The API over real HTTP with sign-in required.
struct SignedInProxy {
    AuthStore store;
    test::RunningProxy proxy{
        session_routes(login_check(store.logins, /*demo_login=*/false),
                       store.throttle, store.sessions, [](const std::string&) {}),
        1024 * 1024, [this](const std::string& token) { return store.sessions.find(token); }};

    SignedInProxy() { store.logins.set({"anna", "Анна", false}, "right-password"); }

    httplib::Result sign_in(const std::string& login, const std::string& password) {
        return proxy.client().Post(routes::kSession, nlohmann::json{{"login", login}, {"password", password}}.dump(),
                                   "application/json");
    }
};

TEST(SignedInApi, EveryRouteButHealthAndSignInNeedsASession) {
    SignedInProxy p;
    httplib::Client c = p.proxy.client();
    auto anonymous = c.Get(routes::kGroups);
    EXPECT_EQ(anonymous->status, 401);
    EXPECT_EQ(test::json_of(anonymous)["error"]["code"], "not_signed_in");
    EXPECT_EQ(anonymous->get_header_value("WWW-Authenticate"), "Bearer");
    EXPECT_EQ(c.Get(routes::kHealth)->status, 200);

    auto forged = c.Get(routes::kGroups, {{"Authorization", "Bearer forged-token"}});
    EXPECT_EQ(forged->status, 401);
    auto not_bearer = c.Get(routes::kGroups, {{"Authorization", "Basic YW5uYTpyaWdodC1wYXNzd29yZA=="}});
    EXPECT_EQ(not_bearer->status, 401);

    auto signed_in = p.sign_in("anna", "right-password");
    ASSERT_EQ(signed_in->status, 200) << signed_in->body;
    std::string token = test::json_of(signed_in)["token"];
    EXPECT_EQ(test::json_of(signed_in)["user"]["name"], "Анна");
    httplib::Headers bearer = {{"Authorization", "Bearer " + token}};
    EXPECT_EQ(c.Get(routes::kGroups, bearer)->status, 200);
    auto who = c.Get(routes::kSession, bearer);
    EXPECT_EQ(test::json_of(who)["id"], "anna");

    EXPECT_EQ(c.Delete(routes::kSession, bearer)->status, 200);
    EXPECT_EQ(c.Get(routes::kGroups, bearer)->status, 401);
}

TEST(SignedInApi, WrongPasswordsAreRefusedThenTheLoginIsLockedAndNothingLeaks) {
    SignedInProxy p;
    for (int i = 0; i < p.store.throttle.limits().failures_per_login; ++i) {
        auto wrong = p.sign_in("anna", "guess-" + std::to_string(i));
        EXPECT_EQ(wrong->status, 401);
        EXPECT_EQ(test::json_of(wrong)["error"]["code"], "wrong_login");
        EXPECT_EQ(wrong->body.find("guess"), std::string::npos);
    }
    auto locked = p.sign_in("anna", "right-password");
    EXPECT_EQ(locked->status, 429);
    EXPECT_EQ(test::json_of(locked)["error"]["code"], "too_many_attempts");
    EXPECT_EQ(locked->get_header_value("Retry-After"), "900");   // the oldest failure leaves in 15 minutes
    p.store.clock.advance(std::chrono::minutes(16));
    EXPECT_EQ(p.sign_in("anna", "right-password")->status, 200);
}

TEST(SignedInApi, MalformedSignInsAreBadRequestsNotCrashes) {
    SignedInProxy p;
    httplib::Client c = p.proxy.client();
    EXPECT_EQ(c.Post(routes::kSession, "{not json", "application/json")->status, 400);
    EXPECT_EQ(c.Post(routes::kSession, "[1,2]", "application/json")->status, 400);
    EXPECT_EQ(c.Post(routes::kSession, R"({"login": 5, "password": "x"})", "application/json")->status, 400);
    EXPECT_EQ(c.Post(routes::kSession, R"({"login": "anna"})", "application/json")->status, 400);
    EXPECT_EQ(p.sign_in("", "x")->status, 401);
    EXPECT_EQ(p.sign_in(std::string(300, 'a'), "x")->status, 401);
}

TEST(LoginCommand, AddsWithThePasswordFromStdinListsAndRemoves) {
    AuthStore s;
    std::istringstream in("a-long-password\n");
    std::ostringstream out, err;
    EXPECT_EQ(run_login_command({LoginCommand::add, "anna", "Анна", true}, s.logins, in, out, err), 0) << err.str();
    EXPECT_EQ(out.str(), "login anna (admin) saved\n");
    EXPECT_TRUE(s.logins.check("anna", "a-long-password").ok());

    std::ostringstream list;
    run_login_command({LoginCommand::list, "", "", false}, s.logins, in, list, err);
    EXPECT_EQ(list.str(), "anna\tАнна\tadmin\n");

    std::istringstream short_password("short\n");
    std::ostringstream refused;
    EXPECT_EQ(run_login_command({LoginCommand::add, "boris", "", false}, s.logins, short_password, out, refused), 2);
    EXPECT_NE(refused.str().find("at least 8 characters"), std::string::npos);
    EXPECT_EQ(refused.str().find("short"), std::string::npos) << "the password is not echoed: " << refused.str();

    EXPECT_EQ(run_login_command({LoginCommand::remove, "anna", "", false}, s.logins, in, out, err), 0);
    EXPECT_EQ(run_login_command({LoginCommand::remove, "anna", "", false}, s.logins, in, out, err), 2);
}

} // namespace
} // namespace gd
