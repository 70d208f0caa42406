// The users screen and adding a user, against an in-memory CRM: given an account with some users
// and licences, when an administrator reads the directory, enters the licences or adds someone,
// then the seats come from the right place, nobody is added without a free seat, and the audit
// log says who added whom, never with the password.
#include "proxy/domain/user_admin.h"
#include "tests/proxy/fake_crm_admin.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::FakeCrmAdmin;

constexpr const char* kPassword = "Vx7-pQ2m-Lk9r";

struct UserAdministration : ::testing::Test, test::UserAdminStack {
    const Actor admin{"Анна Админова (anna)", "amocrm:1"};

    void SetUp() override {
        crms.by_tenant["bitrix24:portal"] = &crm;
        crms.by_tenant["standalone"] = &crm;
        crm.put_user("Олег Фомин", "oleg.fomin@example.org");
        crm.put_user("Ушедшая Сотрудница", "gone@example.org", /*active=*/false);
        // amoCRM's API does not say its licences.
        crm.seat_answer.source = "unknown";
    }
    static NewUser irina() { return {"Ирина", "Смирнова", "irina.smirnova@example.org", kPassword, "10", "r1", false}; }
    Result<CrmUser> add(const NewUser& user = irina(), Lang lang = Lang::en) { return users.add_user(admin, user, lang); }
    std::string everything_audited() {
        return nlohmann::json(audit.recent(admin.tenant, "", 500)).dump();
    }
};

TEST_F(UserAdministration, TheDirectoryNamesTheCrmAndHoldsItsAbilitiesUsersGroupsRolesAndSeats) {
    Result<UserDirectory> d = users.directory("amocrm:1");
    ASSERT_TRUE(d.ok()) << error_code_name(d.error().code);
    EXPECT_EQ(d->crm, "amocrm");
    EXPECT_TRUE(d->abilities.add_users);
    EXPECT_EQ(d->abilities.record_kinds.size(), 4u);
    EXPECT_EQ(d->users.size(), 3u);
    EXPECT_EQ(d->groups.size(), 2u);
    ASSERT_EQ(d->roles.size(), 1u);
    EXPECT_EQ(d->roles[0].name, "Менеджер");
    EXPECT_EQ(d->seats.source, "unknown");
    EXPECT_EQ(d->seats.active, 2);   // the integration's user and Олег; not the inactive one
    crm.can.has_roles = false;
    EXPECT_TRUE(users.directory("amocrm:1")->roles.empty());

    Result<UserDirectory> none = users.directory("amocrm:2");
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::crm_not_connected);
}

// The standalone page may be served by any CRM: the screen's per-CRM hints follow the connector.
TEST_F(UserAdministration, TheCrmIsNamedByItsConnectorNotByTheTenant) {
    test::FakeCrmAdmin portal;
    portal.kind_name = "bitrix24";
    crms.by_tenant["standalone"] = &portal;
    EXPECT_EQ(users.directory("standalone")->crm, "bitrix24");
    crm.kind_name = "sandbox";
    EXPECT_EQ(users.directory("bitrix24:portal")->crm, "sandbox");
}

TEST_F(UserAdministration, SeatsComeFromTheCrmThenWhatTheAdminEnteredThenWhatWasLearned) {
    // Nothing known: adding is allowed, the CRM decides.
    EXPECT_EQ(users.directory("amocrm:1")->seats.source, "unknown");

    // The CRM refuses for want of a seat: from now on the licences are the active users then.
    crm.real_limit = 2;
    Result<CrmUser> refused = add();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_no_free_seat);
    SeatCount learned = users.directory("amocrm:1")->seats;
    EXPECT_EQ(learned.source, "learned");
    EXPECT_EQ(learned.paid, 2);
    EXPECT_EQ(learned.technical, 0);
    EXPECT_EQ(learned.free(), 0);

    // What the administrator enters wins over what was learned.
    Result<SeatCount> entered = users.enter_seats(admin, {5, 1});
    ASSERT_TRUE(entered.ok());
    EXPECT_EQ(entered->source, "entered");
    EXPECT_EQ(entered->paid, 5);
    EXPECT_EQ(entered->technical, 1);
    EXPECT_EQ(entered->active, 2);
    EXPECT_EQ(entered->free(), 4);
    // Per tenant: another account's seats are its own.
    EXPECT_EQ(users.directory("bitrix24:portal")->seats.source, "unknown");

    // A CRM that says its licences is believed over both.
    crm.seat_answer = {10, 0, 0, "crm"};
    SeatCount from_crm = users.directory("amocrm:1")->seats;
    EXPECT_EQ(from_crm.source, "crm");
    EXPECT_EQ(from_crm.paid, 10);
    EXPECT_EQ(from_crm.active, 2);
}

TEST_F(UserAdministration, ACrmThatCannotCountSeatsHasItsActiveUsersCounted) {
    crm.seats_supported = false;
    crm.people.back().is_free = true;   // a free user takes no seat
    crm.find(crm.put_user("Нина Котова", "nina@example.org"))->is_free = true;
    Result<UserDirectory> d = users.directory("amocrm:1");
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->seats.active, 2);
    EXPECT_EQ(d->seats.source, "unknown");
}

TEST_F(UserAdministration, EnteredSeatsMustBeWholeNumbersInRange) {
    for (SeatLicences bad : {SeatLicences{-1, 0}, SeatLicences{0, -3}, SeatLicences{CrmSeats::kMaxLicences + 1, 0}}) {
        Result<SeatCount> refused = users.enter_seats(admin, bad);
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.error().code, ErrorCode::bad_request);
        EXPECT_EQ(refused.error().field, bad.paid != 0 ? "paid" : "technical");
    }
    EXPECT_EQ(users.directory("amocrm:1")->seats.source, "unknown");
}

TEST_F(UserAdministration, AUserIsAddedAndTheAuditLogSaysWhoAddedWhomWithoutThePassword) {
    Result<CrmUser> added = add();
    ASSERT_TRUE(added.ok()) << error_code_name(added.error().code);
    EXPECT_EQ(added->name, "Ирина Смирнова");
    EXPECT_EQ(added->email, "irina.smirnova@example.org");
    ASSERT_EQ(crm.adds.size(), 1u);
    EXPECT_EQ(crm.adds[0].password, kPassword);   // it reached the CRM, and only the CRM
    EXPECT_EQ(crm.adds[0].group_id, "10");
    EXPECT_EQ(crm.adds[0].role_id, "r1");

    std::vector<AuditEntry> rows = audit.recent(admin.tenant, "", 10);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].action, "crm_user_added");
    EXPECT_EQ(rows[0].actor, admin.name);
    EXPECT_EQ(rows[0].group_id, added->id);
    EXPECT_EQ(rows[0].group_name, "Ирина Смирнова");
    EXPECT_EQ(rows[0].phone, "irina.smirnova@example.org");
    EXPECT_EQ(rows[0].outcome, "done");
    EXPECT_EQ(everything_audited().find(kPassword), std::string::npos);
    EXPECT_EQ(nlohmann::json(added.value()).dump().find(kPassword), std::string::npos);
}

TEST_F(UserAdministration, ANewUserBreakingTheCrmsRulesIsRefusedOnItsFieldBeforeTheCrmIsAsked) {
    struct Case {
        NewUser user;
        const char* field;
    };
    NewUser patronymic = irina();
    patronymic.last_name = "Смирнова Петровна";
    NewUser no_email = irina();
    no_email.email = "irina";
    NewUser weak = irina();
    weak.password = "password";
    NewUser empty;
    for (const Case& c : {Case{patronymic, "name"}, Case{no_email, "email"}, Case{weak, "password"}, Case{empty, "name"}}) {
        Result<CrmUser> refused = add(c.user, Lang::ru);
        ASSERT_FALSE(refused.ok()) << c.field;
        EXPECT_EQ(refused.error().code, ErrorCode::crm_user_invalid) << c.field;
        EXPECT_EQ(refused.error().field, c.field);
        EXPECT_FALSE(refused.error().detail.empty());   // the rule, in the asked language
    }
    Result<CrmUser> in_english = add(weak, Lang::en);
    EXPECT_EQ(in_english.error().detail, "The password needs a digit, a lower-case and an upper-case Latin letter.");
    EXPECT_TRUE(crm.adds.empty());
    EXPECT_TRUE(audit.recent(admin.tenant, "", 10).empty());
}

TEST_F(UserAdministration, WithKnownSeatsAllTakenTheCrmIsNotAsked) {
    ASSERT_TRUE(users.enter_seats(admin, {2, 0}).ok());
    Result<CrmUser> refused = add();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_no_free_seat);
    EXPECT_TRUE(crm.adds.empty());
    EXPECT_EQ(audit.recent(admin.tenant, "", 1)[0].outcome, "crm_no_free_seat");

    // A seat freed (someone deactivated) lets the next add through.
    crm.find(crm.people[1].id)->active = false;
    EXPECT_TRUE(add().ok());
    EXPECT_EQ(crm.adds.size(), 1u);
}

TEST_F(UserAdministration, OnceTheCrmRefusedForWantOfASeatTheNextAddIsRefusedWithoutAsking) {
    crm.real_limit = 2;
    ASSERT_FALSE(add().ok());
    EXPECT_EQ(crm.adds.size(), 1u);
    NewUser nina{"Нина", "Котова", "nina@example.org", kPassword, {}, {}, false};
    Result<CrmUser> again = add(nina);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::crm_no_free_seat);
    EXPECT_EQ(crm.adds.size(), 1u);
}

TEST_F(UserAdministration, ACrmThatAddsNoUsersThroughItsApiIsSaidSo) {
    crm.can.add_users = false;
    Result<CrmUser> refused = add();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_add_unavailable);
    EXPECT_TRUE(crm.adds.empty());
}

TEST_F(UserAdministration, AnErrorTheCrmEchoesThePasswordInLosesIt) {
    crm.add_error = Error{ErrorCode::crm_user_invalid, std::string("password '") + kPassword + "' is too common", "password"};
    Result<CrmUser> refused = add();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_user_invalid);
    EXPECT_EQ(refused.error().field, "password");
    EXPECT_EQ(refused.error().detail, "password '***' is too common");
    EXPECT_EQ(everything_audited().find(kPassword), std::string::npos);
    EXPECT_EQ(audit.recent(admin.tenant, "", 1)[0].outcome, "crm_user_invalid");
}

TEST_F(UserAdministration, AnExistingAccountIsAddedWithTheNameTheCrmGivesIt) {
    NewUser existing{"", "", "elena@example.org", "", "11", "r1", true};
    Result<CrmUser> added = add(existing);
    ASSERT_TRUE(added.ok()) << error_code_name(added.error().code) << " " << added.error().field;
    EXPECT_EQ(audit.recent(admin.tenant, "", 1)[0].phone, "elena@example.org");
}

TEST_F(UserAdministration, RecordsAreCountedPerKindForAKnownUserOnly) {
    const std::string oleg = crm.people[1].id;
    crm.put_records(oleg, RecordKind::lead, 3);
    crm.put_records(oleg, RecordKind::task, 2);
    crm.put_records(FakeCrmAdmin::kIntegrationUser, RecordKind::lead, 5);
    Result<RecordCounts> counts = users.record_counts("amocrm:1", oleg);
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->user_id, oleg);
    ASSERT_EQ(counts->kinds.size(), 4u);
    EXPECT_EQ(counts->kinds[0].kind, RecordKind::lead);
    EXPECT_EQ(counts->kinds[0].count, 3);
    EXPECT_EQ(counts->kinds[1].count, 0);
    EXPECT_EQ(counts->kinds[3].kind, RecordKind::task);
    EXPECT_EQ(counts->kinds[3].count, 2);

    EXPECT_EQ(users.record_counts("amocrm:1", "987654").error().code, ErrorCode::crm_user_not_found);
    Result<RecordCounts> malformed = users.record_counts("amocrm:1", "1/../2");
    EXPECT_EQ(malformed.error().code, ErrorCode::bad_request);
    EXPECT_EQ(malformed.error().field, "id");
}

} // namespace
} // namespace gd
