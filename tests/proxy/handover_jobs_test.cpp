// A leaver's handover as a job, against an in-memory CRM and a manual clock: given a leaver with
// records of each kind among a bystander's, when an administrator deactivates them, then every
// record of theirs moves to the colleague exactly once, counted at the CRM, nothing else moves,
// the progress is saved kind by kind, and a proxy killed mid-handover goes on where it stopped.
#include "proxy/domain/handover_jobs.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "tests/proxy/fake_crm_admin.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::FakeCrmAdmin;

struct Handovers : ::testing::Test {
    test::ScratchDir dir;
    std::unique_ptr<Database> db = open_data_file(dir / "data");
    FakeCrmAdmin crm;
    test::CrmsByTenant crms;
    ManualClock clock;
    EngineSettings engine_settings{1, Clock::Duration(60000), Clock::Duration(2000), Clock::Duration(300000), 8, 12, 42};
    std::unique_ptr<SqliteJobStore> store;
    std::unique_ptr<JobEngine> engine;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<HandoverJobs> handovers;
    const Actor admin{"Анна Админова (anna)", "amocrm:1"};

    std::string leaver, colleague, bystander;
    std::map<RecordKind, std::vector<std::string>> mine, others;

    void SetUp() override {
        crms.by_tenant["amocrm:1"] = &crm;
        leaver = crm.put_user("Олег Фомин", "oleg.fomin@example.org");
        colleague = crm.put_user("Вера Лебедева", "vera.lebedeva@example.org");
        bystander = crm.put_user("Пётр Зуев", "petr.zuev@example.org");
        // Interleaved with a bystander's records, more than one batch of each but the last kind.
        const std::map<RecordKind, int> sizes{{RecordKind::lead, 60}, {RecordKind::contact, 31}, {RecordKind::company, 4}};
        for (auto [kind, size] : sizes)
            for (int round = 0; round < 2; ++round) {
                for (const std::string& id : crm.put_records(leaver, kind, size / 2 + round * (size % 2))) mine[kind].push_back(id);
                for (const std::string& id : crm.put_records(bystander, kind, 7)) others[kind].push_back(id);
            }
        build();
    }
    // A (re)start of the proxy on the same data file: nothing of the last run is in memory.
    void build() {
        handovers.reset();
        engine.reset();
        store = std::make_unique<SqliteJobStore>(*db);
        store->free_all_leases();
        engine = std::make_unique<JobEngine>(*store, clock, engine_settings);
        audit = std::make_unique<AuditLog>(*db, clock);
        handovers = std::make_unique<HandoverJobs>(*engine, crms, *audit);
    }
    Handover start(const std::string& key = {}) {
        Result<Handover> h = handovers->start(admin, leaver, {colleague}, key);
        EXPECT_TRUE(h.ok()) << (h ? "" : error_code_name(h.error().code));
        return h ? h.value() : Handover{};
    }
    Handover read(const std::string& id) { return handovers->get(admin.tenant, id).value(); }
    const HandoverKind& kind_of(const Handover& h, RecordKind kind) {
        for (const HandoverKind& k : h.kinds)
            if (k.kind == kind) return k;
        throw std::out_of_range(record_kind_name(kind));
    }
    // Every record of the leaver moved exactly once, to the colleague; no other record moved.
    void expect_moved_exactly_once(const std::set<std::string>& refused = {}) {
        for (const auto& [kind, ids] : mine)
            for (const std::string& id : ids) {
                const FakeCrmAdmin::Record& r = crm.record(kind, id);
                if (refused.count(id)) {
                    EXPECT_EQ(r.times_moved, 0) << id;
                    EXPECT_EQ(r.owner, leaver) << id;
                } else {
                    EXPECT_EQ(r.times_moved, 1) << id;
                    EXPECT_EQ(r.owner, colleague) << id;
                }
            }
        for (const auto& [kind, ids] : others)
            for (const std::string& id : ids) {
                EXPECT_EQ(crm.record(kind, id).times_moved, 0) << id;
                EXPECT_EQ(crm.record(kind, id).owner, bystander) << id;
            }
    }
    std::vector<AuditEntry> audit_rows() { return audit->recent(admin.tenant, "", 100); }
    bool audited(const std::string& action, const std::string& outcome) {
        for (const AuditEntry& e : audit_rows())
            if (e.action == action && e.outcome == outcome && e.actor == admin.name) return true;
        return false;
    }
};

TEST_F(Handovers, EveryRecordOfTheLeaverMovesOnceNothingElseMovesThenTheLeaverIsDeactivated) {
    Handover started = start();
    EXPECT_EQ(started.state, JobState::queued);
    EXPECT_EQ(started.phase, "counting");
    EXPECT_EQ(started.from.id, leaver);
    EXPECT_EQ(started.to.id, colleague);
    EXPECT_EQ(started.to.name, "Вера Лебедева");
    EXPECT_EQ(started.requested_by.name, admin.name);
    ASSERT_EQ(started.kinds.size(), 4u);   // the CRM's kinds, in its order

    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.state, JobState::done);
    EXPECT_EQ(h.phase, "finished");
    for (RecordKind kind : {RecordKind::lead, RecordKind::contact, RecordKind::company, RecordKind::task}) {
        const HandoverKind& k = kind_of(h, kind);
        EXPECT_EQ(k.total, (int)mine[kind].size()) << record_kind_name(kind);
        EXPECT_EQ(k.moved, (int)mine[kind].size()) << record_kind_name(kind);
        EXPECT_TRUE(k.refused.empty());
        EXPECT_TRUE(k.finished);
    }
    expect_moved_exactly_once();
    EXPECT_EQ(h.deactivation, "deactivated");
    EXPECT_EQ(h.deactivation_error, "");
    EXPECT_FALSE(crm.find(leaver)->active);
    EXPECT_TRUE(crm.find(colleague)->active);
    EXPECT_TRUE(audited("crm_handover_started", "queued"));
    EXPECT_TRUE(audited("crm_user_deactivated", "done"));
}

TEST_F(Handovers, EachKindIsCountedThenItsProgressIsSavedAfterEveryBatch) {
    Handover started = start();
    // One count per step: leads, contacts, companies, tasks.
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(engine->run_one());
    Handover counted = read(started.id);
    EXPECT_EQ(counted.phase, "counting");
    EXPECT_EQ(kind_of(counted, RecordKind::lead).total, 60);
    EXPECT_EQ(kind_of(counted, RecordKind::contact).total, 31);
    EXPECT_EQ(kind_of(counted, RecordKind::company).total, 4);
    EXPECT_EQ(kind_of(counted, RecordKind::task).total, 0);
    EXPECT_EQ(crm.reassign_calls, 0);

    ASSERT_TRUE(engine->run_one());   // the first batch of leads
    Handover one = read(started.id);
    EXPECT_EQ(one.phase, "moving");
    EXPECT_EQ(kind_of(one, RecordKind::lead).moved, crm.batch_size);
    EXPECT_FALSE(kind_of(one, RecordKind::lead).finished);
    EXPECT_EQ(kind_of(one, RecordKind::contact).moved, 0);
    // The connector's cursor is in the job's row, where a restarted proxy reads it.
    std::optional<QueuedJob> row = store->get(admin.tenant, started.id);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->payload["kinds"][0]["cursor"], "25");
    EXPECT_EQ(crm.reassign_calls, 1);
}

TEST_F(Handovers, ARecordTheCrmRefusesIsReportedAndNeverTriedAgain) {
    const std::string locked = mine[RecordKind::contact][3];
    crm.record(RecordKind::contact, locked).refuses = true;
    Handover started = start();
    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.state, JobState::done);
    const HandoverKind& contacts = kind_of(h, RecordKind::contact);
    EXPECT_EQ(contacts.refused, std::vector<std::string>{locked});
    EXPECT_EQ(contacts.moved, 30);
    EXPECT_EQ(contacts.total, 31);
    EXPECT_TRUE(contacts.finished);
    expect_moved_exactly_once({locked});
    // Two batches of contacts (25 + 6 looked at): the refused one was in the first and never again.
    const int batches = (60 + 24) / 25 + (31 + 24) / 25 + 1 + 1;
    EXPECT_EQ(crm.reassign_calls, batches);
}

// The proxy is killed while a batch is on the wire, after the CRM moved it and before the job
// recorded it, and again before the CRM moved anything: a new engine on the same data file goes
// on from the saved cursors, and each record still moved exactly once.
TEST_F(Handovers, AProxyKilledMidHandoverResumesFromTheSavedCursorsAndMovesEachRecordOnce) {
    Handover started = start();
    int calls = 0;
    crm.after_move = [&] {
        if (++calls == 2) throw test::ProxyDied{};   // the second lead batch moved, its answer lost
    };
    EXPECT_THROW(engine->run_until_idle(), test::ProxyDied);
    crm.after_move = nullptr;
    EXPECT_EQ(crm.count_records(leaver, RecordKind::lead).value(), 10);

    build();
    calls = 0;
    crm.before_move = [&] {
        if (++calls == 3) throw test::ProxyDied{};   // the proxy dies before the contacts' batch goes
    };
    EXPECT_THROW(engine->run_until_idle(), test::ProxyDied);
    crm.before_move = nullptr;

    build();
    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.state, JobState::done);
    expect_moved_exactly_once();
    // What the lost answer moved is counted again at the CRM, so the totals are whole.
    EXPECT_EQ(kind_of(h, RecordKind::lead).moved, 60);
    EXPECT_EQ(kind_of(h, RecordKind::contact).moved, 31);
    EXPECT_EQ(kind_of(h, RecordKind::company).moved, 4);
    EXPECT_EQ(h.deactivation, "deactivated");
    EXPECT_EQ(crm.deactivate_calls, 1);
}

TEST_F(Handovers, ADeactivationWhoseAnswerWasLostIsReadBackNotSentAgain) {
    // The CRM deactivated the leaver, but its answer never came.
    crm.during_deactivate = [&](const std::string& id) {
        crm.during_deactivate = nullptr;
        crm.find(id)->active = false;
    };
    crm.deactivate_errors = {Error{ErrorCode::crm_unavailable, "timeout", {}}};
    Handover started = start();
    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.state, JobState::done);
    EXPECT_EQ(h.deactivation, "deactivated");
    EXPECT_EQ(crm.deactivate_calls, 1);
    EXPECT_FALSE(crm.find(leaver)->active);
}

TEST_F(Handovers, ADeactivationThatNeverHappenedIsSentAgain) {
    crm.deactivate_errors = {Error{ErrorCode::crm_unavailable, "connection reset", {}}};
    Handover started = start();
    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.deactivation, "deactivated");
    EXPECT_EQ(crm.deactivate_calls, 2);
    EXPECT_FALSE(crm.find(leaver)->active);
}

TEST_F(Handovers, ALeaverAlreadyDeactivatedHasTheirRecordsHandedOverAndIsNotAskedAgain) {
    crm.find(leaver)->active = false;
    Handover started = start();
    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.state, JobState::done);
    EXPECT_EQ(h.deactivation, "deactivated");
    EXPECT_EQ(crm.deactivate_calls, 0);
    expect_moved_exactly_once();
}

TEST_F(Handovers, FailuresThatMayPassAreRetriedWithBackoff) {
    crm.reassign_errors = {Error{ErrorCode::upstream_rate_limited, {}, {}}, Error{ErrorCode::crm_unavailable, {}, {}},
                           Error{ErrorCode::crm_api_blocked, {}, {}}};
    Handover started = start();
    for (int i = 0; i < 5; ++i) engine->run_one();   // four counts, then the first failure
    Handover waiting = read(started.id);
    EXPECT_EQ(waiting.state, JobState::running);
    EXPECT_GT(waiting.next_in_seconds, 0);
    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.state, JobState::done);
    expect_moved_exactly_once();
    EXPECT_EQ(kind_of(h, RecordKind::lead).moved, 60);
    // Three backoffs of at least 1, 2 and 4 s (half of 2, 4, 8 s at the least).
    EXPECT_GE(clock.slept(), Clock::Duration(1000 + 2000 + 4000));
}

TEST_F(Handovers, AFailureThatKeepsComingStopsTheHandoverWithItsReason) {
    crm.reassign_errors.assign(20, Error{ErrorCode::crm_api_blocked, {}, {}});
    Handover started = start();
    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.state, JobState::stopped);
    EXPECT_EQ(h.stop_reason, "crm_api_blocked");
    EXPECT_EQ(crm.reassign_calls, engine_settings.max_attempts);
    EXPECT_TRUE(crm.find(leaver)->active);
}

TEST_F(Handovers, AColleagueDeactivatedMeanwhileStopsTheHandoverAndNobodyIsDeactivated) {
    Handover started = start();
    crm.find(colleague)->active = false;
    engine->run_until_idle();
    Handover h = read(started.id);
    EXPECT_EQ(h.state, JobState::stopped);
    EXPECT_EQ(h.stop_reason, "crm_user_inactive");
    EXPECT_TRUE(crm.find(leaver)->active);
    EXPECT_EQ(crm.deactivate_calls, 0);
}

TEST_F(Handovers, WhereTheCrmWillNotDeactivateTheHandoverEndsByHandWithTheReason) {
    struct Case {
        bool api_deactivates;
        std::optional<ErrorCode> refusal;
        const char* reason;
    };
    for (const Case& c : {Case{false, std::nullopt, "crm_deactivate_unavailable"},
                          Case{true, ErrorCode::crm_deactivate_unavailable, "crm_deactivate_unavailable"},
                          Case{true, ErrorCode::crm_user_is_admin, "crm_user_is_admin"},
                          Case{true, ErrorCode::crm_user_is_integration, "crm_user_is_integration"}}) {
        crm.can.deactivate = c.api_deactivates;
        if (c.refusal) crm.deactivate_errors = {Error{*c.refusal, {}, {}}};
        const std::string who = crm.put_user("Лев Орлов", "lev" + std::string(c.reason) + "@example.org");
        Result<Handover> started = handovers->start(admin, who, {colleague});
        ASSERT_TRUE(started.ok());
        engine->run_until_idle();
        Handover h = read(started->id);
        EXPECT_EQ(h.state, JobState::done) << c.reason;
        EXPECT_EQ(h.phase, "finished");
        EXPECT_EQ(h.deactivation, "by_hand") << c.reason;
        EXPECT_EQ(h.deactivation_error, c.reason);
        EXPECT_TRUE(crm.find(who)->active);
        EXPECT_TRUE(audited("crm_deactivation_by_hand", c.reason)) << c.reason;
    }
}

TEST_F(Handovers, TheStartIsRefusedForTheIntegrationsUserAnUnknownOrInactiveColleagueOrTheLeaverThemself) {
    const std::string gone = crm.put_user("Ушедший Сотрудник", "gone@example.org", /*active=*/false);
    struct Case {
        std::string from, to;
        ErrorCode code;
        const char* field;
    };
    for (const Case& c : {Case{FakeCrmAdmin::kIntegrationUser, colleague, ErrorCode::crm_user_is_integration, "id"},
                          Case{leaver, gone, ErrorCode::crm_user_inactive, "to_user_id"},
                          Case{leaver, "987654", ErrorCode::crm_user_not_found, "to_user_id"},
                          Case{"987654", colleague, ErrorCode::crm_user_not_found, "id"},
                          Case{leaver, leaver, ErrorCode::bad_request, "to_user_id"},
                          Case{leaver, "", ErrorCode::bad_request, "to_user_id"},
                          Case{leaver, "1; DROP", ErrorCode::bad_request, "to_user_id"},
                          Case{"../1", colleague, ErrorCode::bad_request, "id"}}) {
        Result<Handover> refused = handovers->start(admin, c.from, {c.to});
        ASSERT_FALSE(refused.ok()) << c.from << " -> " << c.to;
        EXPECT_EQ(refused.error().code, c.code) << c.from << " -> " << c.to;
        EXPECT_EQ(refused.error().field, c.field) << c.from << " -> " << c.to;
    }
    EXPECT_TRUE(handovers->recent(admin.tenant, 10)->empty());
    EXPECT_FALSE(engine->run_one());
    EXPECT_EQ(crm.reassign_calls, 0);
}

TEST_F(Handovers, ACrmThatMovesNoRecordsThroughItsApiLeavesTheWholeDeactivationToBeDoneByHand) {
    crm.can.reassign = false;
    Result<Handover> refused = handovers->start(admin, leaver, {colleague});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::crm_deactivate_unavailable);
    EXPECT_TRUE(handovers->recent(admin.tenant, 10)->empty());
    EXPECT_TRUE(crm.find(leaver)->active);
}

TEST_F(Handovers, TheSameIdempotencyKeyGivesTheSameHandoverAndADifferentRequestUnderItIsRefused) {
    Handover first = start("deactivate-oleg-1");
    Handover again = start("deactivate-oleg-1");
    EXPECT_EQ(again.id, first.id);
    const std::string other = crm.put_user("Нина Котова", "nina@example.org");
    Result<Handover> reused = handovers->start(admin, leaver, {other}, "deactivate-oleg-1");
    ASSERT_FALSE(reused.ok());
    EXPECT_EQ(reused.error().code, ErrorCode::idempotency_key_reused);
    EXPECT_EQ(handovers->recent(admin.tenant, 10)->size(), 1u);
}

TEST_F(Handovers, AnotherTenantNeitherReadsNorListsTheHandover) {
    Handover started = start();
    Result<Handover> elsewhere = handovers->get("amocrm:2", started.id);
    ASSERT_FALSE(elsewhere.ok());
    EXPECT_EQ(elsewhere.error().code, ErrorCode::job_not_found);
    EXPECT_TRUE(handovers->recent("amocrm:2", 10)->empty());
    ASSERT_EQ(handovers->recent(admin.tenant, 10)->size(), 1u);
    EXPECT_EQ(handovers->recent(admin.tenant, 10)->front().id, started.id);
}

} // namespace
} // namespace gd
