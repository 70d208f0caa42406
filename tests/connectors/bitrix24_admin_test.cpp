// Bitrix24 user administration against the fake portal (bitrix24_fake.h), beyond what the
// CrmAdmin conformance suite asks of every CRM: the portal's own refusals of user.add and
// user.update, the pair's own user never dismissed, and handovers in batches of 50 commands that
// wait out the rate limit and never move a record twice or move anybody else's.
#include "bitrix24_fake.h"

#include "proxy/connectors/bitrix24/bitrix24_crm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

namespace gd {
namespace {

// A portal installed by Anna (user 1), an administrator unless told otherwise.
struct AdminPortal {
    ManualClock clock;   // before the fake: its bucket may read it
    test::FakeBitrix24 fake;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    Bitrix24App app{test::kClientId, test::kClientSecret, ""};
    std::unique_ptr<Bitrix24Crm> crm;

    explicit AdminPortal(bool installer_is_admin = true) {
        fake.user("1", "Anna", "Admin", installer_is_admin);
        fake.department("1", "Head office");
        fake.department("5", "Sales", "1");
        auto [access, refresh] = fake.issue_pair("1");
        app.oauth_url = fake.url();
        keeper.store({test::kMemberId, "bitrix24", fake.url(), access, refresh, 0, "app-token-Jr5Tq1"});
        crm = connector();
    }
    // A connector as after a restart of the proxy: nothing in memory.
    std::unique_ptr<Bitrix24Crm> connector() { return std::make_unique<Bitrix24Crm>(keeper, test::kMemberId, app, clock); }
    // Oleg leaves; Vera receives his records.
    Reassignment leaver_and_colleague() {
        return {fake.put_user("Олег", "Фомин", "oleg@example.org"), fake.put_user("Вера", "Лебедева", "vera@example.org")};
    }
    // The documented limit (50 requests, draining 2 a second) on the test's clock.
    void limit_rate() {
        fake.leaky_bucket(50, 2, [this] { return clock.now().count() / 1000.0; });
    }
};

NewUser newcomer(const std::string& email = "olga.petrova@example.org", const std::string& department = "5") {
    NewUser u;
    u.first_name = "Ольга";
    u.last_name = "Петрова";
    u.email = email;
    u.group_id = department;
    return u;
}

// A whole handover of one kind, summed; fails the test on an error or a step that never ends.
HandoverBatch hand_over(CrmAdmin& crm, const Reassignment& r, RecordKind kind, std::string cursor = {}) {
    HandoverBatch total;
    for (int step = 0; step < 2000; ++step) {
        Result<HandoverBatch> batch = crm.reassign(r, kind, cursor);
        if (!batch) {
            ADD_FAILURE() << error_code_name(batch.error().code) << " " << batch.error().detail;
            return total;
        }
        total.moved += batch->moved;
        total.refused.insert(total.refused.end(), batch->refused.begin(), batch->refused.end());
        total.cursor = cursor = batch->cursor;
        if ((total.finished = batch->finished)) return total;
    }
    ADD_FAILURE() << "the handover did not finish";
    return total;
}

int commands_starting(const std::vector<std::string>& batch, const std::string& prefix) {
    return (int)std::count_if(batch.begin(), batch.end(), [&](const std::string& c) { return c.rfind(prefix, 0) == 0; });
}
std::string first_starting(const std::vector<std::string>& batch, const std::string& prefix) {
    auto it = std::find_if(batch.begin(), batch.end(), [&](const std::string& c) { return c.rfind(prefix, 0) == 0; });
    return it == batch.end() ? "" : *it;
}

// ---------------------------------------------------------------------------------------------
// Handovers
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24Handover, FiftyCommandsGoAsOneRequestAndNoRecordMovesTwice) {
    AdminPortal p;
    const auto [leaver, colleague] = p.leaver_and_colleague();
    std::vector<std::string> mine = p.fake.put_records("deal", leaver, 1000);

    HandoverBatch done = hand_over(*p.crm, {leaver, colleague}, RecordKind::deal);

    EXPECT_TRUE(done.finished);
    EXPECT_EQ(done.moved, 1000);
    for (const std::string& id : mine) ASSERT_EQ(p.fake.times_moved("deal", id), 1) << id;
    // One colleague check and list, then batches of 49 updates with the next page's list (or 50
    // updates when the read-ahead is long): about one request per 49 records, never a command
    // more than 50.
    int updates = 0;
    for (const std::vector<std::string>& batch : p.fake.batches()) {
        EXPECT_LE(batch.size(), 50u);
        updates += commands_starting(batch, "crm.deal.update?");
    }
    EXPECT_EQ(updates, 1000);
    EXPECT_EQ(p.fake.requests(), (int)p.fake.batches().size());   // every request was one batch
    EXPECT_LE(p.fake.requests(), 1000 / 49 + 3);
    const std::vector<std::string> first = p.fake.batches()[1];
    EXPECT_EQ(commands_starting(first, "crm.deal.update?"), 49);
    EXPECT_EQ(commands_starting(first, "crm.deal.list?"), 1);
    // No feed post per moved record.
    const std::string update = first_starting(first, "crm.deal.update?");
    EXPECT_NE(update.find("params%5BREGISTER_SONET_EVENT%5D=N"), std::string::npos) << update;
}

TEST(Bitrix24Handover, QueryLimitExceededIsAPauseNeverAFailureOfARecord) {
    AdminPortal p;
    p.limit_rate();
    const auto [leaver, colleague] = p.leaver_and_colleague();
    std::vector<std::string> mine = p.fake.put_records("lead", leaver, 300);

    Result<HandoverBatch> first = p.crm->reassign({leaver, colleague}, RecordKind::lead, "");
    ASSERT_TRUE(first.ok());
    // Another app on this server spends the whole shared burst (the portal counts per address).
    p.fake.neighbour_spends(50);
    const Clock::Duration before = p.clock.slept();
    HandoverBatch rest = hand_over(*p.crm, {leaver, colleague}, RecordKind::lead, first->cursor);

    EXPECT_TRUE(rest.finished);
    EXPECT_GE(p.fake.rate_limited(), 1);
    EXPECT_EQ(first->moved + rest.moved, 300);
    EXPECT_TRUE(first->refused.empty());
    EXPECT_TRUE(rest.refused.empty());
    for (const std::string& id : mine) {
        ASSERT_EQ(p.fake.times_moved("lead", id), 1) << id;
        ASSERT_EQ(p.fake.owner_of("lead", id), colleague) << id;
    }
    // It waited: more than the pacing alone (half a second a request) would have taken.
    const int requests_after = p.fake.requests() - 2;
    EXPECT_GT(p.clock.slept() - before, Clock::Duration(500LL * requests_after));
}

TEST(Bitrix24Handover, AnUpdateRefusedForTheTimeLimitIsAskedAgainNotReported) {
    AdminPortal p;
    const auto [leaver, colleague] = p.leaver_and_colleague();
    std::vector<std::string> mine = p.fake.put_records("company", leaver, 120);
    p.fake.time_limit_updates(3);   // the first three updates meet OPERATION_TIME_LIMIT

    HandoverBatch done = hand_over(*p.crm, {leaver, colleague}, RecordKind::company);

    EXPECT_TRUE(done.finished);
    EXPECT_EQ(done.moved, 120);
    EXPECT_TRUE(done.refused.empty());
    for (const std::string& id : mine) ASSERT_EQ(p.fake.times_moved("company", id), 1) << id;
}

TEST(Bitrix24Handover, ARefusedRecordStaysRefusedAfterARestartAndTheRestMovesOnce) {
    AdminPortal p;
    const auto [leaver, colleague] = p.leaver_and_colleague();
    std::vector<std::string> mine = p.fake.put_records("contact", leaver, 60);
    p.fake.time_limit_updates(1);            // the first record waits for the next step...
    p.fake.refuse_moving("contact", mine[5]);  // ...while a later one is refused in this one

    Result<HandoverBatch> first = p.crm->reassign({leaver, colleague}, RecordKind::contact, "");
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->refused, std::vector<std::string>{mine[5]});
    EXPECT_NE(first->cursor.find("skip"), std::string::npos) << first->cursor;

    std::unique_ptr<Bitrix24Crm> restarted = p.connector();
    HandoverBatch rest = hand_over(*restarted, {leaver, colleague}, RecordKind::contact, first->cursor);

    EXPECT_TRUE(rest.finished);
    EXPECT_TRUE(rest.refused.empty()) << "reported once, never again";
    EXPECT_EQ(first->moved + rest.moved, 59);
    EXPECT_EQ(p.fake.owner_of("contact", mine[5]), leaver);
    for (const std::string& id : mine)
        if (id != mine[5]) ASSERT_EQ(p.fake.times_moved("contact", id), 1) << id;
}

// What a step read ahead is used only right after: resumed later, the portal is read again, so a
// record someone else took in the meantime stays theirs.
TEST(Bitrix24Handover, AfterAPauseTheLeaversRecordsAreReadAgain) {
    AdminPortal p;
    const auto [leaver, colleague] = p.leaver_and_colleague();
    const std::string bystander = p.fake.put_user("Пётр", "Зуев", "petr@example.org");
    std::vector<std::string> mine = p.fake.put_records("deal", leaver, 120);

    Result<HandoverBatch> first = p.crm->reassign({leaver, colleague}, RecordKind::deal, "");
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->moved, 49);
    p.clock.advance(Clock::Duration(5 * 60 * 1000));   // the job waited five minutes
    p.fake.give_to("deal", mine[60], bystander);        // a record read ahead, taken by hand meanwhile
    HandoverBatch rest = hand_over(*p.crm, {leaver, colleague}, RecordKind::deal, first->cursor);

    EXPECT_EQ(first->moved + rest.moved, 119);
    EXPECT_EQ(p.fake.owner_of("deal", mine[60]), bystander);
    EXPECT_EQ(p.fake.times_moved("deal", mine[60]), 0);
}

TEST(Bitrix24Handover, WhereThePortalIgnoresTheOwnerFilterOnlyTheLeaversRecordsMove) {
    AdminPortal p;
    p.fake.ignore_owner_filter("deal");
    const auto [leaver, colleague] = p.leaver_and_colleague();
    const std::string bystander = p.fake.put_user("Пётр", "Зуев", "petr@example.org");
    std::vector<std::string> others = p.fake.put_records("deal", bystander, 120);   // a page and more of others first
    std::vector<std::string> mine = p.fake.put_records("deal", leaver, 70);

    HandoverBatch done = hand_over(*p.crm, {leaver, colleague}, RecordKind::deal);

    EXPECT_TRUE(done.finished);
    EXPECT_EQ(done.moved, 70);
    for (const std::string& id : others) ASSERT_EQ(p.fake.owner_of("deal", id), bystander) << id;
    for (const std::string& id : mine) ASSERT_EQ(p.fake.times_moved("deal", id), 1) << id;
}

TEST(Bitrix24Handover, TasksMoveThroughTheTasksMethodsByTheirResponsibleUser) {
    AdminPortal p;
    const auto [leaver, colleague] = p.leaver_and_colleague();
    std::vector<std::string> mine = p.fake.put_records("task", leaver, 55);

    Result<int> count = p.crm->count_records(leaver, RecordKind::task);
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(*count, 55);
    HandoverBatch done = hand_over(*p.crm, {leaver, colleague}, RecordKind::task);

    EXPECT_EQ(done.moved, 55);
    for (const std::string& id : mine) ASSERT_EQ(p.fake.owner_of("task", id), colleague);
    const std::vector<std::string> batch = p.fake.batches()[1];
    EXPECT_EQ(commands_starting(batch, "tasks.task.update?"), 49);
    const std::string update = first_starting(batch, "tasks.task.update?");
    EXPECT_NE(update.find("fields%5BRESPONSIBLE_ID%5D=" + colleague + "&taskId=" + mine[0]), std::string::npos) << update;
}

TEST(Bitrix24Handover, ADismissedColleagueReceivesNothing) {
    AdminPortal p;
    const std::string leaver = p.fake.put_user("Олег", "Фомин", "oleg@example.org");
    const std::string gone = p.fake.put_user("Вера", "Лебедева", "vera@example.org", 5, /*active=*/false);
    std::vector<std::string> mine = p.fake.put_records("deal", leaver, 3);
    Result<HandoverBatch> refused = p.crm->reassign({leaver, gone}, RecordKind::deal, "");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_user_inactive);
    EXPECT_EQ(p.fake.times_moved("deal", mine[0]), 0);
    Result<HandoverBatch> garbage = p.crm->reassign({leaver, "1"}, RecordKind::deal, "{not a cursor");
    ASSERT_FALSE(garbage.ok());
    EXPECT_EQ(garbage.error().code, ErrorCode::bad_request);
}

// ---------------------------------------------------------------------------------------------
// Inviting a user
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24Invite, AUserIsInvitedByEmailIntoTheirDepartmentAndNoPasswordTravels) {
    AdminPortal p;
    NewUser olga = newcomer();
    olga.password = "Pw-never-sent-9Xk";

    Result<CrmUser> added = p.crm->add_user(olga);

    ASSERT_TRUE(added.ok()) << added.error().detail;
    EXPECT_EQ(added->name, "Ольга Петрова");
    EXPECT_EQ(added->group_id, "5");
    EXPECT_TRUE(added->active);
    EXPECT_EQ(p.fake.invited(), std::vector<std::string>{"olga.petrova@example.org"});
    EXPECT_EQ(p.fake.methods(), std::vector<std::string>{"user.add"});
    const nlohmann::json body = p.fake.bodies().back();
    EXPECT_EQ(body["UF_DEPARTMENT"], nlohmann::json::array({5}));
    EXPECT_EQ(body["NAME"], "Ольга");
    EXPECT_EQ(p.fake.raw_bodies().back().find("Pw-never-sent"), std::string::npos);
    EXPECT_FALSE(p.crm->abilities().sets_password);
}

TEST(Bitrix24Invite, TheDepartmentIsRequiredAndMustBeThePortals) {
    AdminPortal p;
    Result<CrmUser> none = p.crm->add_user(newcomer("a@example.org", ""));
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::crm_user_invalid);
    EXPECT_EQ(none.error().field, "group_id");
    EXPECT_EQ(p.fake.requests(), 0);

    Result<CrmUser> unknown = p.crm->add_user(newcomer("a@example.org", "77"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::crm_user_invalid);
    EXPECT_EQ(unknown.error().field, "group_id");
    EXPECT_TRUE(p.fake.invited().empty());
}

TEST(Bitrix24Invite, AnEmailThePortalHasInAnyCaseIsInTheAccount) {
    AdminPortal p;
    p.fake.put_user("Olga", "Petrova", "Olga.Petrova@Example.org");
    Result<CrmUser> again = p.crm->add_user(newcomer("olga.petrova@example.org"));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::crm_email_in_account);
    EXPECT_EQ(again.error().field, "email");
}

TEST(Bitrix24Invite, AnEmailThePortalCallsWrongIsInvalidOnTheEmailField) {
    AdminPortal p;
    p.fake.deny("user.add", "ERROR_ARGUMENT", 400, "wrong_email");
    Result<CrmUser> added = p.crm->add_user(newcomer());
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::crm_user_invalid);
    EXPECT_EQ(added.error().field, "email");
}

TEST(Bitrix24Invite, UserCountExceededMeansNoFreeSeat) {
    AdminPortal p;
    p.fake.put_user("Иван", "Петров", "ivan@example.org");
    p.fake.put_user("Бывший", "Сотрудник", "gone@example.org", 5, /*active=*/false);   // takes no seat
    p.fake.user_limit(2);

    Result<SeatCount> seats = p.crm->seats();
    ASSERT_TRUE(seats.ok()) << seats.error().detail;
    EXPECT_EQ(seats->active, 2);
    EXPECT_EQ(seats->source, "unknown");
    Result<CrmUser> added = p.crm->add_user(newcomer());
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::crm_no_free_seat);
    EXPECT_TRUE(p.fake.invited().empty());
}

TEST(Bitrix24Invite, AccessDeniedMeansNotAuthorized) {
    AdminPortal p(/*installer_is_admin=*/false);
    Result<CrmUser> added = p.crm->add_user(newcomer());
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::crm_not_authorized);
}

TEST(Bitrix24Invite, TheRateLimitIsWaitedOutAndTheUserInvitedOnce) {
    AdminPortal p;
    p.fake.rate_limit_next(1);
    Result<CrmUser> added = p.crm->add_user(newcomer());
    ASSERT_TRUE(added.ok()) << added.error().detail;
    EXPECT_EQ(p.fake.invited().size(), 1u);
    EXPECT_EQ(p.fake.calls_of("user.add"), 2);
}

TEST(Bitrix24Invite, AnExistingAccountIsNotABitrix24Case) {
    AdminPortal p;
    NewUser existing = newcomer();
    existing.existing_account = true;
    Result<CrmUser> added = p.crm->add_user(existing);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::bad_request);
    EXPECT_EQ(p.fake.requests(), 0);
}

// ---------------------------------------------------------------------------------------------
// Dismissing a user, and the directory
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24Dismiss, TheIntegrationsOwnUserIsNeverDismissedNorAskedTo) {
    AdminPortal p;
    Result<Done> refused = p.crm->deactivate_user("1");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_user_is_integration);
    EXPECT_EQ(p.fake.calls_of("user.update"), 0);
    EXPECT_TRUE(p.fake.active("1"));
    // Known since: asked again without a single request.
    const int requests = p.fake.requests();
    EXPECT_EQ(p.crm->deactivate_user("1").error().code, ErrorCode::crm_user_is_integration);
    EXPECT_EQ(p.fake.requests(), requests);
}

TEST(Bitrix24Dismiss, ALeaverIsDismissedWithActiveN) {
    AdminPortal p;
    const std::string leaver = p.fake.put_user("Олег", "Фомин", "oleg@example.org");
    ASSERT_TRUE(p.crm->deactivate_user(leaver).ok());
    EXPECT_FALSE(p.fake.active(leaver));
    EXPECT_EQ(p.fake.calls_of("user.update"), 1);
    EXPECT_EQ(p.fake.bodies().back()["ACTIVE"], "N");
    ASSERT_TRUE(p.crm->deactivate_user(leaver).ok());   // already dismissed: nothing to write
    EXPECT_EQ(p.fake.calls_of("user.update"), 1);
    Result<Done> nobody = p.crm->deactivate_user("4242");
    ASSERT_FALSE(nobody.ok());
    EXPECT_EQ(nobody.error().code, ErrorCode::crm_user_not_found);
}

TEST(Bitrix24Dismiss, AccessDeniedMeansDismissByHand) {
    AdminPortal p(/*installer_is_admin=*/false);
    const std::string leaver = p.fake.put_user("Олег", "Фомин", "oleg@example.org");
    Result<Done> refused = p.crm->deactivate_user(leaver);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_deactivate_unavailable);
    EXPECT_TRUE(p.fake.active(leaver));
}

TEST(Bitrix24Directory, UsersComeWithDepartmentNamesAndOnlyTheIntegrationIsKnownAsAdmin) {
    AdminPortal p;
    for (int i = 0; i < 60; ++i) p.fake.put_user("User" + std::to_string(i), "Last", "u" + std::to_string(i) + "@example.org", 5);

    Result<std::vector<CrmUser>> users = p.crm->users();

    ASSERT_TRUE(users.ok()) << users.error().detail;
    ASSERT_EQ(users->size(), 61u);
    EXPECT_TRUE(users->front().is_integration);
    EXPECT_TRUE(users->front().is_admin);
    EXPECT_EQ(users->front().group, "Head office");
    EXPECT_EQ(users->back().group_id, "5");
    EXPECT_EQ(users->back().group, "Sales");
    EXPECT_FALSE(users->back().is_admin);
    // user.current once, then users, departments and the admin flag in one batch, then page two.
    EXPECT_EQ(p.fake.methods(), (std::vector<std::string>{"user.current", "batch", "user.get"}));

    Result<std::vector<CrmGroup>> departments = p.crm->groups();
    ASSERT_TRUE(departments.ok());
    ASSERT_EQ(departments->size(), 2u);
    EXPECT_EQ(departments->back().name, "Sales");
    EXPECT_TRUE(p.crm->roles()->empty());
}

} // namespace
} // namespace gd
