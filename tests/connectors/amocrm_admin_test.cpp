// amoCRM user administration against a fake amoCRM account (amocrm_fake_account.h): what amoCRM
// alone does and the conformance suite (tests/proxy/crm_admin_world_amocrm.cpp) cannot say: at
// most 10 users an add, the 100-user limit, validation errors on a field, an e-mail with an
// account elsewhere, deactivation refused for an administrator, below the Enterprise plan or for
// the integration's own user, handover batches that shrink on 504, the 429-then-403 block, and a
// password that never leaves the add.
#include "proxy/connectors/amocrm/amo_crm.h"
#include "tests/connectors/amocrm_fake_account.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

namespace gd {
namespace {

using namespace amo_test;
using nlohmann::json;

struct AdminAccount : InstalledAmoAccount<> {
    std::unique_ptr<AmoCrm> crm = connector();

    AdminAccount() { EXPECT_TRUE(installed); }
    std::unique_ptr<AmoCrm> fresh() { return connector(); }
    std::vector<Seen> posts_to(const std::string& path) const {
        std::vector<Seen> found;
        for (const Seen& s : fake.seen_at(path))
            if (s.method == "POST") found.push_back(s);
        return found;
    }
};

NewUser ivan() {
    NewUser u{"Иван", "Петров", "ivan.petrov@example.org", "Vx7-pQ2m-Lk9r", std::to_string(FakeAmoAccount::kManagersGroup),
              std::to_string(FakeAmoAccount::kManagerRole)};
    return u;
}

std::string id_text(int64_t id) { return std::to_string(id); }

// ---------------------------------------------------------------------------------------------
// What amoCRM allows, and what the account holds
// ---------------------------------------------------------------------------------------------

TEST(AmoAdminAbilities, AddWithPasswordAndRolesDeactivateAndHandOverFourKinds) {
    AdminAccount a;
    CrmAdminAbilities abilities = a.crm->abilities();
    EXPECT_TRUE(abilities.add_users);
    EXPECT_TRUE(abilities.sets_password);
    EXPECT_EQ(abilities.password_min_length, 6);
    EXPECT_TRUE(abilities.has_roles);
    EXPECT_TRUE(abilities.deactivate);
    EXPECT_TRUE(abilities.reassign);
    EXPECT_FALSE(abilities.seats_from_crm);
    EXPECT_EQ(abilities.name_max_length, 50);
    EXPECT_EQ(abilities.record_kinds,
              (std::vector<RecordKind>{RecordKind::lead, RecordKind::contact, RecordKind::company, RecordKind::task}));
    EXPECT_TRUE(a.fake.seen().empty());
}

TEST(AmoAdminDirectory, GroupsComeFromTheAccountRolesFromTheirListSeatsFromActivePaidUsers) {
    AdminAccount a;
    a.account.add_user("Ушла Давно", "gone@example.org", false, /*active=*/false);
    a.account.add_user("Вера Лебедева", "vera@example.org");

    Result<std::vector<CrmGroup>> groups = a.crm->groups();
    Result<std::vector<CrmGroup>> roles = a.crm->roles();
    Result<SeatCount> seats = a.crm->seats();

    ASSERT_TRUE(groups.ok()) << groups.error().detail;
    ASSERT_EQ(groups->size(), 2u);
    EXPECT_EQ(groups->at(0).id, "0");   // the main group
    EXPECT_EQ(groups->at(0).name, "Отдел продаж");
    EXPECT_EQ(groups->at(1).name, "Менеджеры");
    ASSERT_TRUE(roles.ok()) << roles.error().detail;
    ASSERT_EQ(roles->size(), 1u);
    EXPECT_EQ(roles->at(0).id, id_text(FakeAmoAccount::kManagerRole));
    ASSERT_TRUE(seats.ok()) << seats.error().detail;
    EXPECT_EQ(seats->active, 2);   // the admin and Vera; the deactivated one takes no seat
    EXPECT_EQ(seats->source, "unknown");
    EXPECT_EQ(a.fake.seen_at("/api/v4/account").at(0).params.find("with")->second, "users_groups");
}

TEST(AmoAdminDirectory, TheIntegrationsUserIsReadOnceAndMarked) {
    AdminAccount a;
    for (int i = 0; i < 3; ++i) {
        Result<std::vector<CrmUser>> users = a.crm->users();
        ASSERT_TRUE(users.ok()) << users.error().detail;
        auto own = std::find_if(users->begin(), users->end(), [](const CrmUser& u) { return u.is_integration; });
        ASSERT_NE(own, users->end());
        EXPECT_EQ(own->id, id_text(FakeAmoAccount::kIntegrationUser));
        EXPECT_TRUE(own->is_admin);
    }
    EXPECT_EQ(a.fake.seen_at("/api/v4/account").size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Adding a user
// ---------------------------------------------------------------------------------------------

TEST(AmoAddUser, OneUserACallWithGroupRoleAndPassword) {
    AdminAccount a;

    Result<CrmUser> added = a.crm->add_user(ivan());

    ASSERT_TRUE(added.ok()) << added.error().detail;
    EXPECT_EQ(added->name, "Иван Петров");
    EXPECT_EQ(added->email, "ivan.petrov@example.org");
    EXPECT_EQ(added->group_id, id_text(FakeAmoAccount::kManagersGroup));
    EXPECT_EQ(added->role_id, id_text(FakeAmoAccount::kManagerRole));
    std::optional<FakeAmoUser> kept = a.account.user_with_email("ivan.petrov@example.org");
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->password, "Vx7-pQ2m-Lk9r");
    ASSERT_EQ(a.posts_to("/api/v4/users").size(), 1u);
    json sent = json::parse(a.posts_to("/api/v4/users")[0].body);
    ASSERT_TRUE(sent.is_array());
    EXPECT_EQ(sent.size(), 1u);   // amoCRM takes at most 10 a call; GroupDesk sends one
    EXPECT_EQ(sent[0]["rights"]["role_id"], FakeAmoAccount::kManagerRole);
    EXPECT_EQ(sent[0]["rights"]["group_id"], FakeAmoAccount::kManagersGroup);
}

TEST(AmoAddUser, WithoutARoleTheUserGetsRightsToTheirOwnRecords) {
    AdminAccount a;
    NewUser u = ivan();
    u.role_id.clear();
    u.group_id.clear();

    Result<CrmUser> added = a.crm->add_user(u);

    ASSERT_TRUE(added.ok()) << added.error().detail;
    json rights = json::parse(a.posts_to("/api/v4/users")[0].body)[0]["rights"];
    EXPECT_EQ(rights["leads"]["view"], "M");
    EXPECT_EQ(rights["tasks"]["edit"], "M");
    EXPECT_FALSE(rights.contains("group_id"));   // the main group
}

TEST(AmoAddUser, TheFakeRefusesMoreThanTenUsersInOneCallAsAmoCrmDoes) {
    AdminAccount a;
    json eleven = json::array();
    for (int i = 0; i < 11; ++i)
        eleven.push_back({{"name", "Пользователь " + std::to_string(i)}, {"email", "u" + std::to_string(i) + "@example.org"},
                          {"password", "Vx7-pQ2m"}, {"rights", {{"role_id", FakeAmoAccount::kManagerRole}}}});
    httplib::Client client(a.fake.url());
    auto answer = client.Post("/api/v4/users", {{"Authorization", std::string("Bearer ") + kFirstAccess}}, eleven.dump(),
                              "application/json");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400);
    EXPECT_EQ(a.account.user_count(), 1u);
}

TEST(AmoAddUser, AnAccountOfMoreThanAHundredUsersIsAddByHand) {
    AdminAccount a;
    a.account.fill_users(101);

    Result<CrmUser> added = a.crm->add_user(ivan());

    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::crm_add_unavailable);
    EXPECT_NE(added.error().detail.find("100 users"), std::string::npos);
    EXPECT_EQ(a.posts_to("/api/v4/users").size(), 1u);   // amoCRM decides (some plans allow more)
    EXPECT_EQ(a.account.user_count(), 101u);
}

TEST(AmoAddUser, AValidationErrorLandsOnTheFieldItsPathNames) {
    AdminAccount a;
    NewUser unknown_group = ivan();
    unknown_group.group_id = "999";
    NewUser unknown_role = ivan();
    unknown_role.role_id = "555";

    Result<CrmUser> group = a.crm->add_user(unknown_group);
    Result<CrmUser> role = a.crm->add_user(unknown_role);

    ASSERT_FALSE(group.ok());
    EXPECT_EQ(group.error().code, ErrorCode::crm_user_invalid);
    EXPECT_EQ(group.error().field, "group_id");   // amoCRM's path rights.group_id
    EXPECT_NE(group.error().detail.find("rights.group_id"), std::string::npos);
    ASSERT_FALSE(role.ok());
    EXPECT_EQ(role.error().field, "role_id");
}

TEST(AmoAddUser, OurOwnRulesRefuseBeforeAmoCrmIsAsked) {
    AdminAccount a;
    NewUser weak = ivan();
    weak.password = "secret";
    NewUser patronymic = ivan();
    patronymic.last_name = "Петров Сергеевич";

    Result<CrmUser> p = a.crm->add_user(weak);
    Result<CrmUser> n = a.crm->add_user(patronymic);

    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::crm_user_invalid);
    EXPECT_EQ(p.error().field, "password");
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().field, "name");
    EXPECT_TRUE(a.fake.seen().empty());
}

TEST(AmoAddUser, AnEmailOfAUserHereIsRefusedOnTheEmailFieldWithoutAsking) {
    AdminAccount a;
    a.account.add_user("Иван Петров", "Ivan.Petrov@example.org", false, /*active=*/false);

    Result<CrmUser> added = a.crm->add_user(ivan());

    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::crm_email_in_account);
    EXPECT_EQ(added.error().field, "email");
    EXPECT_NE(added.error().detail.find("deactivated"), std::string::npos);
    EXPECT_TRUE(a.posts_to("/api/v4/users").empty());
}

TEST(AmoAddUser, AnEmailWithAnAccountElsewhereIsOfferedThenThatAccountIsAdded) {
    AdminAccount a;
    a.account.registered_elsewhere("olga@example.org", "Ольга Старая");
    NewUser olga = ivan();
    olga.email = "olga@example.org";

    Result<CrmUser> first = a.crm->add_user(olga);

    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().code, ErrorCode::crm_email_has_account);
    EXPECT_EQ(first.error().field, "email");

    NewUser existing;
    existing.email = "olga@example.org";
    existing.group_id = std::to_string(FakeAmoAccount::kManagersGroup);
    existing.role_id = std::to_string(FakeAmoAccount::kManagerRole);
    existing.existing_account = true;
    Result<CrmUser> added = a.crm->add_user(existing);

    ASSERT_TRUE(added.ok()) << added.error().detail;
    EXPECT_EQ(added->name, "Ольга Старая");   // the account's own
    EXPECT_EQ(added->group_id, id_text(FakeAmoAccount::kManagersGroup));
    EXPECT_EQ(added->role_id, id_text(FakeAmoAccount::kManagerRole));
    json sent = json::parse(a.posts_to("/api/v4/users").back().body)[0];
    EXPECT_EQ(sent["email"], "olga@example.org");
    EXPECT_GE(sent["password"].get<std::string>().size(), 12u);   // what the API requires, never used
    EXPECT_FALSE(sent["name"].get<std::string>().empty());
}

// A server that echoes what it refused, an error page and a rate limit: the password is in no
// error detail and no log line; it went to amoCRM's add only.
TEST(AmoAddUser, ThePasswordIsInNoErrorAndNoLogLine) {
    const std::string password = "Qz8-Secret-Word7";
    ManualClock clock;
    FakeAmo fake{clock};
    fake.answer_json("/api/v4/account", {{"id", 30441694}, {"current_user_id", 1}});
    fake.answer_json("/api/v4/users", {{"_page", 1}, {"_links", json::object()}, {"_embedded", {{"users", json::array()}}}});
    json echoed = {{"validation-errors", {{{"request_id", "0"}, {"errors", {{{"code", "InvalidPassword"}, {"path", "0.password"},
                                                                          {"detail", "Пароль «" + password + "» слишком простой"}}}}}}},
                   {"title", "Bad Request"}, {"status", 400}, {"detail", "Request validation failed: " + password}};
    fake.answer("POST", "/api/v4/users",
                std::vector<Reply>{html(429, "429"), {400, echoed.dump(), "application/problem+json"},
                                   {500, "<html>crash while saving " + password + "</html>", "text/html"},
                                   {403, R"({"title":"Forbidden","detail":"no: )" + password + R"("})", "application/problem+json"}});
    fake.start();
    fake.accept_access(kFirstAccess);
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    ASSERT_TRUE(keeper.store(installed_account(fake, clock)));
    AmoCrm crm(keeper, kAccountId, integration_for(fake), clock);
    NewUser u = ivan();
    u.password = password;

    testing::internal::CaptureStderr();
    std::vector<Error> errors;
    for (int i = 0; i < 3; ++i) {
        Result<CrmUser> added = crm.add_user(u);
        ASSERT_FALSE(added.ok());
        errors.push_back(added.error());
    }
    const std::string logged = testing::internal::GetCapturedStderr();

    EXPECT_EQ(errors[0].code, ErrorCode::crm_user_invalid);
    EXPECT_EQ(errors[0].field, "password");
    for (const Error& e : errors) EXPECT_EQ(e.detail.find(password), std::string::npos) << e.detail;
    EXPECT_EQ(logged.find(password), std::string::npos);
    EXPECT_NE(logged.find("addUser"), std::string::npos);   // the 429 was logged, by name only
}

// ---------------------------------------------------------------------------------------------
// Deactivating a user
// ---------------------------------------------------------------------------------------------

TEST(AmoDeactivate, AManagerIsDeactivatedWithTheirIdOnly) {
    AdminAccount a;
    int64_t leaver = a.account.add_user("Олег Фомин", "oleg@example.org");

    Result<Done> done = a.crm->deactivate_user(id_text(leaver));

    ASSERT_TRUE(done.ok()) << done.error().detail;
    EXPECT_FALSE(a.account.user(leaver)->is_active);
    ASSERT_EQ(a.posts_to("/api/v4/users/deactivate").size(), 1u);
    EXPECT_EQ(json::parse(a.posts_to("/api/v4/users/deactivate")[0].body), json::array({{{"id", leaver}}}));
}

TEST(AmoDeactivate, TheIntegrationsOwnUserIsRefusedWithoutAskingAmoCrm) {
    AdminAccount a;

    Result<Done> refused = a.crm->deactivate_user(id_text(FakeAmoAccount::kIntegrationUser));

    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_user_is_integration);
    EXPECT_TRUE(a.posts_to("/api/v4/users/deactivate").empty());
    EXPECT_TRUE(a.fake.seen_at("/api/v4/users/" + id_text(FakeAmoAccount::kIntegrationUser)).empty());
    EXPECT_TRUE(a.account.user(FakeAmoAccount::kIntegrationUser)->is_active);
}

TEST(AmoDeactivate, AnAdministratorIsRefusedWithoutAskingAmoCrmToDeactivate) {
    AdminAccount a;
    int64_t admin = a.account.add_user("Другой Админ", "admin2@example.org", /*admin=*/true);

    Result<Done> refused = a.crm->deactivate_user(id_text(admin));

    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_user_is_admin);
    EXPECT_TRUE(a.posts_to("/api/v4/users/deactivate").empty());
    EXPECT_TRUE(a.account.user(admin)->is_active);
}

TEST(AmoDeactivate, BelowTheEnterprisePlanTheAdminIsToldWhatToDoByHand) {
    AdminAccount a;
    a.account.deactivate_below_plan = true;
    int64_t leaver = a.account.add_user("Олег Фомин", "oleg@example.org");

    Result<Done> refused = a.crm->deactivate_user(id_text(leaver));

    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_deactivate_unavailable);
    EXPECT_NE(refused.error().detail.find("Enterprise"), std::string::npos);
    EXPECT_NE(refused.error().detail.find("Олег Фомин"), std::string::npos);
    EXPECT_NE(refused.error().detail.find("by hand"), std::string::npos);
    EXPECT_NE(std::string(error_next_step(ErrorCode::crm_deactivate_unavailable).en).find("by hand"), std::string::npos);
    EXPECT_TRUE(a.account.user(leaver)->is_active);
}

TEST(AmoDeactivate, AnUnknownUserIsNotFound) {
    AdminAccount a;
    Result<Done> nobody = a.crm->deactivate_user("987654321");
    Result<Done> nonsense = a.crm->deactivate_user("12; DROP");
    ASSERT_FALSE(nobody.ok());
    EXPECT_EQ(nobody.error().code, ErrorCode::crm_user_not_found);
    ASSERT_FALSE(nonsense.ok());
    EXPECT_EQ(nonsense.error().code, ErrorCode::crm_user_not_found);
    EXPECT_TRUE(a.posts_to("/api/v4/users/deactivate").empty());
}

// ---------------------------------------------------------------------------------------------
// Handing over
// ---------------------------------------------------------------------------------------------

struct Handover : AdminAccount {
    int64_t leaver = account.add_user("Олег Фомин", "oleg@example.org");
    int64_t colleague = account.add_user("Вера Лебедева", "vera@example.org");
    Reassignment r{id_text(leaver), id_text(colleague)};

    HandoverBatch run(AmoCrm& on, RecordKind kind, std::string cursor = {}) {
        HandoverBatch total;
        for (int step = 0; step < 200; ++step) {
            Result<HandoverBatch> b = on.reassign(r, kind, cursor);
            EXPECT_TRUE(b.ok()) << (b ? "" : b.error().detail);
            if (!b) return total;
            total.moved += b->moved;
            total.refused.insert(total.refused.end(), b->refused.begin(), b->refused.end());
            cursor = total.cursor = b->cursor;
            if ((total.finished = b->finished)) break;
        }
        return total;
    }
};

TEST(AmoHandover, A504HalvesTheBatchAndTheCursorKeepsItForAFreshConnector) {
    Handover h;
    h.account.patch_504_above = 20;
    std::vector<int64_t> mine = h.account.add_records("leads", h.leaver, 300);

    Result<HandoverBatch> first = h.crm->reassign(h.r, RecordKind::lead, "");
    ASSERT_TRUE(first.ok()) << first.error().detail;
    EXPECT_EQ(first->moved, 50);   // one batch a call
    EXPECT_EQ(json::parse(first->cursor)["batch"], 12);   // 50 → 25 → 12
    std::vector<size_t> sizes = h.account.records_per_patch();
    EXPECT_EQ(sizes[0], 50u);
    EXPECT_EQ(sizes[1], 25u);

    size_t before = sizes.size();
    std::unique_ptr<AmoCrm> restarted = h.fresh();
    HandoverBatch rest = h.run(*restarted, RecordKind::lead, first->cursor);
    EXPECT_TRUE(rest.finished);
    EXPECT_EQ(first->moved + rest.moved, 300);
    sizes = h.account.records_per_patch();
    for (size_t i = before; i < sizes.size(); ++i) EXPECT_LE(sizes[i], 12u);   // no 504 again
    for (int64_t id : mine) EXPECT_EQ(h.account.record("leads", id).moves, 1) << id;
}

TEST(AmoHandover, ARefusedRecordIsTriedAloneAndTheRestOfItsBatchTogether) {
    Handover h;
    std::vector<int64_t> mine = h.account.add_records("contacts", h.leaver, 50);
    h.account.lock_record("contacts", mine[7]);

    HandoverBatch done = h.run(*h.crm, RecordKind::contact);

    EXPECT_TRUE(done.finished);
    EXPECT_EQ(done.moved, 49);
    EXPECT_EQ(done.refused, std::vector<std::string>{id_text(mine[7])});
    EXPECT_EQ(h.account.records_per_patch(), (std::vector<size_t>{50, 1, 49}));   // not 50 one by one
}

TEST(AmoHandover, WhereTheFilterIsIgnoredTheListIsScannedAndOnlyTheLeaversRecordsMove) {
    Handover h;
    h.account.ignore_responsible_filter = true;
    int64_t bystander = h.account.add_user("Пётр Зуев", "petr@example.org");
    std::vector<int64_t> theirs = h.account.add_records("tasks", bystander, 300);
    std::vector<int64_t> mine = h.account.add_records("tasks", h.leaver, 120);

    HandoverBatch done = h.run(*h.crm, RecordKind::task);

    EXPECT_TRUE(done.finished);
    EXPECT_EQ(done.moved, 120);
    EXPECT_EQ(json::parse(done.cursor)["mode"], "scan");
    for (int64_t id : mine) EXPECT_EQ(h.account.record("tasks", id).moves, 1);
    for (int64_t id : theirs) EXPECT_EQ(h.account.record("tasks", id).responsible, bystander);
    std::vector<Seen> lists = h.fake.seen_at("/api/v4/tasks");
    EXPECT_EQ(lists[0].params.count("filter[responsible_user_id]"), 1u);
    EXPECT_EQ(lists[1].params.count("filter[responsible_user_id]"), 0u);
    EXPECT_EQ(lists[1].params.find("order[id]")->second, "asc");
    // Counting learned it too: the whole list, counted by responsible user.
    Result<int> left = h.crm->count_records(h.r.to_user_id, RecordKind::task);
    ASSERT_TRUE(left.ok());
    EXPECT_EQ(*left, 120);
}

TEST(AmoHandover, ACursorThatIsNotOneOfOursIsABadRequest) {
    Handover h;
    for (const std::string bad : {"x", R"({"mode":"filter"})", R"({"mode":"walk","after_id":1,"batch":50,"stuck":0})",
                                  R"({"mode":"scan","after_id":1,"batch":500,"page":1})"}) {
        Result<HandoverBatch> b = h.crm->reassign(h.r, RecordKind::lead, bad);
        ASSERT_FALSE(b.ok()) << bad;
        EXPECT_EQ(b.error().code, ErrorCode::bad_request) << bad;
    }
}

TEST(AmoHandover, TooManyRequestsThenABlockIsApiBlockedAndNothingMoreIsSent) {
    Handover h;
    h.account.add_records("leads", h.leaver, 10);
    h.fake.rate_limit_then_block(2);   // two 429 pages, then 403 pages

    Result<HandoverBatch> b = h.crm->reassign(h.r, RecordKind::lead, "");

    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().code, ErrorCode::crm_api_blocked);
    EXPECT_EQ(b.error().detail.find("<"), std::string::npos);
    const size_t sent = h.fake.seen().size();
    EXPECT_EQ(h.fake.too_many(), 2);

    Result<HandoverBatch> again = h.fresh()->reassign(h.r, RecordKind::lead, "");   // another connector: it asks once
    Result<HandoverBatch> later = h.crm->reassign(h.r, RecordKind::lead, "");       // this one remembers
    ASSERT_FALSE(later.ok());
    EXPECT_EQ(later.error().code, ErrorCode::crm_api_blocked);
    EXPECT_EQ(h.fake.seen().size(), sent + 1);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::crm_api_blocked);
}

} // namespace
} // namespace gd
