// The Bitrix24 CRM connector against a fake portal and OAuth server on 127.0.0.1 (bitrix24_fake.h):
// cards with their people and phones, search, users, the stored pair refreshed on expired_token
// (once, even under concurrent callers), rate limits, refusals and unreadable answers.
#include "bitrix24_fake.h"

#include "proxy/connectors/bitrix24/bitrix24_crm.h"
#include "proxy/connectors/bitrix24/bitrix24_query.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <thread>

namespace gd {
namespace {

using test::FakeBitrix24;
using test::kClientId;
using test::kClientSecret;
using test::kMemberId;

const char* kAppToken = "app-token-Hq2Lm9Xv";

// An installed portal: the admin's pair stored by member_id, the connector built as the proxy would.
struct Portal {
    FakeBitrix24 fake;
    ManualClock clock;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    Bitrix24App app{kClientId, kClientSecret, ""};
    std::string access, refresh;
    std::unique_ptr<Bitrix24Crm> crm;

    Portal() {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        std::tie(access, refresh) = fake.issue_pair("1");
        app.oauth_url = fake.url();
        keeper.store({kMemberId, "bitrix24", fake.url(), access, refresh, 0, kAppToken});
        crm = std::make_unique<Bitrix24Crm>(keeper, kMemberId, app, clock);
    }
    CrmAccount stored() { return *store.load(kMemberId); }
};

std::vector<std::string> ids(const std::vector<CrmContact>& contacts) {
    std::vector<std::string> out;
    for (const CrmContact& c : contacts) out.push_back(c.id);
    return out;
}

void expect_no_secret(const Error& error, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) EXPECT_EQ(error.detail.find(secret), std::string::npos) << error.detail;
}

// A port that refuses connections (bound once to learn a free number, then closed).
int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, (sockaddr*)&addr, sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, (sockaddr*)&addr, &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// ---------------------------------------------------------------------------------------------
// Cards
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24Cards, ADealComesWithItsContactsNamesAndPhonesInTwoRequests) {
    Portal p;
    p.fake.contact("12", "Иван", "Петров", {"+7 916 123-45-67", "+79035550000"});
    p.fake.contact("15", "Maria", "Schmidt", {"+4915112345678"});
    p.fake.contact("99", "Not", "Linked", {"+10000000000"});
    p.fake.deal("8061", "Поставка оборудования", {15, 12});

    Result<EntityContext> card = p.crm->entity({EntityKind::deal, "8061"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(card->entity.kind, EntityKind::deal);
    EXPECT_EQ(card->entity.id, "8061");
    EXPECT_EQ(card->title, "Поставка оборудования");
    EXPECT_EQ(card->responsible_user_id, "7");
    ASSERT_EQ(ids(card->contacts), (std::vector<std::string>{"15", "12"}));   // the card's order
    EXPECT_EQ(card->contacts[1].name, "Иван Петров");
    EXPECT_EQ(card->contacts[1].phones, (std::vector<std::string>{"+7 916 123-45-67", "+79035550000"}));
    EXPECT_EQ(card->contacts[0].name, "Maria Schmidt");
    EXPECT_EQ(card->contacts[0].phones, (std::vector<std::string>{"+4915112345678"}));
    // The card with its links, then the contacts: one batch each.
    EXPECT_EQ(p.fake.methods(), (std::vector<std::string>{"batch", "batch"}));
    const nlohmann::json second = p.fake.bodies()[1];
    EXPECT_EQ(second["halt"], 0);
    std::string command = second["cmd"]["c0"].get<std::string>();
    EXPECT_EQ(command.rfind("crm.contact.list?", 0), 0u) << command;
    EXPECT_NE(command.find("PHONE"), std::string::npos) << "multifields must be selected by name";
}

TEST(Bitrix24Cards, ALeadComesWithItsLinkedContacts) {
    Portal p;
    p.fake.contact("21", "Oleg", "Sidorov", {"+79160000021"});
    p.fake.lead("310", "Заявка с сайта", {21}, "Oleg", {"+79160000021"});

    Result<EntityContext> card = p.crm->entity({EntityKind::lead, "310"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(card->title, "Заявка с сайта");
    EXPECT_EQ(card->responsible_user_id, "9");
    ASSERT_EQ(ids(card->contacts), (std::vector<std::string>{"21"}));   // the lead's own phone is not repeated
    EXPECT_EQ(card->contacts[0].phones, (std::vector<std::string>{"+79160000021"}));
}

TEST(Bitrix24Cards, ALeadWithoutContactsIsItsOwnPersonWithItsOwnPhones) {
    Portal p;
    p.fake.lead("311", "Звонок", {}, "Светлана", {"+79161112233", "+79161112244"});

    Result<EntityContext> card = p.crm->entity({EntityKind::lead, "311"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    ASSERT_EQ(card->contacts.size(), 1u);
    EXPECT_EQ(card->contacts[0].id, "");   // not a CRM contact
    EXPECT_EQ(card->contacts[0].name, "Светлана");
    EXPECT_EQ(card->contacts[0].phones, (std::vector<std::string>{"+79161112233", "+79161112244"}));
}

TEST(Bitrix24Cards, ALeadWithoutContactsOrPhonesHasNobody) {
    Portal p;
    p.fake.lead("312", "Пустая заявка", {});
    Result<EntityContext> card = p.crm->entity({EntityKind::lead, "312"});
    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_TRUE(card->contacts.empty());
    EXPECT_EQ(p.fake.methods(), (std::vector<std::string>{"batch"}));   // no contacts to ask for
}

TEST(Bitrix24Cards, AContactCardIsThatContactAlone) {
    Portal p;
    p.fake.contact("44", "Pavel", "Orlov", {"+79990004444"});
    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(card->title, "Pavel Orlov");
    EXPECT_EQ(card->responsible_user_id, "1");
    ASSERT_EQ(ids(card->contacts), (std::vector<std::string>{"44"}));
    EXPECT_EQ(card->contacts[0].phones, (std::vector<std::string>{"+79990004444"}));
    EXPECT_EQ(p.fake.methods(), (std::vector<std::string>{"crm.contact.get"}));
}

TEST(Bitrix24Cards, ACardTheCrmDoesNotHaveIsNotFound) {
    Portal p;
    for (EntityKind kind : {EntityKind::deal, EntityKind::lead, EntityKind::contact}) {
        Result<EntityContext> card = p.crm->entity({kind, "404"});
        ASSERT_FALSE(card.ok());
        EXPECT_EQ(card.error().code, ErrorCode::card_not_found);
        EXPECT_NE(card.error().detail.find("404"), std::string::npos) << card.error().detail;
    }
}

TEST(Bitrix24Cards, AnIdThatIsNotANumberIsRefusedBeforeAnyRequest) {
    Portal p;
    Result<EntityContext> card = p.crm->entity({EntityKind::deal, "8061&id=1"});
    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::invalid_card);
    EXPECT_EQ(p.fake.requests(), 0);
}

TEST(Bitrix24Cards, ManyContactsAreFetchedFiftyToACommandInOneBatch) {
    Portal p;
    std::vector<int> linked;
    for (int i = 1000; i < 1120; ++i) {
        p.fake.contact(std::to_string(i), "C" + std::to_string(i), "", {"+7900000" + std::to_string(i)});
        linked.push_back(i);
    }
    p.fake.deal("5", "Большая сделка", linked);

    Result<EntityContext> card = p.crm->entity({EntityKind::deal, "5"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    ASSERT_EQ(card->contacts.size(), 120u);
    EXPECT_EQ(card->contacts.front().id, "1000");
    EXPECT_EQ(card->contacts.back().id, "1119");
    EXPECT_EQ(card->contacts.back().phones, (std::vector<std::string>{"+79000001119"}));
    EXPECT_EQ(p.fake.methods().size(), 2u);
    EXPECT_EQ(p.fake.bodies()[1]["cmd"].size(), 3u);   // 50 + 50 + 20
}

// ---------------------------------------------------------------------------------------------
// Search, users, administration
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24Search, DealsAndLeadsWhoseTitleContainsTheTextNewestFirst) {
    Portal p;
    p.fake.deal("1", "Поставка труб", {}, "2026-10-01T09:00:00+03:00");
    p.fake.deal("2", "Монтаж", {}, "2026-11-05T09:00:00+03:00");
    p.fake.deal("3", "Поставка кабеля", {}, "2026-11-10T09:00:00+03:00");
    p.fake.lead("7", "Поставка: заявка", {}, "", {}, "2026-11-07T09:00:00+03:00");

    Result<std::vector<EntityContext>> found = p.crm->find_entities("Поставка", 10);

    ASSERT_TRUE(found.ok()) << found.error().detail;
    ASSERT_EQ(found->size(), 3u);
    EXPECT_EQ(found.value()[0].entity.id, "3");
    EXPECT_EQ(found.value()[1].entity.kind, EntityKind::lead);
    EXPECT_EQ(found.value()[1].entity.id, "7");
    EXPECT_EQ(found.value()[2].entity.id, "1");
    EXPECT_EQ(found.value()[2].title, "Поставка труб");
    EXPECT_EQ(p.fake.methods(), (std::vector<std::string>{"batch"}));

    Result<std::vector<EntityContext>> two = p.crm->find_entities("Поставка", 2);
    ASSERT_TRUE(two.ok());
    EXPECT_EQ(two->size(), 2u);
    Result<std::vector<EntityContext>> none = p.crm->find_entities("Поставка", 0);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(p.fake.methods().size(), 2u);   // a limit of 0 asks nothing
}

TEST(Bitrix24Users, EveryPageOfUsersActiveAndDismissed) {
    Portal p;
    for (int i = 2; i <= 51; ++i) p.fake.user(std::to_string(i), "User" + std::to_string(i), "Last", false, i != 30);

    Result<std::vector<CrmUser>> users = p.crm->users();

    ASSERT_TRUE(users.ok()) << users.error().detail;
    ASSERT_EQ(users->size(), 51u);   // two pages of 50
    EXPECT_EQ(users.value()[0].id, "1");
    EXPECT_EQ(users.value()[0].name, "Anna Admin");
    EXPECT_EQ(users.value()[0].email, "Anna@portal.example");
    EXPECT_FALSE(users.value()[1].is_admin);   // user.admin answers for the token's own user only
    EXPECT_FALSE(users.value()[29].active);    // user 30 was dismissed
    EXPECT_TRUE(users.value()[50].active);
}

// User administration (invite, dismiss, seats, handovers): bitrix24_admin_test.cpp.

// ---------------------------------------------------------------------------------------------
// The stored pair
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24Tokens, AnExpiredTokenIsRefreshedOnceSavedAndTheCallRepeated) {
    Portal p;
    p.fake.contact("44", "Pavel", "Orlov", {"+79990004444"});
    p.fake.expire(p.access);

    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(p.fake.refreshes(), 1);
    CrmAccount now = p.stored();
    EXPECT_NE(now.access_token, p.access);
    EXPECT_NE(now.refresh_token, p.refresh);
    EXPECT_EQ(now.application_token, kAppToken);
    EXPECT_EQ(now.expires_at, 1795428000);
    EXPECT_EQ(p.fake.user_of(now.access_token), "1");
    EXPECT_EQ(p.fake.methods(), (std::vector<std::string>{"crm.contact.get", "crm.contact.get"}));
    EXPECT_EQ(p.fake.bodies()[1]["auth"], now.access_token);

    ASSERT_TRUE(p.crm->entity({EntityKind::contact, "44"}).ok());
    EXPECT_EQ(p.fake.refreshes(), 1);   // never ahead of time
}

TEST(Bitrix24Tokens, CallersRacingOnAnExpiredTokenCauseOneRefreshAndUseTheSavedPair) {
    Portal p;
    p.fake.contact("44", "Pavel", "Orlov", {"+79990004444"});
    std::atomic<int> unsaved_uses{0};
    const std::string first_access = p.access;
    p.fake.on_rest_call = [&](const std::string& token) {
        // A refreshed token reaching the portal must already be the stored one.
        if (token != first_access && p.store.load(kMemberId)->access_token != token) ++unsaved_uses;
    };
    p.fake.expire(p.access);

    std::vector<std::thread> callers;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i)
        callers.emplace_back([&] {
            if (p.crm->entity({EntityKind::contact, "44"}).ok()) ++ok;
        });
    for (std::thread& t : callers) t.join();

    EXPECT_EQ(ok.load(), 8);
    EXPECT_EQ(p.fake.refreshes(), 1);
    EXPECT_EQ(unsaved_uses.load(), 0);
    EXPECT_EQ(p.fake.user_of(p.stored().access_token), "1");
}

TEST(Bitrix24Tokens, ARefusedRefreshTokenMeansTheAdminMustReconnectAndLeaksNothing) {
    Portal p;
    p.fake.echo_in_errors(std::string(kClientSecret) + " " + p.refresh + " " + p.access);
    // Someone else spent our refresh token (a second copy of the proxy, a race lost earlier).
    ASSERT_TRUE(exchange_refresh_token(p.app, p.refresh, p.clock, {}).ok());
    p.fake.expire(p.access);

    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_reauthorization_needed);
    expect_no_secret(card.error(), {kClientSecret, p.refresh, p.access, kAppToken});
    EXPECT_EQ(p.stored().refresh_token, p.refresh);   // nothing half-saved
}

TEST(Bitrix24Tokens, AnInvalidTokenMeansReconnectWithoutTryingARefresh) {
    Portal p;
    p.keeper.store({kMemberId, "bitrix24", p.fake.url(), "at-never-issued", p.refresh, 0, kAppToken});
    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_reauthorization_needed);
    expect_no_secret(card.error(), {"at-never-issued"});   // the fake quotes the token back
    EXPECT_EQ(p.fake.refreshes(), 0);
}

TEST(Bitrix24Tokens, APortalThatNeverInstalledUsIsNotConnected) {
    Portal p;
    Bitrix24Crm other(p.keeper, "some-other-member", p.app, p.clock);
    Result<EntityContext> card = other.entity({EntityKind::deal, "1"});
    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_not_connected);
    EXPECT_EQ(p.fake.requests(), 0);
}

// ---------------------------------------------------------------------------------------------
// Limits, refusals, unreadable answers
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24Limits, ABurstOfQueryLimitExceededIsWaitedOut) {
    Portal p;
    p.fake.contact("44", "Pavel", "Orlov", {});
    p.fake.rate_limit_next(2);
    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(p.fake.methods().size(), 3u);
    EXPECT_GE(p.clock.slept(), Clock::Duration(3000));   // backoff 1 s, then 2 s
}

TEST(Bitrix24Limits, AQueryLimitThatPersistsIsRateLimited) {
    Portal p;
    p.fake.rate_limit_next(100);
    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::upstream_rate_limited);
    EXPECT_NE(card.error().detail.find("QUERY_LIMIT_EXCEEDED"), std::string::npos) << card.error().detail;
}

TEST(Bitrix24Limits, RequestsToOnePortalArePacedToTwoASecond) {
    Portal p;
    p.fake.contact("44", "Pavel", "Orlov", {});
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(p.crm->entity({EntityKind::contact, "44"}).ok());
    EXPECT_EQ(p.clock.slept(), Clock::Duration(2002));   // four turns of 500 ms, two of them a clock tick later
}

TEST(Bitrix24Refusals, AccessDeniedOrAMissingScopeIsNotAuthorized) {
    Portal p;
    p.fake.deny("crm.contact.get");
    p.fake.deny("user.get", "insufficient_scope");
    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_not_authorized);
    Result<std::vector<CrmUser>> users = p.crm->users();
    ASSERT_FALSE(users.ok());
    EXPECT_EQ(users.error().code, ErrorCode::crm_not_authorized);
    EXPECT_NE(users.error().detail.find("insufficient_scope"), std::string::npos);
}

TEST(Bitrix24Refusals, NoSecretReachesAnErrorEvenWhenThePortalQuotesThemAll) {
    Portal p;
    p.fake.echo_in_errors(std::string(kClientSecret) + " " + p.refresh + " " + p.access + " " + kAppToken);
    p.fake.deny("crm.contact.get");
    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_not_authorized);
    expect_no_secret(card.error(), {kClientSecret, p.refresh, p.access, kAppToken});
    EXPECT_NE(card.error().detail.find("(hidden)"), std::string::npos) << card.error().detail;
}

TEST(Bitrix24Answers, AnHtmlPageIsABadResponseAndAnHtml502IsUnavailable) {
    Portal p;
    p.fake.answer_html_next(1, 200);
    Result<EntityContext> page = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code, ErrorCode::crm_bad_response);

    p.fake.answer_html_next(3, 502);
    Result<EntityContext> gateway = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_FALSE(gateway.ok());
    EXPECT_EQ(gateway.error().code, ErrorCode::crm_unavailable);
}

TEST(Bitrix24Answers, BrokenJsonIsABadResponse) {
    Portal p;
    p.fake.answer_broken_json_next();
    Result<std::vector<CrmUser>> users = p.crm->users();
    ASSERT_FALSE(users.ok());
    EXPECT_EQ(users.error().code, ErrorCode::crm_bad_response);
}

TEST(Bitrix24Answers, AnUnreachablePortalIsUnavailable) {
    Portal p;
    p.keeper.store({kMemberId, "bitrix24", "http://127.0.0.1:" + std::to_string(closed_port()), p.access, p.refresh, 0, kAppToken});
    Result<EntityContext> card = p.crm->entity({EntityKind::contact, "44"});
    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_unavailable);
    EXPECT_EQ(card.error().detail.find("127.0.0.1"), std::string::npos) << "no URL in errors";
}

TEST(Bitrix24Answers, RestAnswersAreReadWhateverTheirStatus) {
    Result<RestAnswer> fine = read_rest_answer({200, R"({"result":[1],"next":50,"time":{}})", {}}, "m");
    ASSERT_TRUE(fine.ok());
    EXPECT_TRUE(fine->ok());
    EXPECT_EQ(fine->next, 50);
    Result<RestAnswer> refused = read_rest_answer({400, R"({"error":"","error_description":"Not found"})", {}}, "m");
    ASSERT_TRUE(refused.ok());
    EXPECT_FALSE(refused->ok());
    EXPECT_EQ(rest_error(*refused, "m", TokenOwner::portal).code, ErrorCode::not_found);
    Result<RestAnswer> expired = read_rest_answer({401, R"({"error":"expired_token"})", {}}, "m");
    EXPECT_EQ(rest_error(*expired, "m", TokenOwner::user).code, ErrorCode::crm_token_rejected);
    EXPECT_EQ(rest_error(*expired, "m", TokenOwner::portal).code, ErrorCode::crm_reauthorization_needed);
    Result<RestAnswer> moved = read_rest_answer({302, "", {}}, "m");
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, ErrorCode::crm_bad_response);
    Result<RestAnswer> odd = read_rest_answer({200, R"({"something":"else"})", {}}, "m");
    ASSERT_FALSE(odd.ok());
    EXPECT_EQ(odd.error().code, ErrorCode::crm_bad_response);
}

// ---------------------------------------------------------------------------------------------
// Batch and queries
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24Batch, EachCommandSucceedsOrFailsOnItsOwn) {
    Portal p;
    p.fake.deal("8061", "Сделка", {});
    Result<BatchAnswers> answers = p.crm->rest().batch({
        {"found", "crm.deal.get", {{"id", "8061"}}},
        {"missing", "crm.deal.get", {{"id", "9"}}},
        {"unknown", "crm.nothing.get"},
    });
    ASSERT_TRUE(answers.ok()) << answers.error().detail;
    EXPECT_EQ(answers->results["found"]["TITLE"], "Сделка");
    EXPECT_EQ(answers->errors.at("missing").code, ErrorCode::not_found);
    EXPECT_EQ(answers->errors.at("unknown").code, ErrorCode::crm_bad_response);
    EXPECT_EQ(p.fake.methods(), (std::vector<std::string>{"batch"}));
}

TEST(Bitrix24Batch, MoreThanFiftyCommandsAreRefusedBeforeSending) {
    Portal p;
    std::vector<BatchCommand> commands;
    for (int i = 0; i < 51; ++i) commands.push_back({"c" + std::to_string(i), "user.current"});
    Result<BatchAnswers> answers = p.crm->rest().batch(commands);
    ASSERT_FALSE(answers.ok());
    EXPECT_EQ(p.fake.requests(), 0);
}

TEST(Bitrix24Query, ParametersAreWrittenTheWayPhpReadsThem) {
    nlohmann::json params = {{"filter", {{"%TITLE", "Поставка & Co"}, {"ID", {5, 6}}}}, {"select", {"ID", "PHONE"}}, {"flag", true}};
    EXPECT_EQ(php_query(params),
              "filter%5B%25TITLE%5D=%D0%9F%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0%20%26%20Co"
              "&filter%5BID%5D%5B0%5D=5&filter%5BID%5D%5B1%5D=6&flag=1&select%5B0%5D=ID&select%5B1%5D=PHONE");
}

} // namespace
} // namespace gd
