// Bitrix24's robot «Управление группой» calling the proxy over real HTTP, byte for byte as its
// queue server posts, against a fake portal that installed GroupDesk and the sandbox WhatsApp
// gateway on a real data file. Given the portal's stored application token, when the robot calls,
// then the proxy answers at once, the run is a member change job (worked here on a manual clock),
// and its result goes back once through bizproc.event.send; forged calls enqueue nothing.
#include "../connectors/bitrix24_posts.h"
#include "proxy_test_support.h"

#include "proxy/connectors/bitrix24/bitrix24_crm.h"
#include "proxy/domain/phone_numbers.h"
#include "proxy/domain/robot_runs.h"
#include "proxy/storage/crm_account_table.h"
#include "proxy/transport/bitrix24_robot_routes.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using nlohmann::json;
using test::add_phones;
using test::FakeBitrix24;
using test::kAppToken;
using test::kMemberId;
using test::RobotPost;

const char* kOtherMemberId = "0f9e8d7c6b5a49382716f5e4d3c2b1a0";
const char* kOtherAppToken = "app-token-Other-7Rt2";

// A base, so the fake portal outlives the proxy and the clients it keeps.
struct WithFakePortal {
    FakeBitrix24 fake;
};

struct RobotProxy : WithFakePortal, ::testing::Test {
    test::Sandbox sandbox;
    test::WatchedGateway gateway{sandbox.store};
    ManualClock clock;
    CrmAccountTable accounts{*sandbox.db, clock};
    CrmTokenKeeper keeper{accounts};
    Bitrix24App app{test::kClientId, test::kClientSecret, fake.url()};
    EngineSettings engine_settings{1, Clock::Duration(60000), Clock::Duration(2000), Clock::Duration(300000), 8, 12, 42};
    SqliteJobStore store{*sandbox.db};
    JobEngine engine{store, clock, engine_settings};
    NumberState number{gateway, clock};
    WhatsAppChecks checks{*sandbox.db, gateway, clock, CheckPolicy{}};
    AddPacer pacer{*sandbox.db, clock, PacingPolicy{Clock::Duration(10000), Clock::Duration(5000), 100}, 42};
    AuditLog audit{*sandbox.db, clock};
    MembershipJobs jobs{engine, *sandbox.db, gateway, number, checks, pacer, audit, JobSettings{}};
    GroupInvites invites{gateway, checks, number, audit, "RU"};
    RobotRuns runs{jobs, store};
    Bitrix24RobotRefusals refusals{engine, store};
    std::mutex log_mutex;
    std::vector<std::string> lines;
    std::function<void(const std::string&)> log = [this](const std::string& line) {
        std::lock_guard lock(log_mutex);
        lines.push_back(line);
    };
    Bitrix24RobotResults results{store, keeper, app, clock, log};
    std::unique_ptr<test::RunningProxy> proxy;
    std::string access;

    void SetUp() override {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        std::string refresh;
        std::tie(access, refresh) = fake.issue_pair("1");
        ASSERT_TRUE(keeper.store({kMemberId, "bitrix24", fake.url(), access, refresh, 0, kAppToken}).ok());
        // Another portal that installed GroupDesk too, with its own application token.
        auto [other_access, other_refresh] = fake.issue_pair("1");
        ASSERT_TRUE(keeper.store({kOtherMemberId, "bitrix24", "https://other.bitrix24.ru", other_access, other_refresh, 0,
                                  kOtherAppToken}).ok());
        jobs.set_entity_reader([this](const std::string& tenant, const EntityRef& ref) -> Result<EntityContext> {
            return Bitrix24Crm(keeper, tenant.substr(std::string("bitrix24:").size()), app, clock).entity(ref);
        });
        jobs.set_invite_sender([this](const std::string& group_id, const std::string& phone, const Actor& actor) {
            return invites.send(group_id, phone, Lang::ru, actor);
        });
        engine.add_hook_runner(Bitrix24RobotResults::kHookType, results);
        proxy = std::make_unique<test::RunningProxy>(bitrix24_robot_routes(runs, refusals, keeper, log));
    }
    void TearDown() override { proxy.reset(); }

    RobotPost post(test::OrderedFields properties) {
        RobotPost p;
        p.domain = fake.domain();
        p.properties = std::move(properties);
        return p;
    }
    httplib::Result call(const RobotPost& p) {
        return proxy->client().Post("/crm/bitrix24/robot", p.body(), "application/x-www-form-urlencoded");
    }
    std::vector<QueuedJob> all_jobs(const std::string& tenant = std::string("bitrix24:") + kMemberId) {
        std::vector<QueuedJob> found;
        for (const char* kind : {MembershipJobs::kKind, Bitrix24RobotRefusals::kKind})
            for (RequesterKind who : {RequesterKind::robot, RequesterKind::person})
                for (const QueuedJob& job : store.by_requester(tenant, kind, who, 100)) found.push_back(job);
        return found;
    }
    std::string logged() {
        std::lock_guard lock(log_mutex);
        std::string out;
        for (const std::string& line : lines) out += line + "\n";
        return out;
    }
    std::string outcome_of(const std::string& job_id, const std::string& phone) {
        for (const QueuedItem& item : store.items(job_id))
            if (item.subject == phone) return item.outcome;
        return "(none)";
    }
};

// ---- Who may call ---------------------------------------------------------------------------

TEST_F(RobotProxy, AGenuineCallIsAnsweredAtOnceWithOneJobAndNothingAskedYet) {
    fake.await_event(RobotPost{}.event_token);
    httplib::Result r = call(post(add_phones(demo::kMoscowClientsGroup, {"+79165550102"})));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(json::parse(r->body)["result"], "accepted");
    const std::vector<QueuedJob> queued = all_jobs();
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_EQ(queued[0].kind, MembershipJobs::kKind);
    EXPECT_EQ(queued[0].requested_by.name, "Робот Bitrix24 «Управление группой»");
    EXPECT_EQ(queued[0].on_finish,
              (json{{"type", "bitrix24_robot_result"}, {"member_id", kMemberId}, {"event_token", RobotPost{}.event_token}}));
    const RobotRun run = robot_run_of(*jobs.get(queued[0].tenant, queued[0].id), queued[0]);
    EXPECT_EQ(run.entity.kind, EntityKind::deal);
    EXPECT_EQ(run.entity.id, "8061");
    EXPECT_EQ(run.entity_url, fake.url() + "/crm/deal/details/8061/");
    EXPECT_TRUE(run.invite_on_failure);
    // Answered before WhatsApp or the portal was asked anything.
    EXPECT_EQ(gateway.requests, 0);
    EXPECT_TRUE(fake.methods().empty());
}

TEST_F(RobotProxy, AForgedApplicationTokenIsRefusedAndNothingIsEnqueued) {
    RobotPost forged = post(add_phones(demo::kMoscowClientsGroup, {"+79165550102"}));
    forged.application_token = "app-token-Hq2Lm9Xw";   // one character off
    for (const RobotPost& p : {forged, [&] {
                                   RobotPost none = forged;
                                   none.application_token = "";
                                   return none;
                               }()}) {
        httplib::Result r = call(p);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 403);
        EXPECT_EQ(json::parse(r->body)["error"]["code"], "crm_call_unverified");
    }
    EXPECT_TRUE(all_jobs().empty());
    const std::string log_text = logged();
    EXPECT_NE(log_text.find("a wrong auth[application_token]"), std::string::npos) << log_text;
    EXPECT_NE(log_text.find("no auth[application_token]"), std::string::npos) << log_text;
    // Neither the forged nor the stored token is written anywhere.
    EXPECT_EQ(log_text.find("app-token-Hq2Lm9X"), std::string::npos) << log_text;
}

TEST_F(RobotProxy, AnotherPortalsMemberIdOrAnUnknownOneIsRefused) {
    RobotPost other = post(add_phones(demo::kMoscowClientsGroup, {"+79165550102"}));
    other.member_id = kOtherMemberId;   // installed, but this is not its token
    RobotPost unknown = other;
    unknown.member_id = "ffffffffffffffffffffffffffffffff";
    for (const RobotPost& p : {other, unknown}) {
        httplib::Result r = call(p);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 403) << r->body;
    }
    EXPECT_TRUE(all_jobs().empty());
    EXPECT_TRUE(all_jobs(std::string("bitrix24:") + kOtherMemberId).empty());
    EXPECT_NE(logged().find("a portal that has not installed GroupDesk"), std::string::npos);
}

TEST_F(RobotProxy, TheSameEventTokenTwiceIsOneJobAndOneResult) {
    fake.await_event(RobotPost{}.event_token);
    const RobotPost p = post(add_phones(demo::kMoscowClientsGroup, {"+79165550102"}));
    httplib::Result first = call(p);
    httplib::Result again = call(p);
    ASSERT_TRUE(first && again);
    EXPECT_EQ(again->status, 200);
    EXPECT_EQ(json::parse(first->body)["job_id"], json::parse(again->body)["job_id"]);
    EXPECT_EQ(all_jobs().size(), 1u);
    engine.run_until_idle();
    call(p);   // once more after the run and its result
    engine.run_until_idle();
    EXPECT_EQ(gateway.adds, 1);
    EXPECT_EQ(fake.events_sent().size(), 1u);
    EXPECT_EQ(all_jobs().size(), 1u);
}

TEST_F(RobotProxy, ABrokenCallIsABadRequestNamingTheField) {
    test::OrderedFields fields = post(add_phones(demo::kMoscowClientsGroup, {"+79165550102"})).fields();
    std::erase_if(fields, [](const auto& f) { return f.first == "event_token"; });
    httplib::Result r = proxy->client().Post("/crm/bitrix24/robot", test::php_form(fields), "application/x-www-form-urlencoded");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_NE(r->body.find("event_token"), std::string::npos) << r->body;
    EXPECT_TRUE(all_jobs().empty());
}

// ---- Settings it cannot act on go back to the workflow's log --------------------------------

TEST_F(RobotProxy, MissingSettingsAreAcceptedAndReportedBackInRussianOnce) {
    RobotPost p = post({{"properties[action]", "add"}, {"properties[whom]", "phones"}, {"properties[invite_on_failure]", "N"}});
    fake.await_event(p.event_token);
    httplib::Result r = call(p);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;   // not an error: Bitrix24's queue would retry it
    EXPECT_EQ(json::parse(r->body)["result"], "reported");
    EXPECT_EQ(call(p)->status, 200);   // the same call again
    engine.run_until_idle();
    ASSERT_EQ(fake.events_sent().size(), 1u);
    const FakeBitrix24::SentEvent sent = fake.events_sent()[0];
    EXPECT_EQ(sent.return_values["result_code"], "bad_request");
    EXPECT_EQ(sent.return_values["result_message"], "В настройках робота не выбрана группа WhatsApp.");
    EXPECT_EQ(sent.return_values["succeeded"], 0);
    EXPECT_EQ(sent.log_message, "В настройках робота не выбрана группа WhatsApp.");
    EXPECT_EQ(gateway.requests, 0);
    EXPECT_EQ(all_jobs().size(), 1u);
}

TEST_F(RobotProxy, PhonesChosenButNoneWrittenAndAContactDocumentAreReportedToo) {
    RobotPost no_phones = post({{"properties[group]", demo::kMoscowClientsGroup},
                                {"properties[action]", "add"},
                                {"properties[whom]", "phones"}});
    RobotPost contact = post({{"properties[group]", demo::kMoscowClientsGroup},
                              {"properties[action]", "add"},
                              {"properties[whom]", "contacts"}});
    contact.document = "CONTACT_5";
    contact.event_token = "55c1dc1c3f0d75.78875596|A51601_82584_96831_81133|second";
    for (const RobotPost& p : {no_phones, contact}) {
        fake.await_event(p.event_token);
        EXPECT_EQ(call(p)->status, 200);
    }
    engine.run_until_idle();
    ASSERT_EQ(fake.events_sent().size(), 2u);
    std::map<std::string, std::string> said;
    for (const auto& e : fake.events_sent()) said[e.event_token] = e.return_values["result_message"];
    EXPECT_NE(said[no_phones.event_token].find("ни одного номера не указано"), std::string::npos);
    EXPECT_NE(said[contact.event_token].find("только в сделках и лидах"), std::string::npos);
}

TEST_F(RobotProxy, AWorkflowThatDoesNotWaitGetsNoResult) {
    RobotPost p = post(add_phones(demo::kMoscowClientsGroup, {"+79165550102"}));
    p.use_subscription = "N";
    fake.await_event(p.event_token);
    EXPECT_EQ(call(p)->status, 200);
    engine.run_until_idle();
    EXPECT_EQ(gateway.adds, 1);
    EXPECT_TRUE(fake.events_sent().empty());
    EXPECT_TRUE(all_jobs()[0].on_finish.is_null());
}

// ---- The run and its result ------------------------------------------------------------------

TEST_F(RobotProxy, NoWhatsAppIsNotAddedAndAPrivacyBlockedPersonGetsTheInvite) {
    const std::string no_whatsapp = demo::numbers_without_whatsapp().front();
    const std::string private_person = demo::numbers_blocking_group_adds().front();
    RobotPost p = post(add_phones(demo::kMoscowClientsGroup, {"+79165550102", no_whatsapp, private_person}, /*invite=*/true));
    fake.await_event(p.event_token);
    ASSERT_EQ(call(p)->status, 200);
    engine.run_until_idle();

    const std::string job_id = all_jobs()[0].id;
    EXPECT_EQ(outcome_of(job_id, "+79165550102"), "done");
    EXPECT_EQ(outcome_of(job_id, no_whatsapp), "not_on_whatsapp");
    EXPECT_EQ(outcome_of(job_id, private_person), "invite_sent");
    EXPECT_EQ(gateway.adds, 2);   // the number without WhatsApp was never sent to the group
    // The invite link went to them in WhatsApp.
    Statement texts = sandbox.db->prepare("SELECT text FROM wa_messages WHERE phone = ?1");
    texts.bind(1, private_person);
    ASSERT_TRUE(texts.step());
    EXPECT_NE(texts.text(0).find("https://chat.whatsapp.com/"), std::string::npos) << texts.text(0);
    EXPECT_FALSE(texts.step());

    ASSERT_EQ(fake.events_sent().size(), 1u);
    const FakeBitrix24::SentEvent result = fake.events_sent()[0];
    EXPECT_EQ(result.event_token, p.event_token);
    EXPECT_EQ(result.return_values["result_code"], "partial");
    EXPECT_EQ(result.return_values["succeeded"], 1);
    EXPECT_EQ(result.return_values["failed"], 2);
    const std::string log_message = result.log_message;
    EXPECT_NE(log_message.find("+7 916 555-01-02: "), std::string::npos) << log_message;
    // Each number as people read it (+7 495 777-55-33), as the widget shows it.
    EXPECT_NE(log_message.find(phone_for_people(no_whatsapp) + ": У номера нет WhatsApp"), std::string::npos) << log_message;
    EXPECT_NE(log_message.find(phone_for_people(private_person) + ": Добавить не удалось, пригласительная ссылка отправлена"),
              std::string::npos)
        << log_message;
    EXPECT_NE(log_message.find("Возможные причины: пользователь запретил добавлять себя в группы"), std::string::npos)
        << log_message;
}

TEST_F(RobotProxy, TheDealsContactsAreReadFromThePortalWhenTheRunStarts) {
    fake.contact("31", "Ivan", "Petrov", {"+7 916 555-01-31"});
    fake.contact("32", "Olga", "Sidorova", {"+7 916 555-01-32"});
    fake.deal("8061", "Поставка", {31});
    RobotPost p = post({{"properties[group]", demo::kMoscowClientsGroup},
                        {"properties[action]", "add"},
                        {"properties[whom]", "contacts"},
                        {"properties[invite_on_failure]", "N"}});
    fake.await_event(p.event_token);
    ASSERT_EQ(call(p)->status, 200);
    EXPECT_TRUE(fake.methods().empty());
    fake.deal("8061", "Поставка", {31, 32});   // a contact linked after the call, before the run
    engine.run_until_idle();
    const std::string job_id = all_jobs()[0].id;
    EXPECT_EQ(outcome_of(job_id, "+79165550131"), "done");
    EXPECT_EQ(outcome_of(job_id, "+79165550132"), "done");
    ASSERT_EQ(fake.events_sent().size(), 1u);
    EXPECT_EQ(fake.events_sent()[0].return_values["result_code"], "ok");
    EXPECT_EQ(fake.events_sent()[0].return_values["succeeded"], 2);
}

TEST_F(RobotProxy, TheResultIsSentAgainUntilBitrix24TakesItExactlyOnce) {
    RobotPost p = post(add_phones(demo::kMoscowClientsGroup, {"+79165550102", "+79165550103"}, false));
    fake.await_event(p.event_token);
    ASSERT_EQ(call(p)->status, 200);
    // The first send meets the portal's rate limit (503 QUERY_LIMIT_EXCEEDED); the second an
    // access token whose hour is over (401 expired_token): the pair is renewed and it goes.
    fake.rate_limit_next(1);
    int sends = 0;
    fake.on_rest_call = [&](const std::string& token) {
        if (++sends == 2) fake.expire(token);
    };
    engine.run_until_idle();
    EXPECT_EQ(fake.methods(), (std::vector<std::string>{"bizproc.event.send", "bizproc.event.send", "bizproc.event.send"}));
    EXPECT_EQ(fake.refreshes(), 1);
    ASSERT_EQ(fake.events_sent().size(), 1u);
    const FakeBitrix24::SentEvent result = fake.events_sent()[0];
    EXPECT_EQ(result.return_values,
              (json{{"result_code", "ok"},
                    {"result_message", "Группа «Клиенты — Москва», действие «Добавить в группу»: выполнено для 2 из 2."},
                    {"succeeded", 2},
                    {"failed", 0}}));
    EXPECT_EQ(result.log_message, "Группа «Клиенты — Москва», действие «Добавить в группу»: выполнено для 2 из 2.\n"
                                  "+7 916 555-01-02: Добавлен в группу.\n"
                                  "+7 916 555-01-03: Добавлен в группу.");
    EXPECT_EQ(all_jobs()[0].hook_state, "done");
    // The renewed pair is the one kept.
    EXPECT_NE(keeper.current(kMemberId)->access_token, access);
    const std::string log_text = logged();
    EXPECT_NE(log_text.find("not taken yet, will try again"), std::string::npos) << log_text;
    EXPECT_EQ(log_text.find(p.event_token), std::string::npos) << log_text;
}

TEST_F(RobotProxy, AnActivityClosedByItsTimeoutIsGivenUpWithOneLine) {
    RobotPost p = post(add_phones(demo::kMoscowClientsGroup, {"+79165550102"}));
    // Nobody awaits the token any more: the workflow's timeout closed the activity.
    ASSERT_EQ(call(p)->status, 200);
    engine.run_until_idle();
    EXPECT_EQ(fake.methods(), (std::vector<std::string>{"bizproc.event.send"}));
    EXPECT_TRUE(fake.events_sent().empty());
    EXPECT_NE(logged().find("Bitrix24 will not take it, given up: HTTP 403 ACCESS_DENIED"), std::string::npos) << logged();
}

} // namespace
} // namespace gd
