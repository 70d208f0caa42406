// Robot runs (CRM automations) as member change jobs, against the sandbox's WhatsApp and CRM and a
// manual clock: given a deal that entered a stage, when its robot runs, then it acts on the deal's
// contacts as they are when the job runs, invites whom it cannot add when asked, does nothing twice
// for one CRM event, and reports its result once through the job's hook.
#include "proxy/connectors/sandbox/sandbox_pipeline.h"
#include "proxy/domain/group_invites.h"
#include "proxy/domain/robot_runs.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::Sandbox;

// Records each report the job hands to its CRM; refuses the first `refusals` (the CRM was down).
struct ReportCatcher : HookRunner {
    JobStore* store = nullptr;
    int refusals = 0;
    std::vector<RobotReport> reports;
    bool run(const nlohmann::json&, const QueuedJob& job) override {
        if (refusals > 0) {
            --refusals;
            return false;
        }
        reports.push_back(robot_report(job, store->items(job.id)));
        return true;
    }
};

struct Robots : ::testing::Test {
    Sandbox sandbox;
    ManualClock clock;
    WhatsAppChecks checks{*sandbox.db, sandbox.whatsapp, clock, CheckPolicy{}};
    AddPacer pacer{*sandbox.db, clock, PacingPolicy{Clock::Duration(1000), Clock::Duration(0), 100}, 7};
    AuditLog audit{*sandbox.db, clock};
    SqliteJobStore store{*sandbox.db};
    JobEngine engine{store, clock, EngineSettings{1, Clock::Duration(60000), Clock::Duration(2000), Clock::Duration(300000), 8, 12, 42}};
    NumberState number{sandbox.whatsapp, clock};
    MembershipJobs jobs{engine, *sandbox.db, sandbox.whatsapp, number, checks, pacer, audit, JobSettings{}};
    GroupInvites invites{sandbox.whatsapp, checks, number, audit, "RU"};
    RobotRuns runs{jobs, store};
    ReportCatcher catcher;
    int entity_reads = 0;
    Error crm_failure{ErrorCode::unknown, {}};   // unknown: the CRM answers

    void SetUp() override {
        jobs.set_entity_reader([this](const std::string& tenant, const EntityRef& ref) -> Result<EntityContext> {
            ++entity_reads;
            EXPECT_EQ(tenant, "standalone");
            if (crm_failure.code != ErrorCode::unknown) return crm_failure;
            return sandbox.crm.entity(ref);
        });
        jobs.set_invite_sender([this](const std::string& group, const std::string& phone, const Actor& actor) {
            return invites.send(group, phone, Lang::ru, actor);
        });
        catcher.store = &store;
        engine.add_hook_runner("test_report", catcher);
    }

    RobotOrder order(const std::string& key, EntityRef entity = {EntityKind::deal, "101"}) {
        RobotOrder o;
        o.tenant = "standalone";
        o.robot_name = "Робот этапа «Переговоры»";
        o.crm = "sandbox";
        o.group_id = demo::kMoscowClientsGroup;
        o.entity = entity;
        o.trigger = "Сделка перешла на этап «Переговоры»";
        o.idempotency_key = key;
        o.report_hook = {{"type", "test_report"}};
        return o;
    }
    Job finished(const Job& started) {
        engine.run_until_idle();
        return jobs.get("standalone", started.id).value();
    }
    int messages_to(const std::string& phone) {
        return (int)sandbox.db->scalar("SELECT count(*) FROM wa_messages WHERE phone = ?1", 0, phone);
    }
    void add_contact_to_deal(const std::string& deal, const std::string& name, const std::string& phone) {
        sandbox.db->run("INSERT INTO crm_contacts (id, name, responsible_user_id) VALUES ('999', ?1, '2')", name);
        sandbox.db->run("INSERT INTO crm_contact_phones (contact_id, position, phone) VALUES ('999', 0, ?1)", phone);
        sandbox.db->run("INSERT INTO crm_entity_contacts (kind, entity_id, contact_id, position) VALUES ('deal', ?1, '999', 99)", deal);
    }
};

TEST_F(Robots, TheDealsContactsAreReadWhenTheJobRunsNotWhenTheCrmCalled) {
    Result<Job> started = runs.start(order("event-1"));
    ASSERT_TRUE(started.ok());
    EXPECT_EQ(started->total, 0);
    EXPECT_EQ(entity_reads, 0);   // the CRM's call is answered without asking anyone
    // A contact added to the deal between the CRM's call and the job's turn is acted on.
    add_contact_to_deal("101", "Пётр Новиков", "+7 916 555-77-88");
    Job job = finished(*started);
    EXPECT_EQ(entity_reads, 1);
    EXPECT_EQ(job.state, JobState::done);
    ASSERT_EQ(job.items.size(), 6u);
    EXPECT_EQ(job.items.back().phone, "+79165557788");
    EXPECT_EQ(job.items.back().name, "Пётр Новиков");
    EXPECT_EQ(job.items.back().outcome, ChangeOutcome::done);
    EXPECT_EQ(job.requested_by.kind, RequesterKind::robot);
    EXPECT_EQ(job.requested_by.name, "Робот этапа «Переговоры»");
}

TEST_F(Robots, WhomAnAddFailsForGetsTheInviteLinkWhenTheRobotSaysSo) {
    const std::string private_person = demo::numbers_blocking_group_adds().front();
    const std::string no_whatsapp = demo::numbers_without_whatsapp().front();
    RobotOrder with_invite = order("event-invite");
    with_invite.people = {{private_person, "Закрытый профиль", {}}, {no_whatsapp, "Без WhatsApp", {}}};
    with_invite.invite_on_failure = true;
    Job job = finished(runs.start(with_invite).value());
    ASSERT_EQ(job.items.size(), 2u);
    EXPECT_EQ(job.items[0].outcome, ChangeOutcome::invite_sent);
    EXPECT_EQ(messages_to(private_person), 1);
    // The invitation went out, and the privacy refusal behind it is still kept for the card.
    EXPECT_EQ(PrivacyRefusals(*sandbox.db, clock).of({private_person}).count(private_person), 1u);
    // A number without WhatsApp gets nothing: no add, no message.
    EXPECT_EQ(job.items[1].outcome, ChangeOutcome::not_on_whatsapp);
    EXPECT_EQ(messages_to(no_whatsapp), 0);

    RobotOrder without = order("event-no-invite");
    without.people = {{private_person, "", {}}};
    Job plain = finished(runs.start(without).value());
    EXPECT_EQ(plain.items[0].outcome, ChangeOutcome::privacy_blocked);
    EXPECT_EQ(messages_to(private_person), 1);
}

TEST_F(Robots, TheSameCrmEventTwiceIsOneRunAndOneReport) {
    Result<Job> first = runs.start(order("event-twice"));
    Result<Job> again = runs.start(order("event-twice"));
    ASSERT_TRUE(first.ok() && again.ok());
    EXPECT_EQ(first->id, again->id);
    finished(*first);
    Result<Job> after = runs.start(order("event-twice"));   // also once it has ended
    EXPECT_EQ(after->id, first->id);
    engine.run_until_idle();
    EXPECT_EQ(runs.recent("standalone", 10)->runs.size(), 1u);
    EXPECT_EQ(catcher.reports.size(), 1u);
    // The same key for another deal is another request: refused, not silently merged.
    Result<Job> other = runs.start(order("event-twice", {EntityKind::deal, "102"}));
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, ErrorCode::idempotency_key_reused);
}

TEST_F(Robots, TheReportIsRetriedUntilTheCrmTakesItAndSaysWhatHappenedPerPerson) {
    catcher.refusals = 2;
    const std::string private_person = demo::numbers_blocking_group_adds().front();
    RobotOrder o = order("event-report");
    o.people = {{"+7 916 555-01-02", "Олег", {}}, {private_person, "Закрытый", {}}};
    finished(runs.start(o).value());
    ASSERT_EQ(catcher.reports.size(), 1u);
    const RobotReport& report = catcher.reports.front();
    EXPECT_EQ(report.code, "partial");
    EXPECT_EQ(report.succeeded, 1);
    EXPECT_EQ(report.failed, 1);
    EXPECT_NE(report.message.find("Клиенты — Москва"), std::string::npos) << report.message;
    EXPECT_NE(report.message.find("1 из 2"), std::string::npos) << report.message;
    // The failed add names WhatsApp's possible reasons (seed 000) and the next step.
    EXPECT_NE(report.log.find("+7 916 555-01-02 (Олег): Добавлен в группу."), std::string::npos) << report.log;
    EXPECT_NE(report.log.find("Возможные причины"), std::string::npos) << report.log;
    EXPECT_NE(report.log.find("пригласительную ссылку"), std::string::npos) << report.log;
    RobotRunList list = runs.recent("standalone", 10).value();
    ASSERT_EQ(list.runs.size(), 1u);
    EXPECT_EQ(list.runs[0].report, "done");
}

TEST_F(Robots, ACrmThatIsDownIsAskedAgainAndOneThatRefusesStopsTheRunWithAReport) {
    crm_failure = Error{ErrorCode::crm_unavailable, {}};
    Result<Job> started = runs.start(order("event-crm-down"));
    engine.run_one();
    Job waiting = jobs.get("standalone", started->id).value();
    EXPECT_EQ(entity_reads, 1);
    EXPECT_TRUE(waiting.state == JobState::queued || waiting.state == JobState::running);
    EXPECT_EQ(waiting.waiting_for, JobWait::retry);
    EXPECT_EQ(waiting.total, 0);
    crm_failure = Error{ErrorCode::unknown, {}};
    EXPECT_EQ(finished(*started).state, JobState::done);

    crm_failure = Error{ErrorCode::crm_not_authorized, {}};
    Job refused = finished(runs.start(order("event-crm-refuses", {EntityKind::deal, "102"})).value());
    EXPECT_EQ(refused.state, JobState::stopped);
    EXPECT_EQ(refused.stop_reason, "crm_not_authorized");
    ASSERT_EQ(catcher.reports.size(), 2u);
    EXPECT_EQ(catcher.reports[1].code, "crm_not_authorized");
    EXPECT_NE(catcher.reports[1].message.find("остановлено"), std::string::npos);
}

TEST_F(Robots, ADealWithoutContactsIsReportedAsNobodyToChange) {
    sandbox.db->run("DELETE FROM crm_entity_contacts WHERE kind = 'deal' AND entity_id = '103'");
    Job job = finished(runs.start(order("event-empty", {EntityKind::deal, "103"})).value());
    EXPECT_EQ(job.state, JobState::done);
    EXPECT_EQ(job.total, 0);
    ASSERT_EQ(catcher.reports.size(), 1u);
    EXPECT_EQ(catcher.reports[0].code, "no_people");
}

TEST_F(Robots, BadOrdersAreRefusedBeforeAnythingIsQueued) {
    RobotOrder no_key = order("");
    EXPECT_EQ(runs.start(no_key).error().code, ErrorCode::bad_request);
    RobotOrder bad_group = order("event-bad-group");
    bad_group.group_id = "not a group";
    EXPECT_EQ(runs.start(bad_group).error().code, ErrorCode::invalid_group_id);
    RobotOrder nobody = order("event-nobody", {EntityKind::deal, ""});
    EXPECT_EQ(runs.start(nobody).error().code, ErrorCode::no_people);
    EXPECT_TRUE(runs.recent("standalone", 10)->runs.empty());
}

TEST_F(Robots, TheRobotsListShowsRobotRunsOnlyWithWhereTheyCameFrom) {
    jobs.create(demo::kMoscowClientsGroup, ChangeRequest{ParticipantAction::add, {{"+79165550101", "", {}}}},
                {"manager@example.ru"});
    RobotOrder o = order("event-list");
    o.entity_url = "https://portal.example.ru/crm/deal/details/101/";
    finished(runs.start(o).value());
    RobotRunList list = runs.recent("standalone", 10).value();
    ASSERT_EQ(list.runs.size(), 1u);
    const RobotRun& run = list.runs[0];
    EXPECT_EQ(run.crm, "sandbox");
    EXPECT_EQ(run.entity.id, "101");
    EXPECT_EQ(run.entity_title, "Поставка оборудования ООО «Вектор»");
    EXPECT_EQ(run.entity_url, "https://portal.example.ru/crm/deal/details/101/");
    EXPECT_EQ(run.trigger, "Сделка перешла на этап «Переговоры»");
    EXPECT_TRUE(run.people_from_entity);
    EXPECT_EQ(run.job.group_name, "Клиенты — Москва");
    EXPECT_EQ(run.job.state, JobState::done);
    // Another tenant sees none of it.
    EXPECT_TRUE(runs.recent("bitrix24:other", 10)->runs.empty());
    // Each person the robot changed is in the audit log with the robot as the actor.
    std::vector<AuditEntry> entries = audit.recent("standalone", demo::kMoscowClientsGroup, 50);
    int by_robot = 0;
    for (const AuditEntry& e : entries)
        if (e.actor == "Робот этапа «Переговоры»" && e.actor_kind == RequesterKind::robot) ++by_robot;
    EXPECT_EQ(by_robot, 5);
}

// The sandbox pipeline: entering a stage names its robots once per move.
TEST_F(Robots, MovingADemoDealIntoAStageNamesItsRobotsOncePerMove) {
    SandboxPipelineStore pipeline(sandbox.store);
    SandboxPipeline p = pipeline.pipeline().value();
    ASSERT_EQ(p.stages.size(), 5u);
    EXPECT_EQ(p.stages[1].name, "Переговоры");
    ASSERT_EQ(p.robots.size(), 2u);
    EXPECT_EQ(p.robots[0].group_name, "Клиенты — Москва");

    DealMove in = pipeline.move("101", "talks", 1000).value();
    ASSERT_EQ(in.robots.size(), 1u);
    EXPECT_EQ(in.robots[0].action, ParticipantAction::add);
    EXPECT_TRUE(in.robots[0].invite_on_failure);
    // Already there: a CRM fires nothing.
    EXPECT_TRUE(pipeline.move("101", "talks", 1001).value().robots.empty());
    DealMove lost = pipeline.move("101", "lost", 1002).value();
    ASSERT_EQ(lost.robots.size(), 1u);
    EXPECT_EQ(lost.robots[0].action, ParticipantAction::remove);
    EXPECT_NE(lost.move_id, in.move_id);

    EXPECT_EQ(pipeline.move("101", "nowhere", 1003).error().code, ErrorCode::bad_request);
    EXPECT_EQ(pipeline.move("999", "talks", 1003).error().code, ErrorCode::not_found);
    EXPECT_EQ(pipeline.pipeline()->deals[0].stage_id, "lost");
}

} // namespace
} // namespace gd
