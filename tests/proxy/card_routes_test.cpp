// The CRM card API over real HTTP: a session works only on its own CRM account's cards, each
// phone comes back as E.164 (or plainly not a number) with its display form and the groups that
// refused it for privacy, and malformed references are refused.
#include "tests/proxy/card_only_crm.h"
#include "proxy/config/crm_tenants.h"
#include "proxy/domain/crm_cards.h"
#include "proxy/domain/whatsapp_checks.h"
#include "proxy/transport/card_routes.h"
#include "proxy_test_support.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

// A portal's CRM: one deal whose contacts wrote their phones the way people do.
class PortalCrm : public test::CardOnlyCrm {
public:
    int calls = 0;
    Result<EntityContext> entity(const EntityRef& ref) override {
        ++calls;
        if (ref.kind != EntityKind::deal || ref.id != "7") return Error{ErrorCode::card_not_found, {}};
        return EntityContext{ref, "Портал: сделка 7", "1",
                             {{"11", "Ольга Ким", {"8 (916) 123-45-67", "+7 916 123 45 67", "доб. 12"}},
                              {"12", "Без телефона", {}}}};
    }
    Result<std::vector<EntityContext>> find_entities(const std::string&, int) override { return std::vector<EntityContext>{}; }
};

class CardApi : public ::testing::Test {
protected:
    PortalCrm portal;
    std::vector<std::string> portals_made;
    CrmTenants tenants;
    // The standalone CRM and the WhatsApp side: the sandbox, its gateway watched for any request.
    test::Sandbox sandbox;
    test::WatchedGateway gateway{sandbox.store};
    ManualClock clock;
    WhatsAppChecks checks{*sandbox.db, gateway, clock, CheckPolicy{}};
    PrivacyRefusals refusals{*sandbox.db, clock};
    AuditLog audit{*sandbox.db, clock};
    std::unique_ptr<CrmCards> cards;
    std::unique_ptr<test::RunningProxy> proxy;

    void SetUp() override {
        tenants.add_kind("bitrix24", [this](const std::string& member_id) -> std::unique_ptr<Crm> {
            portals_made.push_back(member_id);
            if (member_id != "m1") return nullptr;
            return std::make_unique<Forward>(portal);   // the tenant map owns what it gets
        });
        cards = std::make_unique<CrmCards>(tenants, checks, refusals, audit, "RU");
        Authenticate sessions = [](const std::string& token) -> Result<SessionUser> {
            if (token == "standalone") return SessionUser{"anna", "Анна", false, "standalone"};
            if (token == "portal") return SessionUser{"5", "Ольга", false, "bitrix24:m1"};
            if (token == "other-portal") return SessionUser{"5", "Ольга", false, "bitrix24:m2"};
            return Error{ErrorCode::not_signed_in, {}};
        };
        proxy = std::make_unique<test::RunningProxy>(card_routes(*cards), 1024 * 1024, sessions);
        tenants.set_standalone(&sandbox.crm);
    }

    struct Forward : test::CardOnlyCrm {
        explicit Forward(Crm& to) : to(to) {}
        Crm& to;
        Result<EntityContext> entity(const EntityRef& ref) override { return to.entity(ref); }
        Result<std::vector<EntityContext>> find_entities(const std::string& t, int l) override { return to.find_entities(t, l); }
    };

    std::pair<int, nlohmann::json> get(const std::string& path, const std::string& token) {
        httplib::Client client = proxy->client();
        httplib::Headers headers;
        if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
        auto r = client.Get(path.c_str(), headers);
        if (!r) return {0, nullptr};
        return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
    }
    std::pair<int, nlohmann::json> post(const std::string& path, const std::string& token, const std::string& body) {
        httplib::Client client = proxy->client();
        httplib::Headers headers;
        if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
        auto r = client.Post(path.c_str(), headers, body, "application/json");
        if (!r) return {0, nullptr};
        return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
    }
    static std::string code_of(const nlohmann::json& j) { return j.is_object() && j.contains("error") ? j["error"].value("code", "") : ""; }
};

TEST_F(CardApi, TheSandboxDealComesWithItsPeoplesPhonesAsE164) {
    auto [status, card] = get(routes::card("deal", "101"), "standalone");
    ASSERT_EQ(status, 200) << card.dump();
    EXPECT_EQ(card["entity"]["kind"], "deal");
    EXPECT_EQ(card["title"], "Поставка оборудования ООО «Вектор»");
    ASSERT_FALSE(card["people"].empty());
    for (const auto& person : card["people"]) {
        EXPECT_FALSE(person["contact_id"].get<std::string>().empty());
        const std::string phone = person["phone"];
        if (!phone.empty()) EXPECT_EQ(phone[0], '+') << person.dump();
    }
}

TEST_F(CardApi, APortalSessionSeesItsPortalsCardWithPhonesReadOnce) {
    auto [status, card] = get(routes::card("deal", "7"), "portal");
    ASSERT_EQ(status, 200) << card.dump();
    EXPECT_EQ(card["title"], "Портал: сделка 7");
    ASSERT_EQ(card["people"].size(), 3u) << card.dump();   // the same number written twice is one row
    EXPECT_EQ(card["people"][0]["phone"], "+79161234567");
    EXPECT_EQ(card["people"][0]["phone_as_stored"], "8 (916) 123-45-67");
    EXPECT_EQ(card["people"][1]["phone"], "");               // "доб. 12" is not a number
    EXPECT_EQ(card["people"][1]["phone_as_stored"], "доб. 12");
    EXPECT_EQ(card["people"][2]["name"], "Без телефона");
    EXPECT_EQ(card["people"][2]["phone_as_stored"], "");
    EXPECT_EQ(portals_made, std::vector<std::string>{"m1"});

    get(routes::card("deal", "7"), "portal");
    EXPECT_EQ(portals_made.size(), 1u);   // the connector is made once per account
}

// The people of sandbox deal 101 by phone, as the card route answers them.
std::map<std::string, nlohmann::json> people_by_phone(const nlohmann::json& card) {
    std::map<std::string, nlohmann::json> people;
    for (const auto& person : card["people"])
        if (!person["phone"].get<std::string>().empty()) people[person["phone"]] = person;
    return people;
}

TEST_F(CardApi, EachPhoneComesWithItsLastWhatsAppCheckAndReadingTheCardAsksWhatsAppNothing) {
    // Sandbox deal 101 holds the office of «Вектор», whose number has no WhatsApp.
    const std::string no_whatsapp = demo::numbers_without_whatsapp().front();
    auto [status, before] = get(routes::card("deal", "101"), "standalone");
    ASSERT_EQ(status, 200) << before.dump();
    std::map<std::string, nlohmann::json> people = people_by_phone(before);
    ASSERT_EQ(people.count(no_whatsapp), 1u) << before.dump();
    ASSERT_GE(people.size(), 3u);
    for (const auto& [phone, person] : people) {
        EXPECT_EQ(person["whatsapp"], "unknown") << phone;
        EXPECT_EQ(person["whatsapp_checked_at"], 0) << phone;
    }

    // An add checked two of them: one has WhatsApp, the office does not.
    std::string with_whatsapp;
    for (const auto& [phone, person] : people)
        if (phone != no_whatsapp && with_whatsapp.empty()) with_whatsapp = phone;
    clock.set_unix_start(1700000000);
    ASSERT_TRUE(checks.has_whatsapp(no_whatsapp).ok());
    ASSERT_TRUE(checks.has_whatsapp(with_whatsapp).ok());
    const int requests_after_checks = gateway.requests;
    clock.advance(std::chrono::hours(24 * 30));   // long past fresh: still the last word we have

    auto [status2, after] = get(routes::card("deal", "101"), "standalone");
    ASSERT_EQ(status2, 200) << after.dump();
    people = people_by_phone(after);
    EXPECT_EQ(people[no_whatsapp]["whatsapp"], "no");
    EXPECT_EQ(people[no_whatsapp]["whatsapp_checked_at"], 1700000000);
    EXPECT_EQ(people[with_whatsapp]["whatsapp"], "yes");
    EXPECT_GT(people[with_whatsapp]["whatsapp_checked_at"].get<int64_t>(), 0);
    for (const auto& [phone, person] : people)
        if (phone != no_whatsapp && phone != with_whatsapp) EXPECT_EQ(person["whatsapp"], "unknown") << phone;
    // The search answers with the same kept answers.
    auto [status3, list] = get(std::string(routes::kCards) + "?query=" + routes::url_encode("Вектор"), "standalone");
    ASSERT_EQ(status3, 200) << list.dump();
    ASSERT_EQ(list["cards"].size(), 1u) << list.dump();
    EXPECT_EQ(people_by_phone(list["cards"][0])[no_whatsapp]["whatsapp"], "no");

    EXPECT_EQ(gateway.requests, requests_after_checks);   // no card read reached WhatsApp
    EXPECT_EQ(gateway.checks, 2);
}

TEST_F(CardApi, APortalCardsPhoneWithoutAUsableNumberStaysUnknown) {
    checks.remember("+79161234567", false);
    auto [status, card] = get(routes::card("deal", "7"), "portal");
    ASSERT_EQ(status, 200) << card.dump();
    EXPECT_EQ(card["people"][0]["whatsapp"], "no");
    EXPECT_EQ(card["people"][1]["whatsapp"], "unknown");   // "доб. 12"
    EXPECT_EQ(card["people"][2]["whatsapp"], "unknown");   // no phone
    EXPECT_EQ(gateway.requests, 0);
}

TEST_F(CardApi, EachPhoneComesWithTheFormPeopleRead) {
    auto [status, card] = get(routes::card("deal", "7"), "portal");
    ASSERT_EQ(status, 200) << card.dump();
    EXPECT_EQ(card["people"][0]["phone"], "+79161234567");
    EXPECT_EQ(card["people"][0]["phone_display"], "+7 916 123-45-67");
    EXPECT_EQ(card["people"][1]["phone_display"], "");   // "доб. 12": no number to show
    EXPECT_EQ(card["people"][2]["phone_display"], "");   // no phone
}

TEST_F(CardApi, APersonRefusedForPrivacyComesWithTheGroupAndRetryingPutsThemBack) {
    const std::string group = demo::kMoscowClientsGroup;
    clock.set_unix_start(1700000000);
    refusals.remember(group, "+79161234567");
    audit.record(Actor{"Анна (1)", "bitrix24:m1"}, {{}, {}, "add", group, "Клиенты — Москва", "+79161234567", "privacy_blocked"});
    auto [status, card] = get(routes::card("deal", "7"), "portal");
    ASSERT_EQ(status, 200) << card.dump();
    ASSERT_EQ(card["people"][0]["privacy_refusals"].size(), 1u) << card.dump();
    EXPECT_EQ(card["people"][0]["privacy_refusals"][0]["group_id"], group);
    EXPECT_EQ(card["people"][0]["privacy_refusals"][0]["refused_at"], 1700000000);
    EXPECT_TRUE(card["people"][1]["privacy_refusals"].empty());

    // «Повторить», with the number as the CRM holds it: the refusal is forgotten; again is fine too.
    for (int i = 0; i < 2; ++i) {
        auto [retried, ack] = post(routes::group_privacy_retry(group), "portal", R"({"phone":"8 (916) 123-45-67"})");
        ASSERT_EQ(retried, 200) << ack.dump();
        EXPECT_EQ(ack["ok"], true);
    }
    auto [status2, after] = get(routes::card("deal", "7"), "portal");
    ASSERT_EQ(status2, 200);
    EXPECT_TRUE(after["people"][0]["privacy_refusals"].empty()) << after.dump();
    EXPECT_EQ(gateway.requests, 0);   // nothing of this asks WhatsApp
    // The log says who chose to retry, in the portal's log, with the name its add was logged under.
    const std::vector<AuditEntry> logged = audit.recent("bitrix24:m1", group, 10);
    ASSERT_EQ(logged.size(), 3u);   // the add, then each click
    EXPECT_EQ(logged[0].action, "privacy_retry");
    EXPECT_EQ(logged[0].actor, "Ольга (5)");
    EXPECT_EQ(logged[0].group_name, "Клиенты — Москва");
    EXPECT_EQ(logged[0].phone, "+79161234567");
    EXPECT_EQ(logged[0].outcome, "done");
    EXPECT_TRUE(audit.recent("standalone", group, 10).empty());
}

TEST_F(CardApi, ARetryWithBadInputIsRefusedWithTheReasonInBothLanguages) {
    const std::string group = demo::kMoscowClientsGroup;
    refusals.remember(group, "+79161234567");
    struct Case {
        std::string path, body;
        int status;
        std::string code;
    };
    const std::vector<Case> cases = {
        {routes::group_privacy_retry("not-a-group"), R"({"phone":"+79161234567"})", 400, "invalid_group_id"},
        {"/api/v1/groups/%zz/privacy-refusals/retry", R"({"phone":"+79161234567"})", 400, "invalid_group_id"},
        {routes::group_privacy_retry(group), "not json", 400, "invalid_json"},
        {routes::group_privacy_retry(group), "[]", 400, "bad_request"},
        {routes::group_privacy_retry(group), "{}", 400, "bad_request"},
        {routes::group_privacy_retry(group), R"({"phone":79161234567})", 400, "bad_request"},
        {routes::group_privacy_retry(group), R"({"phone":"позвоните"})", 400, "invalid_phone"},
    };
    for (const Case& c : cases) {
        auto [status, body] = post(c.path, "portal", c.body);
        EXPECT_EQ(status, c.status) << c.path << " " << c.body;
        EXPECT_EQ(code_of(body), c.code) << c.path << " " << c.body << " " << body.dump();
        if (!body.is_object() || !body.contains("error")) continue;
        EXPECT_FALSE(body["error"].value("message_ru", "").empty()) << c.body;
        EXPECT_FALSE(body["error"].value("message_en", "").empty()) << c.body;
    }
    auto [anonymous, body] = post(routes::group_privacy_retry(group), "", R"({"phone":"+79161234567"})");
    EXPECT_EQ(anonymous, 401);
    EXPECT_EQ(code_of(body), "not_signed_in");
    EXPECT_EQ(refusals.of({"+79161234567"}).size(), 1u);   // none of them forgot anything
}

TEST_F(CardApi, ACardTheCrmDoesNotHaveIsNotFound) {
    auto [status, body] = get(routes::card("deal", "8"), "portal");
    EXPECT_EQ(status, 404);
    EXPECT_EQ(code_of(body), "card_not_found");
    auto [status2, body2] = get(routes::card("deal", "999999"), "standalone");
    EXPECT_EQ(status2, 404);
    EXPECT_EQ(code_of(body2), "card_not_found");
}

TEST_F(CardApi, AnAccountNeverInstalledIsNotConnected) {
    auto [status, body] = get(routes::card("deal", "7"), "other-portal");
    EXPECT_EQ(status, 503);
    EXPECT_EQ(code_of(body), "crm_not_connected");
    EXPECT_EQ(portal.calls, 0);
}

TEST_F(CardApi, MalformedReferencesAreRefusedBeforeTheCrmIsAsked) {
    for (const std::string& path : {routes::card("company", "7"), routes::card("deal", "7a"),
                                    routes::card("deal", "-1"), routes::card("deal", std::string(65, '1')),
                                    std::string("/api/v1/cards/deal/%zz")}) {
        auto [status, body] = get(path, "portal");
        EXPECT_EQ(status, 400) << path;
        EXPECT_EQ(code_of(body), "invalid_card") << path;
        EXPECT_FALSE(body["error"]["message_ru"].get<std::string>().empty());
    }
    EXPECT_EQ(portal.calls, 0);
}

TEST_F(CardApi, SearchFindsSandboxDealsAndLeadsByTitle) {
    auto [status, list] = get(std::string(routes::kCards) + "?query=" + routes::url_encode("заявка"), "standalone");
    ASSERT_EQ(status, 200) << list.dump();
    ASSERT_GE(list["cards"].size(), 2u);
    for (const auto& card : list["cards"]) {
        EXPECT_EQ(card["entity"]["kind"], "lead");
        EXPECT_NE(card["title"].get<std::string>().find("Заявка"), std::string::npos);
    }
    auto [too_long, body] = get(std::string(routes::kCards) + "?query=" + std::string(201, 'a'), "standalone");
    EXPECT_EQ(too_long, 400);
    EXPECT_EQ(code_of(body), "bad_request");
}

TEST_F(CardApi, CardsNeedASession) {
    auto [status, body] = get(routes::card("deal", "101"), "");
    EXPECT_EQ(status, 401);
    EXPECT_EQ(code_of(body), "not_signed_in");
}

} // namespace
} // namespace gd
