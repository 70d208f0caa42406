// The amoCRM connector's card, search and users list against a fake amoCRM account that answers as
// research/amocrm.md documents: HAL lists, 204 for nothing, problem+json errors, HTML pages on
// 429 and 403, and 7 requests a second at most.
#include "proxy/connectors/amocrm/amo_crm.h"
#include "tests/connectors/amocrm_fake.h"

#include <gtest/gtest.h>

#include <memory>

namespace gd {
namespace {

using namespace amo_test;
using nlohmann::json;

json lead(int64_t id, const std::string& name, int64_t responsible, std::vector<json> contacts = {}) {
    json j = {{"id", id}, {"name", name}, {"price", 0}, {"responsible_user_id", responsible}, {"status_id", 142},
              {"pipeline_id", 3166396}, {"account_id", 30441694},
              {"_links", {{"self", {{"href", "https://acme.amocrm.ru/api/v4/leads/" + std::to_string(id)}}}}}};
    if (!contacts.empty()) j["_embedded"] = {{"tags", json::array()}, {"contacts", contacts}};
    return j;
}

json linked(int64_t id, bool is_main = false) { return {{"id", id}, {"is_main", is_main}}; }

json contact(int64_t id, const std::string& name, std::vector<std::string> phones = {}) {
    json values = json::array();
    for (const std::string& p : phones) values.push_back({{"value", p}, {"enum_id", 1}, {"enum", "WORK"}});
    json fields = phones.empty() ? json(nullptr)
                                 : json::array({{{"field_id", 3}, {"field_name", "Телефон"}, {"field_code", "PHONE"},
                                                 {"field_type", "multitext"}, {"values", values}},
                                                {{"field_id", 5}, {"field_name", "Email"}, {"field_code", "EMAIL"},
                                                 {"field_type", "multitext"},
                                                 {"values", {{{"value", "x@example.org"}, {"enum", "WORK"}}}}}});
    return {{"id", id}, {"name", name}, {"first_name", ""}, {"last_name", ""}, {"responsible_user_id", 504141},
            {"custom_fields_values", fields}, {"account_id", 30441694}};
}

json page_of(const char* key, std::vector<json> items, bool more = false) {
    json links = {{"self", {{"href", "https://acme.amocrm.ru/api/v4/x?page=1"}}}};
    if (more) links["next"] = {{"href", "https://acme.amocrm.ru/api/v4/x?page=2"}};
    return {{"_page", 1}, {"_links", links}, {"_embedded", {{key, items}}}};
}

// A connected account: the fake accepts the stored access token unless a test says otherwise.
struct Account {
    ManualClock clock;
    FakeAmo fake{clock};
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    std::unique_ptr<AmoCrm> crm;

    void connect() {
        fake.start();
        fake.accept_access(kFirstAccess);
        fake.issue_refresh(kFirstRefresh);
        EXPECT_TRUE(keeper.store(installed_account(fake, clock)));
        crm = std::make_unique<AmoCrm>(keeper, kAccountId, integration_for(fake), clock);
    }
};

// ---------------------------------------------------------------------------------------------
// Cards
// ---------------------------------------------------------------------------------------------

TEST(AmoCards, ALeadComesWithItsContactsMainFirstAndTheirPhones) {
    Account a;
    a.fake.answer_json("/api/v4/leads/101", lead(101, "Поставка оборудования", 504141, {linked(201), linked(202, true)}));
    a.fake.answer_json("/api/v4/contacts",
                       page_of("contacts", {contact(201, "Анна Петрова", {"+7 916 123-45-67", "8 (495) 111-22-33"}),
                                            contact(202, "Иван Сидоров")}));
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "101"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(card->entity.kind, EntityKind::lead);
    EXPECT_EQ(card->entity.id, "101");
    EXPECT_EQ(card->title, "Поставка оборудования");
    EXPECT_EQ(card->responsible_user_id, "504141");
    ASSERT_EQ(card->contacts.size(), 2u);
    EXPECT_EQ(card->contacts[0].id, "202");   // the main contact first
    EXPECT_EQ(card->contacts[0].name, "Иван Сидоров");
    EXPECT_TRUE(card->contacts[0].phones.empty());
    EXPECT_EQ(card->contacts[1].name, "Анна Петрова");
    EXPECT_EQ(card->contacts[1].phones, (std::vector<std::string>{"+7 916 123-45-67", "8 (495) 111-22-33"}));

    std::vector<Seen> seen = a.fake.seen();
    ASSERT_EQ(seen.size(), 2u);   // the lead, then its contacts in one request
    EXPECT_EQ(seen[0].target, "/api/v4/leads/101?with=contacts");
    EXPECT_EQ(seen[1].path, "/api/v4/contacts");
    auto ids = seen[1].params.equal_range("filter[id][]");
    std::vector<std::string> asked;
    for (auto it = ids.first; it != ids.second; ++it) asked.push_back(it->second);
    EXPECT_EQ(asked, (std::vector<std::string>{"202", "201"}));
    for (const Seen& s : seen) EXPECT_EQ(s.authorization, std::string("Bearer ") + kFirstAccess);
}

TEST(AmoCards, ALeadWithoutContactsTakesOneRequest) {
    Account a;
    a.fake.answer_json("/api/v4/leads/102", lead(102, "Без контактов", 504141));
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "102"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(card->title, "Без контактов");
    EXPECT_TRUE(card->contacts.empty());
    EXPECT_EQ(a.fake.targets(), (std::vector<std::string>{"GET /api/v4/leads/102?with=contacts"}));
}

TEST(AmoCards, AContactCardIsItsOnePerson) {
    Account a;
    a.fake.answer_json("/api/v4/contacts/201", contact(201, "Анна Петрова", {"+79161234567"}));
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::contact, "201"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(card->entity.kind, EntityKind::contact);
    EXPECT_EQ(card->title, "Анна Петрова");
    EXPECT_EQ(card->responsible_user_id, "504141");
    ASSERT_EQ(card->contacts.size(), 1u);
    EXPECT_EQ(card->contacts[0].id, "201");
    EXPECT_EQ(card->contacts[0].phones, (std::vector<std::string>{"+79161234567"}));
}

TEST(AmoCards, AContactWithoutANameIsNamedFromItsParts) {
    Account a;
    json c = contact(203, "");
    c["first_name"] = "Олег";
    c["last_name"] = "Ким";
    a.fake.answer_json("/api/v4/contacts/203", c);
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::contact, "203"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(card->contacts[0].name, "Олег Ким");
}

TEST(AmoCards, AnUnknownLeadOrContactIsNotFoundBecauseAmoCrmAnswers204) {
    Account a;
    a.fake.answer("GET", "/api/v4/leads/999", Reply{204, ""});
    a.fake.answer("GET", "/api/v4/contacts/998", Reply{204, ""});
    a.connect();

    Result<EntityContext> no_lead = a.crm->entity({EntityKind::lead, "999"});
    Result<EntityContext> no_contact = a.crm->entity({EntityKind::contact, "998"});

    ASSERT_FALSE(no_lead.ok());
    EXPECT_EQ(no_lead.error().code, ErrorCode::card_not_found);
    EXPECT_NE(no_lead.error().detail.find("999"), std::string::npos);
    ASSERT_FALSE(no_contact.ok());
    EXPECT_EQ(no_contact.error().code, ErrorCode::card_not_found);
}

TEST(AmoCards, AnIdThatIsNotANumberIsRefusedWithoutAskingAmoCrm) {
    Account a;
    a.connect();
    for (const std::string& id : {"", "abc", "1/../../users", "12?with=x", "0", "1234567890123456789"}) {
        Result<EntityContext> card = a.crm->entity({EntityKind::lead, id});
        ASSERT_FALSE(card.ok()) << id;
        EXPECT_EQ(card.error().code, ErrorCode::invalid_card) << id;
    }
    EXPECT_TRUE(a.fake.seen().empty());
}

// Without amoCRM's paid API filtering the filter may be ignored (research §3.1): the answer then
// holds other contacts and may miss ours.
TEST(AmoCards, ContactsTheFilterDidNotSelectAreLeftOutAndMissingOnesReadOneByOne) {
    Account a;
    a.fake.answer_json("/api/v4/leads/103", lead(103, "Сделка", 1, {linked(201), linked(204), linked(205)}));
    a.fake.answer_json("/api/v4/contacts", page_of("contacts", {contact(777, "Чужой контакт", {"+70000000000"}),
                                                                contact(201, "Анна", {"+79161234567"})}));
    a.fake.answer_json("/api/v4/contacts/204", contact(204, "Борис", {"+79035550000"}));
    a.fake.answer("GET", "/api/v4/contacts/205", Reply{204, ""});   // deleted meanwhile
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "103"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    ASSERT_EQ(card->contacts.size(), 2u);
    EXPECT_EQ(card->contacts[0].name, "Анна");
    EXPECT_EQ(card->contacts[1].name, "Борис");
    EXPECT_EQ(card->contacts[1].phones, (std::vector<std::string>{"+79035550000"}));
}

TEST(AmoCards, UnreadableAnswersAreCrmBadResponseNotACrash) {
    struct Case {
        const char* why;
        Reply reply;
    };
    std::vector<Case> cases = {
        {"an HTML page with 200", {200, "<html><body>Технические работы</body></html>", "text/html"}},
        {"truncated JSON", {200, R"({"id": 104, "name": "Сде)"}},
        {"a JSON array", {200, "[1,2,3]"}},
        {"a lead without an id", {200, R"({"name": "Сделка"})"}},
        {"an id of the wrong type", {200, R"({"id": {"x": 1}, "name": "Сделка"})"}},
        {"contacts that are not a list", {200, R"({"id": 104, "_embedded": {"contacts": {"id": 1}}})"}},
        {"a contact without an id", {200, R"({"id": 104, "_embedded": {"contacts": [{"is_main": true}]}})"}},
    };
    for (const Case& c : cases) {
        Account a;
        a.fake.answer("GET", "/api/v4/leads/104", c.reply);
        a.connect();
        Result<EntityContext> card = a.crm->entity({EntityKind::lead, "104"});
        ASSERT_FALSE(card.ok()) << c.why;
        EXPECT_EQ(card.error().code, ErrorCode::crm_bad_response) << c.why;
        EXPECT_EQ(card.error().detail.find('<'), std::string::npos) << c.why;
    }
}

TEST(AmoCards, OddButReadableFieldsAreTolerated) {
    Account a;
    json l = lead(105, "x", 1, {linked(206)});
    l["name"] = 12345;                   // not a string: no title rather than no card
    l["responsible_user_id"] = nullptr;
    a.fake.answer_json("/api/v4/leads/105", l);
    json c = contact(206, "Вера");
    c["custom_fields_values"] = json::array({{{"field_code", "PHONE"}, {"values", {{{"value", 79161234567LL}}, {{"value", nullptr}}, {{"value", ""}}}}},
                                             {{"field_code", nullptr}, {"values", nullptr}},
                                             {{"field_code", "PHONE"}, {"values", "not a list"}}});
    a.fake.answer_json("/api/v4/contacts", page_of("contacts", {c}));
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "105"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(card->title, "");
    EXPECT_EQ(card->responsible_user_id, "");
    ASSERT_EQ(card->contacts.size(), 1u);
    EXPECT_EQ(card->contacts[0].phones, (std::vector<std::string>{"79161234567"}));
}

// ---------------------------------------------------------------------------------------------
// Search and users
// ---------------------------------------------------------------------------------------------

TEST(AmoSearch, FindsLeadsByAmoCrmsQueryWithTheLimit) {
    Account a;
    a.fake.answer_json("/api/v4/leads", page_of("leads", {lead(101, "Поставка оборудования", 504141),
                                                          lead(107, "Поставка мебели", 504142)}));
    a.connect();

    Result<std::vector<EntityContext>> found = a.crm->find_entities("Поставка", 20);

    ASSERT_TRUE(found.ok()) << found.error().detail;
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ(found.value()[0].entity.kind, EntityKind::lead);
    EXPECT_EQ(found.value()[0].entity.id, "101");
    EXPECT_EQ(found.value()[1].title, "Поставка мебели");
    EXPECT_EQ(found.value()[1].responsible_user_id, "504142");
    Seen s = a.fake.seen_at("/api/v4/leads").at(0);
    EXPECT_EQ(s.params.find("query")->second, "Поставка");
    EXPECT_EQ(s.params.find("limit")->second, "20");
}

TEST(AmoSearch, NothingFoundIs204AndAnEmptyList) {
    Account a;
    a.fake.answer("GET", "/api/v4/leads", Reply{204, ""});
    a.connect();

    Result<std::vector<EntityContext>> found = a.crm->find_entities("нет такого", 1000);

    ASSERT_TRUE(found.ok()) << found.error().detail;
    EXPECT_TRUE(found->empty());
    EXPECT_EQ(a.fake.seen_at("/api/v4/leads").at(0).params.find("limit")->second, "250");   // amoCRM's maximum
}

json user(int64_t id, const std::string& name, bool admin, bool active, const std::string& group = "") {
    json groups = group.empty() ? json::array() : json::array({{{"id", 267688}, {"name", group}}});
    return {{"id", id}, {"name", name}, {"email", "user" + std::to_string(id) + "@example.org"}, {"lang", "ru"},
            {"rights", {{"leads", {{"view", "A"}}}, {"status_rights", nullptr}, {"is_admin", admin}, {"is_free", false},
                        {"is_active", active}, {"group_id", group.empty() ? json(nullptr) : json(267688)}, {"role_id", nullptr},
                        // undocumented and odd, as seen in the wild (I#343)
                        {"catalog_rights", json::array({{{"catalog_id", "add"}}})}}},
            {"_embedded", {{"roles", json::array()}, {"groups", groups}}}};
}

// ---------------------------------------------------------------------------------------------
// A user's view: amoCRM gives no per-user token, so their rights are checked before an answer
// ---------------------------------------------------------------------------------------------

constexpr int64_t kManager = 111, kColleague = 504141, kStranger = 504142;

// Lead 101 is the colleague's, lead 102 the manager's own, lead 103 a stranger's in another group.
struct AccountWithTeams : Account {
    AccountWithTeams() {
        fake.answer_json("/api/v4/leads/101", lead(101, "Поставка оборудования", kColleague, {linked(201)}));
        fake.answer_json("/api/v4/leads/102", lead(102, "Своя сделка", kManager));
        fake.answer_json("/api/v4/leads/103", lead(103, "Чужой отдел", kStranger));
        fake.answer_json("/api/v4/contacts", page_of("contacts", {contact(201, "Анна Петрова", {"+79161234567"})}));
        fake.user(kColleague, "Коллега", {"A", "A", 7});
        fake.user(kStranger, "Чужой", {"A", "A", 9});
    }
    Result<EntityContext> lead_as(int64_t user, const std::string& id) {
        return amocrm_user_cards(*crm, std::to_string(user))->entity({EntityKind::lead, id});
    }
};

TEST(AmoRights, AManagerWhoSeesOnlyTheirOwnLeadsCannotReadAColleagues) {
    AccountWithTeams a;
    a.fake.user(kManager, "Менеджер", {"M", "M", 7});
    a.connect();

    Result<EntityContext> colleagues = a.lead_as(kManager, "101");
    ASSERT_FALSE(colleagues.ok());
    EXPECT_EQ(colleagues.error().code, ErrorCode::card_not_found);
    EXPECT_TRUE(a.fake.seen_at("/api/v4/contacts").empty());   // its people were never read
    Result<EntityContext> own = a.lead_as(kManager, "102");
    ASSERT_TRUE(own.ok()) << own.error().detail;
    EXPECT_EQ(own->title, "Своя сделка");
    // The account's own view (the installation's token) still reads every lead.
    EXPECT_TRUE(a.crm->entity({EntityKind::lead, "101"}).ok());
}

TEST(AmoRights, GroupRightsShowTheLeadsOfTheUsersGroupOnly) {
    AccountWithTeams a;
    a.fake.user(kManager, "Менеджер", {"G", "A", 7});
    a.connect();
    EXPECT_TRUE(a.lead_as(kManager, "101").ok());   // the colleague is in group 7 too
    EXPECT_TRUE(a.lead_as(kManager, "102").ok());
    EXPECT_EQ(a.lead_as(kManager, "103").error().code, ErrorCode::card_not_found);
}

TEST(AmoRights, DeniedSeesNothingAndAllOrAdminSeesEverything) {
    AccountWithTeams a;
    a.fake.user(kManager, "Без доступа", {"D", "D", 7});
    a.fake.user(222, "Все сделки", {"A", "A", 7});
    a.fake.user(333, "Админ", {"D", "D", 9, true});
    a.connect();
    for (const char* id : {"101", "102", "103"}) {
        EXPECT_EQ(a.lead_as(kManager, id).error().code, ErrorCode::card_not_found) << id;
        EXPECT_TRUE(a.lead_as(222, id).ok()) << id;
        EXPECT_TRUE(a.lead_as(333, id).ok()) << id;
    }
}

TEST(AmoRights, AStagesOwnRightReplacesTheGeneralOne) {
    AccountWithTeams a;
    AmoUserRights rights{"A", "A", 7};
    rights.status_rights = json::array({{{"entity_type", "leads"}, {"pipeline_id", 3166396}, {"status_id", 142},
                                         {"rights", {{"view", "D"}, {"edit", "D"}, {"delete", "D"}}}}});
    a.fake.user(kManager, "Менеджер", rights);
    a.connect();
    EXPECT_EQ(a.lead_as(kManager, "101").error().code, ErrorCode::card_not_found);   // every test lead is in stage 142
}

TEST(AmoRights, ALeadsContactsFollowTheContactRights) {
    Account a;
    json theirs = contact(201, "Анна Петрова", {"+79161234567"});
    json others = contact(202, "Иван Сидоров", {"+79035550000"});
    theirs["responsible_user_id"] = kManager;
    a.fake.answer_json("/api/v4/leads/101", lead(101, "Общая сделка", kColleague, {linked(201), linked(202)}));
    a.fake.answer_json("/api/v4/contacts", page_of("contacts", {theirs, others}));
    a.fake.answer_json("/api/v4/contacts/202", others);
    a.fake.user(kManager, "Менеджер", {"A", "M", 7});
    a.connect();

    Result<EntityContext> card = amocrm_user_cards(*a.crm, std::to_string(kManager))->entity({EntityKind::lead, "101"});
    ASSERT_TRUE(card.ok()) << card.error().detail;
    ASSERT_EQ(card->contacts.size(), 1u);
    EXPECT_EQ(card->contacts[0].name, "Анна Петрова");
    // A contact card of someone else's contact is not theirs to open either.
    Result<EntityContext> contact_card = amocrm_user_cards(*a.crm, std::to_string(kManager))->entity({EntityKind::contact, "202"});
    EXPECT_EQ(contact_card.error().code, ErrorCode::card_not_found);
}

TEST(AmoRights, TheSearchListsOnlyTheLeadsTheUserMaySee) {
    AccountWithTeams a;
    a.fake.answer_json("/api/v4/leads", page_of("leads", {lead(101, "Поставка оборудования", kColleague),
                                                          lead(102, "Своя сделка", kManager),
                                                          lead(103, "Чужой отдел", kStranger)}));
    a.fake.user(kManager, "Менеджер", {"M", "M", 7});
    a.connect();
    Result<std::vector<EntityContext>> found = amocrm_user_cards(*a.crm, std::to_string(kManager))->find_entities("", 20);
    ASSERT_TRUE(found.ok()) << found.error().detail;
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->at(0).entity.id, "102");
}

TEST(AmoRights, RightsAreReadOnceAMinute) {
    AccountWithTeams a;
    a.fake.user(kManager, "Менеджер", {"M", "M", 7});
    a.connect();
    (void)a.lead_as(kManager, "102");
    (void)a.lead_as(kManager, "101");
    EXPECT_EQ(a.fake.seen_at("/api/v4/users/111").size(), 1u);
    a.clock.advance(std::chrono::seconds(61));
    (void)a.lead_as(kManager, "102");
    EXPECT_EQ(a.fake.seen_at("/api/v4/users/111").size(), 2u);
    EXPECT_EQ(a.fake.seen_at("/api/v4/users/111")[0].params.find("with")->second, "role,group");
}

// users() reads who the integration's tokens belong to first (GET /api/v4/account).
void answer_account(Account& a, int64_t current_user) {
    a.fake.answer_json("/api/v4/account", {{"id", 30441694}, {"subdomain", "acme"}, {"current_user_id", current_user}});
}

TEST(AmoUsers, AllPagesAreReadWithAdminAndActiveFromTheRights) {
    Account a;
    answer_account(a, 1);
    a.fake.answer("GET", "/api/v4/users",
                  std::vector<Reply>{{200, page_of("users", {user(1, "Админ Главный", true, true, "Менеджеры"),
                                                             user(2, "Ушедший Сотрудник", false, false)},
                                                   /*more=*/true)
                                               .dump()},
                                     {200, page_of("users", {user(3, "Новый Менеджер", false, true, "Менеджеры")}).dump()}});
    a.connect();

    Result<std::vector<CrmUser>> users = a.crm->users();

    ASSERT_TRUE(users.ok()) << users.error().detail;
    ASSERT_EQ(users->size(), 3u);
    const CrmUser& admin = users.value()[0];
    EXPECT_EQ(admin.id, "1");
    EXPECT_EQ(admin.name, "Админ Главный");
    EXPECT_TRUE(admin.is_admin);
    EXPECT_TRUE(admin.active);
    EXPECT_EQ(admin.group, "Менеджеры");
    EXPECT_EQ(admin.group_id, "267688");
    EXPECT_TRUE(admin.is_integration);
    EXPECT_FALSE(users.value()[2].is_integration);
    EXPECT_EQ(users.value()[1].group_id, "0");   // null: the account's main group
    EXPECT_FALSE(users.value()[1].active);
    EXPECT_FALSE(users.value()[1].is_admin);
    EXPECT_EQ(users.value()[2].id, "3");

    std::vector<Seen> pages = a.fake.seen_at("/api/v4/users");
    ASSERT_EQ(pages.size(), 2u);
    EXPECT_EQ(pages[0].params.find("page")->second, "1");
    EXPECT_EQ(pages[1].params.find("page")->second, "2");
    EXPECT_EQ(pages[0].params.find("limit")->second, "250");
    EXPECT_EQ(pages[0].params.find("with")->second, "role,group");
}

TEST(AmoUsers, AnAnswer204EndsThePaging) {
    Account a;
    answer_account(a, 1);
    a.fake.answer("GET", "/api/v4/users",
                  std::vector<Reply>{{200, page_of("users", {user(1, "Админ", true, true)}, true).dump()}, {204, ""}});
    a.connect();

    Result<std::vector<CrmUser>> users = a.crm->users();

    ASSERT_TRUE(users.ok()) << users.error().detail;
    EXPECT_EQ(users->size(), 1u);
    EXPECT_EQ(a.fake.seen_at("/api/v4/users").size(), 2u);
}

TEST(AmoUsers, ANonAdminTokenIsRefusedWithAmoCrmsReason) {
    Account a;
    answer_account(a, 1);
    a.fake.answer("GET", "/api/v4/users", problem(403, "Forbidden", "Не хватает прав для вызова данного метода"));
    a.connect();

    Result<std::vector<CrmUser>> users = a.crm->users();

    ASSERT_FALSE(users.ok());
    EXPECT_EQ(users.error().code, ErrorCode::crm_not_authorized);
    EXPECT_NE(users.error().detail.find("Не хватает прав"), std::string::npos);
    EXPECT_NE(users.error().detail.find("listUsers"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Limits and errors
// ---------------------------------------------------------------------------------------------

TEST(AmoLimits, NoMoreThanSevenRequestsASecond) {
    Account a;
    a.fake.answer_json("/api/v4/leads/102", lead(102, "x", 1));
    a.connect();

    for (int i = 0; i < 10; ++i) ASSERT_TRUE(a.crm->entity({EntityKind::lead, "102"}).ok());

    std::vector<Seen> seen = a.fake.seen();
    ASSERT_EQ(seen.size(), 10u);
    for (size_t i = 1; i < seen.size(); ++i)
        EXPECT_GE((seen[i].at - seen[i - 1].at).count(), 1000 / 7) << "request " << i;
}

TEST(AmoLimits, A429HtmlPageIsWaitedOutWithOurOwnBackoff) {
    Account a;
    a.fake.answer("GET", "/api/v4/leads/102",
                  std::vector<Reply>{html(429, "429 Too Many Requests"), html(429, "429 Too Many Requests"),
                                     {200, lead(102, "x", 1).dump()}});
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "102"});

    ASSERT_TRUE(card.ok()) << card.error().detail;
    EXPECT_EQ(a.fake.seen().size(), 3u);
    EXPECT_GE(a.clock.slept().count(), 1000 + 2000);   // no Retry-After: 1 s, then 2 s
}

TEST(AmoLimits, A429ThatLastsIsUpstreamRateLimited) {
    Account a;
    a.fake.answer("GET", "/api/v4/leads/102", html(429, "429 Too Many Requests"));
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::upstream_rate_limited);
    EXPECT_EQ(card.error().detail.find("<"), std::string::npos);
}

TEST(AmoLimits, A403HtmlPageMeansThisServerIsBlocked) {
    Account a;
    a.fake.answer("GET", "/api/v4/leads/102", html(403, "403 Forbidden"));
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_api_blocked);
    EXPECT_NE(card.error().detail.find("blocked"), std::string::npos);
    EXPECT_EQ(card.error().detail.find("<"), std::string::npos);
    EXPECT_EQ(a.fake.seen().size(), 1u);   // a block is not retried
}

TEST(AmoErrors, AProblemJsonErrorNamesAmoCrmsComplaint) {
    Account a;
    json body = {{"validation-errors", {{{"request_id", "0"}, {"errors", {{{"code", "NotSupportedChoice"}, {"path", "with"}, {"detail", "The value you selected is not a valid choice."}}}}}}},
                 {"title", "Bad Request"}, {"type", "https://httpstatus.es/400"}, {"status", 400}, {"detail", "Request validation failed"}};
    a.fake.answer("GET", "/api/v4/leads/102", Reply{400, body.dump(), "application/problem+json"});
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_bad_response);
    EXPECT_NE(card.error().detail.find("Request validation failed"), std::string::npos);
    EXPECT_NE(card.error().detail.find("with: The value you selected"), std::string::npos);
}

TEST(AmoErrors, AnEndedSubscriptionIsSaidPlainly) {
    Account a;
    a.fake.answer("GET", "/api/v4/leads/102", problem(402, "Payment Required", "Подписка закончилась"));
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_not_authorized);
    EXPECT_NE(card.error().detail.find("subscription"), std::string::npos);
}

TEST(AmoErrors, ServerErrorsThatLastAreCrmUnavailable) {
    Account a;
    a.fake.answer("GET", "/api/v4/leads/102", html(502, "502 Bad Gateway"));
    a.connect();

    Result<EntityContext> card = a.crm->entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_unavailable);
    EXPECT_EQ(a.fake.seen().size(), 3u);   // a read is retried
}

TEST(AmoErrors, AnUnreachableAccountIsCrmUnavailable) {
    ManualClock clock;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    // Port 1: nothing listens there, so the connection is refused at once.
    CrmAccount account{kAccountId, "amocrm", "http://127.0.0.1:1", kFirstAccess,
                       kFirstRefresh, clock.unix_seconds() + 3600, ""};
    ASSERT_TRUE(keeper.store(account));
    AmoIntegration integration;
    integration.client_id = kClientId;
    integration.client_secret = kClientSecret;
    AmoCrm crm(keeper, kAccountId, integration, clock);

    Result<EntityContext> card = crm.entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_unavailable);
}

TEST(AmoErrors, AnAccountNeverInstalledIsNotConnected) {
    ManualClock clock;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    AmoCrm crm(keeper, kAccountId, AmoIntegration{}, clock);

    Result<EntityContext> card = crm.entity({EntityKind::lead, "102"});

    ASSERT_FALSE(card.ok());
    EXPECT_EQ(card.error().code, ErrorCode::crm_not_connected);
}

} // namespace
} // namespace gd
