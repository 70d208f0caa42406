// Member changes as jobs, against the sandbox gateway and a manual clock: given the demo groups,
// when a manager adds, removes, promotes or demotes people, then the proxy's rules hold.
#include "proxy/domain/membership_jobs.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::Sandbox;
using test::WatchedGateway;

struct Jobs : ::testing::Test {
    Sandbox sandbox;
    WatchedGateway gateway{sandbox.store};
    ManualClock clock;
    PacingPolicy pacing{Clock::Duration(10000), Clock::Duration(5000), 100};
    CheckPolicy check_policy;
    JobSettings settings;
    EngineSettings engine_settings{1, Clock::Duration(60000), Clock::Duration(2000), Clock::Duration(300000), 8, 12, 42};
    std::unique_ptr<SqliteJobStore> store;
    std::unique_ptr<JobEngine> engine;
    std::unique_ptr<NumberState> number;
    std::unique_ptr<WhatsAppChecks> checks;
    std::unique_ptr<AddPacer> pacer;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<MembershipJobs> jobs;

    void SetUp() override { build(); }
    // A (re)start of the proxy on the same data file: what was in memory is gone.
    void build() {
        jobs.reset();
        engine.reset();
        store = std::make_unique<SqliteJobStore>(*sandbox.db);
        store->free_all_leases();
        engine = std::make_unique<JobEngine>(*store, clock, engine_settings);
        number = std::make_unique<NumberState>(gateway, clock);
        checks = std::make_unique<WhatsAppChecks>(*sandbox.db, gateway, clock, check_policy);
        pacer = std::make_unique<AddPacer>(*sandbox.db, clock, pacing, 42);
        audit = std::make_unique<AuditLog>(*sandbox.db, clock);
        jobs = std::make_unique<MembershipJobs>(*engine, *sandbox.db, gateway, *number, *checks, *pacer, *audit, settings);
    }
    void run_until_idle() { engine->run_until_idle(); }
    Job run(ParticipantAction action, std::vector<PersonInput> people, const std::string& group = demo::kMoscowClientsGroup) {
        Result<Job> job = jobs->create(group, ChangeRequest{action, std::move(people)}, {"manager@example.ru"});
        EXPECT_TRUE(job.ok()) << (job.ok() ? "" : error_code_name(job.error().code));
        if (!job.ok()) return {};
        run_until_idle();
        return jobs->get("standalone", job->id).value();
    }
    std::string member_of(const std::string& group, ParticipantRole role) {
        for (const Participant& p : gateway.participants(group)->participants)
            if (p.role == role && p.phone != demo::kOurNumber) return p.phone;
        return "";
    }
};

TEST_F(Jobs, AddingAMixedListGivesEachPersonTheirOwnAnswer) {
    const std::string member = member_of(demo::kMoscowClientsGroup, ParticipantRole::member);
    const std::string no_whatsapp = demo::numbers_without_whatsapp().front();
    const std::string private_person = demo::numbers_blocking_group_adds().front();
    Job job = run(ParticipantAction::add, {{"8 (916) 555-01-02", "Новый клиент", {}},
                                           {member, "", {}},
                                           {no_whatsapp, "", {}},
                                           {private_person, "", {}},
                                           {"позвоните мне", "", {}}});
    EXPECT_EQ(job.state, JobState::done);
    ASSERT_EQ(job.items.size(), 5u);
    EXPECT_EQ(job.items[0].phone, "+79165550102");
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(job.items[1].outcome, ChangeOutcome::already_member);
    EXPECT_EQ(job.items[2].outcome, ChangeOutcome::not_on_whatsapp);
    EXPECT_EQ(job.items[3].outcome, ChangeOutcome::privacy_blocked);
    EXPECT_EQ(job.items[4].outcome, ChangeOutcome::invalid_phone);
    EXPECT_EQ(job.finished, 5);
    // Only people with WhatsApp were sent to the gateway; the member was known without asking.
    EXPECT_EQ(gateway.adds, 2);
    EXPECT_EQ(gateway.checks, 3);
}

TEST_F(Jobs, AddsArePacedNeverFasterThanTheMinimumInterval) {
    run(ParticipantAction::add, {{"+79165550101", "", {}}, {"+79165550102", "", {}}, {"+79165550103", "", {}}});
    EXPECT_EQ(gateway.adds, 3);
    // Two gaps of at least 10 s each (plus jitter up to 5 s).
    EXPECT_GE(clock.slept(), Clock::Duration(20000));
    EXPECT_LE(clock.slept(), Clock::Duration(20000 + 2 * 5000 + 2 * 3000 + 2000));
}

TEST_F(Jobs, TheDailyCapStopsTheJobAndSaysWhy) {
    pacing.daily_cap = 1;
    build();
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}, {"+79165550102", "", {}}});
    EXPECT_EQ(job.state, JobState::stopped);
    EXPECT_EQ(job.stop_reason, "daily_limit_reached");
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(job.items[1].outcome, ChangeOutcome::pending);
    EXPECT_EQ(gateway.adds, 1);
}

TEST_F(Jobs, AKeptWhatsAppAnswerIsReusedWhileFresh) {
    const std::string no_whatsapp = demo::numbers_without_whatsapp().front();
    run(ParticipantAction::add, {{no_whatsapp, "", {}}});
    run(ParticipantAction::add, {{no_whatsapp, "", {}}});
    EXPECT_EQ(gateway.checks, 1);
    clock.advance(std::chrono::hours(24 * 8));   // stale after a week
    run(ParticipantAction::add, {{no_whatsapp, "", {}}});
    EXPECT_EQ(gateway.checks, 2);
}

TEST_F(Jobs, EveryCheckAnswerIsKeptForTheCardToShow) {
    const std::string no_whatsapp = demo::numbers_without_whatsapp().front();
    clock.set_unix_start(1700000000);
    run(ParticipantAction::add, {{no_whatsapp, "", {}}, {"+79165550101", "", {}}});
    std::map<std::string, KeptCheck> kept = checks->kept_answers({no_whatsapp, "+79165550101", "+79165550199"});
    ASSERT_EQ(kept.size(), 2u);   // the number never checked is not there
    EXPECT_FALSE(kept[no_whatsapp].has_whatsapp);
    EXPECT_EQ(kept[no_whatsapp].checked_at, 1700000000);
    EXPECT_TRUE(kept["+79165550101"].has_whatsapp);
}

TEST_F(Jobs, AnAddWhatsAppRefusesForNoWhatsAppIsKeptAsNotOnWhatsApp) {
    gateway.add_refused_as_not_on_whatsapp = "+79165550101";
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}});
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::not_on_whatsapp);
    std::map<std::string, KeptCheck> kept = checks->kept_answers({"+79165550101"});
    ASSERT_EQ(kept.count("+79165550101"), 1u);
    EXPECT_FALSE(kept["+79165550101"].has_whatsapp);   // the check's "yes" is replaced
}

// WhatsApp refuses the add for the person's privacy: the refusal is kept for that group (the card
// stops offering the add), and goes once an add of that number there succeeds.
TEST_F(Jobs, AnAddRefusedForPrivacyIsKeptForThatGroupUntilAnAddThereSucceeds) {
    const std::string private_person = demo::numbers_blocking_group_adds().front();
    clock.set_unix_start(1700000000);
    Job refused = run(ParticipantAction::add, {{private_person, "", {}}});
    ASSERT_EQ(refused.items[0].outcome, ChangeOutcome::privacy_blocked);
    PrivacyRefusals refusals{*sandbox.db, clock};
    std::map<std::string, std::vector<PrivacyRefusal>> kept = refusals.of({private_person, "+79165550101"});
    ASSERT_EQ(kept.size(), 1u);   // a number never refused is not there
    ASSERT_EQ(kept[private_person].size(), 1u);
    EXPECT_EQ(kept[private_person][0].group_id, demo::kMoscowClientsGroup);
    EXPECT_GE(kept[private_person][0].refused_at, 1700000000);

    // They changed their settings: the next add goes through and the refusal is forgotten.
    sandbox.db->run("UPDATE wa_numbers SET blocks_group_adds = 0 WHERE phone = ?1", private_person);
    Job added = run(ParticipantAction::add, {{private_person, "", {}}});
    ASSERT_EQ(added.items[0].outcome, ChangeOutcome::done);
    EXPECT_TRUE(refusals.of({private_person}).empty());
}

TEST_F(Jobs, ARefusalInOneGroupSaysNothingOfAnother) {
    const std::string private_person = demo::numbers_blocking_group_adds().front();
    run(ParticipantAction::add, {{private_person, "", {}}});
    PrivacyRefusals refusals{*sandbox.db, clock};
    refusals.forget(demo::kBigGroup, private_person);   // another group's: nothing to forget
    ASSERT_EQ(refusals.of({private_person})[private_person].size(), 1u);
    refusals.forget(demo::kMoscowClientsGroup, private_person);
    EXPECT_TRUE(refusals.of({private_person}).empty());
}

// The job's people come with their phones as people read them, beside the E.164.
TEST_F(Jobs, AJobsPeopleCarryTheirPhonesDisplayForm) {
    Job job = run(ParticipantAction::add, {{"8 (916) 555-01-02", "Новый клиент", {}}, {"позвоните мне", "", {}}});
    ASSERT_EQ(job.items.size(), 2u);
    EXPECT_EQ(job.items[0].phone, "+79165550102");
    EXPECT_EQ(job.items[0].phone_display, "+7 916 555-01-02");
    EXPECT_EQ(job.items[1].phone_display, "");   // not a number: nothing to show but what was written
    std::vector<AuditEntry> entries = audit->recent("standalone", demo::kMoscowClientsGroup, 10);
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries[0].phone, "+79165550102");
    EXPECT_EQ(entries[0].phone_display, "+7 916 555-01-02");
}

TEST_F(Jobs, AGroupWhereWeAreNotAdminStopsTheJobBeforeAnythingIsSent) {
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}}, demo::kNotAdminGroup);
    EXPECT_EQ(job.state, JobState::stopped);
    EXPECT_EQ(job.stop_reason, "not_group_admin");
    EXPECT_EQ(gateway.checks, 0);
    EXPECT_EQ(gateway.adds, 0);
}

TEST_F(Jobs, CreatingAJobAsksWhatsAppNothing) {
    // A robot's webhook must be answered at once, whatever the gateway is doing.
    Result<Job> job = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550101", "", {}}}}, {"m"});
    ASSERT_TRUE(job.ok());
    EXPECT_EQ(job->state, JobState::queued);
    EXPECT_EQ(gateway.requests, 0);
}

TEST_F(Jobs, AGroupThatDoesNotExistStopsTheJobWithThatReason) {
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}}, "120363999999999999@g.us");
    EXPECT_EQ(job.state, JobState::stopped);
    EXPECT_EQ(job.stop_reason, "group_not_found");
}

TEST_F(Jobs, BadRequestsAreRefusedWithAReason) {
    EXPECT_EQ(jobs->create("not-a-group", {ParticipantAction::add, {{"+79165550101", "", {}}}}, {"m"}).error().code,
              ErrorCode::invalid_group_id);
    EXPECT_EQ(jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {}}, {"m"}).error().code, ErrorCode::no_people);
    std::vector<PersonInput> crowd(1001, PersonInput{"+79165550101", "", {}});
    EXPECT_EQ(jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, crowd}, {"m"}).error().code,
              ErrorCode::too_many_people);
    EXPECT_EQ(jobs->get("standalone", "nope").error().code, ErrorCode::job_not_found);
}

TEST_F(Jobs, TheSamePersonTwiceIsOnePerson) {
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}, {"8 916 555-01-01", "", {}}});
    EXPECT_EQ(job.total, 1);
}

TEST_F(Jobs, ABannedNumberStopsEveryWrite) {
    gateway.status = ConnectionStatus::banned;
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}});
    EXPECT_EQ(job.state, JobState::stopped);
    EXPECT_EQ(job.stop_reason, "number_banned");
    EXPECT_EQ(gateway.adds, 0);
    EXPECT_EQ(gateway.checks, 0);
}

TEST_F(Jobs, AWarnedNumberMakesTheJobWaitAndSendNothingUntilItIsConnectedAgain) {
    gateway.status = ConnectionStatus::warned;
    const std::string member = member_of(demo::kMoscowClientsGroup, ParticipantRole::member);
    Result<Job> created = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::remove, {{member, "", {}}}}, {"m"});
    ASSERT_TRUE(created.ok());
    int changes = 0;
    gateway.during_change = [&] { ++changes; };
    for (int i = 0; i < 5; ++i) {
        clock.advance(settings.number_recheck);
        engine->run_one();
    }
    Job waiting = jobs->get("standalone", created->id).value();
    EXPECT_EQ(waiting.state, JobState::running);
    EXPECT_EQ(waiting.waiting_for, JobWait::number_state);
    EXPECT_GT(waiting.next_in_seconds, 0);
    EXPECT_EQ(waiting.items[0].outcome, ChangeOutcome::pending);
    EXPECT_EQ(changes, 0);
    gateway.status = ConnectionStatus::connected;
    run_until_idle();
    EXPECT_EQ(jobs->get("standalone", created->id)->items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(changes, 1);
}

TEST_F(Jobs, ANumberWarnedMidJobIsNoticedWithinSecondsAndGetsNoMoreAdds) {
    // Adds 3 s apart: longer than the number's state is trusted (2 s), so the next add sees it.
    pacing = {Clock::Duration(3000), Clock::Duration(0), 100};
    build();
    Result<Job> created = jobs->create(demo::kMoscowClientsGroup,
                                       {ParticipantAction::add, {{"+79165550101", "", {}}, {"+79165550102", "", {}}, {"+79165550103", "", {}}}},
                                       {"m"});
    ASSERT_TRUE(created.ok());
    // WhatsApp warns the number while the first add is on the wire.
    gateway.during_change = [this] { gateway.status = ConnectionStatus::warned; };
    while (clock.now() < std::chrono::seconds(30))
        if (!engine->run_one()) clock.advance(Clock::Duration(500));
    EXPECT_EQ(gateway.adds, 1);
    clock.advance(settings.number_recheck);
    engine->run_one();
    Job job = jobs->get("standalone", created->id).value();
    EXPECT_EQ(job.waiting_for, JobWait::number_state);
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(job.items[1].outcome, ChangeOutcome::pending);
}

TEST_F(Jobs, RemovePromoteDemoteKnowWhoIsInTheGroup) {
    const std::string member = member_of(demo::kMoscowClientsGroup, ParticipantRole::member);
    const std::string owner = member_of(demo::kMoscowClientsGroup, ParticipantRole::owner);
    Job promoted = run(ParticipantAction::promote, {{member, "", {}}, {"+79165550199", "", {}}});
    EXPECT_EQ(promoted.items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(promoted.items[1].outcome, ChangeOutcome::not_a_member);
    Job demoted = run(ParticipantAction::demote, {{member, "", {}}});
    EXPECT_EQ(demoted.items[0].outcome, ChangeOutcome::done);
    if (!owner.empty()) {
        Job owner_removed = run(ParticipantAction::remove, {{owner, "", {}}});
        EXPECT_EQ(owner_removed.items[0].outcome, ChangeOutcome::not_admin);
    }
    Job removed = run(ParticipantAction::remove, {{member, "", {}}});
    EXPECT_EQ(removed.items[0].outcome, ChangeOutcome::done);
    Job again = run(ParticipantAction::remove, {{member, "", {}}});
    EXPECT_EQ(again.items[0].outcome, ChangeOutcome::not_a_member);
}

TEST_F(Jobs, ACancelledJobSendsNothingMore) {
    Result<Job> job = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550101", "", {}}, {"+79165550102", "", {}}}}, {"m"});
    ASSERT_TRUE(job.ok());
    Result<Job> cancelled = jobs->cancel(job->id, {"m"});
    ASSERT_TRUE(cancelled.ok());
    EXPECT_EQ(cancelled->state, JobState::cancelled);
    run_until_idle();
    EXPECT_EQ(gateway.adds, 0);
    EXPECT_EQ(jobs->get("standalone", job->id)->items[1].outcome, ChangeOutcome::cancelled);
}

TEST_F(Jobs, AnUnfinishedJobResumesAfterARestart) {
    Result<Job> job = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550101", "", {}}}}, {"m"});
    ASSERT_TRUE(job.ok());
    build();   // the proxy restarts before the worker got to it
    run_until_idle();
    EXPECT_EQ(jobs->get("standalone", job->id)->state, JobState::done);
    EXPECT_EQ(gateway.adds, 1);
}

TEST_F(Jobs, EveryAttemptIsInTheAuditLog) {
    run(ParticipantAction::add, {{"+79165550101", "Олег", {}}, {demo::numbers_without_whatsapp().front(), "", {}}});
    std::vector<AuditEntry> entries = audit->recent("standalone", demo::kMoscowClientsGroup, 10);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].outcome, "not_on_whatsapp");   // newest first
    EXPECT_EQ(entries[1].phone, "+79165550101");
    EXPECT_EQ(entries[1].action, "add");
    EXPECT_EQ(entries[1].actor, "manager@example.ru");
    EXPECT_EQ(entries[1].at.substr(0, 11), "2026-11-23T");
    EXPECT_FALSE(entries[1].group_name.empty());
    EXPECT_TRUE(audit->recent("standalone", "120363999999999999@g.us", 10).empty());
}

TEST_F(Jobs, AJobIsItsTenantsOnly) {
    const Actor anna{"Анна (7)", "bitrix24:portal-a"}, boris{"Борис (3)", "bitrix24:portal-b"};
    Result<Job> job = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550101", "", {}}}}, anna);
    ASSERT_TRUE(job.ok());

    // Another portal neither reads, lists nor cancels it: for them it does not exist.
    EXPECT_EQ(jobs->get(boris.tenant, job->id).error().code, ErrorCode::job_not_found);
    EXPECT_EQ(jobs->get("standalone", job->id).error().code, ErrorCode::job_not_found);
    EXPECT_TRUE(jobs->recent(boris.tenant, demo::kMoscowClientsGroup, 5)->empty());
    EXPECT_EQ(jobs->cancel(job->id, boris).error().code, ErrorCode::job_not_found);
    EXPECT_EQ(jobs->get(anna.tenant, job->id)->state, JobState::queued);

    run_until_idle();
    EXPECT_EQ(jobs->get(anna.tenant, job->id)->state, JobState::done);
    ASSERT_EQ(jobs->recent(anna.tenant, demo::kMoscowClientsGroup, 5)->size(), 1u);
    // The worker writes the job's audit rows into its tenant's log.
    ASSERT_EQ(audit->recent(anna.tenant, "", 10).size(), 1u);
    EXPECT_EQ(audit->recent(anna.tenant, "", 10)[0].actor, anna.name);
    EXPECT_TRUE(audit->recent(boris.tenant, "", 10).empty());
    EXPECT_TRUE(audit->recent("standalone", "", 10).empty());
}

TEST_F(Jobs, AWaitingJobSaysWhenTheNextAddGoesOut) {
    run(ParticipantAction::add, {{"+79165550101", "", {}}});
    Result<Job> next = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550102", "", {}}}}, {"m"});
    ASSERT_TRUE(next.ok());
    engine->run_one();
    Job waiting = jobs->get("standalone", next->id).value();
    EXPECT_EQ(waiting.waiting_for, JobWait::pacing);
    EXPECT_GE(waiting.next_in_seconds, 10.0 - 3.0);   // the gap, less the spacing of WhatsApp checks
    EXPECT_LE(waiting.next_in_seconds, 15.0);
}

TEST_F(Jobs, AJobBehindAnotherInTheLaneSaysItWaitsItsTurn) {
    Result<Job> first = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550101", "", {}}, {"+79165550102", "", {}}}}, {"m"});
    Result<Job> second = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550103", "", {}}}}, {"m"});
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(jobs->get("standalone", second->id)->waiting_for, JobWait::turn);
    run_until_idle();
    EXPECT_EQ(jobs->get("standalone", second->id)->state, JobState::done);
    // Jobs in one lane never overtake each other: the first was finished first.
    std::vector<AuditEntry> log = audit->recent("standalone", demo::kMoscowClientsGroup, 10);
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0].phone, "+79165550103");
}

TEST_F(Jobs, TheGapBetweenAddsIsNeverShorterThanSetToTheMillisecond) {
    pacing = {Clock::Duration(2000), Clock::Duration(0), 100};
    build();
    clock.advance(Clock::Duration(490));   // mid-second: whole seconds would round the first add down
    std::vector<int64_t> sent_at;
    gateway.during_change = [&] { sent_at.push_back(clock.unix_ms()); };
    run(ParticipantAction::add, {{"+79165550101", "", {}}, {"+79165550102", "", {}}, {"+79165550103", "", {}}});
    ASSERT_EQ(sent_at.size(), 3u);
    EXPECT_GE(sent_at[1] - sent_at[0], 2000);
    EXPECT_GE(sent_at[2] - sent_at[1], 2000);
    EXPECT_LE(sent_at[2] - sent_at[0], 4000 + 2 * 3000 + 100);   // and not much longer (a check may sit between)
}

TEST_F(Jobs, TheSameIdempotencyKeyGivesBackTheFirstJob) {
    ChangeRequest request{ParticipantAction::add, {{"+79165550101", "", {}}}};
    Result<Job> first = jobs->create(demo::kMoscowClientsGroup, request, {"m"}, "key-1");
    Result<Job> again = jobs->create(demo::kMoscowClientsGroup, request, {"m"}, "key-1");
    ASSERT_TRUE(first.ok() && again.ok());
    EXPECT_EQ(first->id, again->id);
    EXPECT_EQ(jobs->recent("standalone", demo::kMoscowClientsGroup, 10)->size(), 1u);
    // Another request under the same key is refused, not mistaken for the first.
    ChangeRequest other{ParticipantAction::add, {{"+79165550102", "", {}}}};
    EXPECT_EQ(jobs->create(demo::kMoscowClientsGroup, other, {"m"}, "key-1").error().code, ErrorCode::idempotency_key_reused);
    // Keys are per tenant: another portal's key-1 is its own job.
    Result<Job> theirs = jobs->create(demo::kMoscowClientsGroup, request, {"b", "bitrix24:b"}, "key-1");
    ASSERT_TRUE(theirs.ok());
    EXPECT_NE(theirs->id, first->id);
    run_until_idle();
    EXPECT_EQ(gateway.adds, 1);   // the second job found the person already added
}

TEST_F(Jobs, ARateLimitedPersonIsTriedAgainLaterNotSkipped) {
    gateway.trouble = {{false, std::nullopt, ChangeOutcome::rate_limited}, {false, Error{ErrorCode::upstream_rate_limited, "429"}}};
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}});
    EXPECT_EQ(job.state, JobState::done);
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(gateway.adds, 3);
    // Each "too many" waits at least the pause: the whole lane slows down.
    EXPECT_GE(clock.slept(), 2 * settings.rate_limited_pause);
}

TEST_F(Jobs, AnAddWhoseAnswerWasLostIsSettledByReadingTheGroupNotBySendingItAgain) {
    gateway.trouble = {{true, Error{ErrorCode::gateway_unavailable, "timeout"}}};
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}});
    EXPECT_EQ(job.state, JobState::done);
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(gateway.adds, 1);
}

TEST_F(Jobs, AnAddThatNeverHappenedIsSentAgainAfterTheGroupIsRead) {
    gateway.trouble = {{false, Error{ErrorCode::gateway_unavailable, "connection reset"}}};
    Job job = run(ParticipantAction::add, {{"+79165550101", "", {}}});
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(gateway.adds, 2);
}

TEST_F(Jobs, AProxyKilledBetweenTheAnswerAndItsRecordReportsTheAddAsDoneAndCountsItOnce) {
    pacing = {Clock::Duration(3000), Clock::Duration(0), 100};
    build();
    gateway.trouble = {{true, std::nullopt, std::nullopt, true}};
    Result<Job> created = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550101", "", {}}, {"+79165550102", "", {}}}}, {"m"});
    ASSERT_TRUE(created.ok());
    int64_t died_at = 0;
    try {
        run_until_idle();
        FAIL() << "the gateway was to kill the proxy";
    } catch (const test::ProxyDied&) {
        died_at = clock.unix_ms();
    }
    build();   // restart on the same data file
    std::vector<int64_t> sent_at;
    gateway.during_change = [&] { sent_at.push_back(clock.unix_ms()); };
    run_until_idle();
    Job job = jobs->get("standalone", created->id).value();
    EXPECT_EQ(job.state, JobState::done);
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::done);   // not already_member
    EXPECT_EQ(job.items[1].outcome, ChangeOutcome::done);
    EXPECT_EQ(gateway.adds, 2);                             // the first was not sent again
    EXPECT_EQ(pacer->adds_today(), 2);
    ASSERT_EQ(sent_at.size(), 1u);
    EXPECT_GE(sent_at[0] - died_at, 3000);                  // the next add was paced from the lost one
}

TEST_F(Jobs, ACancelThatLandsWhileACallIsOutKeepsWhatTheCallDid) {
    Result<Job> created = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550101", "", {}}, {"+79165550102", "", {}}}}, {"m"});
    ASSERT_TRUE(created.ok());
    gateway.during_change = [&] {
        gateway.during_change = nullptr;
        jobs->cancel(created->id, {"m"});
    };
    run_until_idle();
    Job job = jobs->get("standalone", created->id).value();
    EXPECT_EQ(job.state, JobState::cancelled);
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(job.items[1].outcome, ChangeOutcome::cancelled);
    EXPECT_EQ(gateway.adds, 1);
}

TEST_F(Jobs, ARobotsJobIsNamedInTheAuditLog) {
    Actor robot{"Робот «В группу клиентов»", "standalone", RequesterKind::robot};
    Result<Job> created = jobs->create(demo::kMoscowClientsGroup, {ParticipantAction::add, {{"+79165550101", "", {}}}}, robot);
    ASSERT_TRUE(created.ok());
    EXPECT_EQ(created->requested_by.kind, RequesterKind::robot);
    run_until_idle();
    std::vector<AuditEntry> log = audit->recent("standalone", demo::kMoscowClientsGroup, 10);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].actor, robot.name);
    EXPECT_EQ(log[0].actor_kind, RequesterKind::robot);
}

TEST(DailyCountsAndPacer, TheCountSurvivesARestartAndResetsTheNextDay) {
    Sandbox sandbox;
    ManualClock clock;
    {
        AddPacer pacer(*sandbox.db, clock, {}, 1);
        pacer.record_add();
        pacer.record_add();
    }
    AddPacer again(*sandbox.db, clock, {}, 1);
    EXPECT_EQ(again.adds_today(), 2);
    // Right after a restart the pace still holds.
    EXPECT_GT(again.wait_for_next_add().value(), Clock::Duration(0));
    clock.advance(std::chrono::hours(24));
    EXPECT_EQ(again.adds_today(), 0);
}

} // namespace
} // namespace gd
