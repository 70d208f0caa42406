// amoCRM's Digital Pipeline action end to end over real HTTP: amoCRM posts the hook (form or
// JSON) when a lead enters the stage; the proxy answers at once, reads the lead again through the
// API and, only when it really is in that stage, runs the robot on the lead's contacts in the
// sandbox WhatsApp; the result lands as one note in the lead. Forged, foreign, stale and repeated
// hooks act on nobody. The widget's dpSettings gets the groups and the secret, for admins only.
#include "../connectors/amocrm_fake.h"
#include "proxy_test_support.h"

#include "proxy/connectors/amocrm/amo_crm.h"
#include "proxy/connectors/amocrm/amo_pipeline_hook.h"
#include "proxy/storage/crm_account_table.h"
#include "proxy/storage/jti_table.h"
#include "proxy/transport/amocrm_pipeline_routes.h"

#include <gtest/gtest.h>


namespace gd {
namespace {

using amo_test::Reply;
using nlohmann::json;

const char* kTenant = "amocrm:30441694";
const char* kPhone = "+79165550101";   // has WhatsApp in the sandbox, not in the group yet

// The hook as amoCRM posts it (digital_pipeline/integrations), with the given secret and stage.
json hook_body(const std::string& secret, const std::string& status = "142", const std::string& account = "30441694",
               int64_t time = 1795424400) {
    return {{"event",
             {{"type", 14},
              {"type_code", "lead_status_changed"},
              {"data", {{"id", 42}, {"element_type", 2}, {"status_id", std::stoll(status)}, {"pipeline_id", 3177727},
                        {"direction_of_movement", "went_to_trigger"}}},
              {"time", time}}},
            {"action",
             {{"settings",
               {{"widget",
                 {{"settings", {{"group", demo::kMoscowClientsGroup}, {"action", "add"}, {"invite_on_failure", "N"},
                                {"secret", secret}}}}}}}}},
            {"subdomain", "acme"},
            {"account_id", std::stoll(account)}};
}

// The same hook as a PHP form: event[data][id]=42&... (nested keys flattened with brackets).
std::string as_form(const json& j, const std::string& prefix = "") {
    std::string out;
    for (auto& [key, value] : j.items()) {
        const std::string name = prefix.empty() ? key : prefix + "[" + key + "]";
        std::string part = value.is_object()   ? as_form(value, name)
                           : value.is_string() ? httplib::detail::encode_query_param(name) + "=" +
                                                     httplib::detail::encode_query_param(value.get<std::string>())
                                               : httplib::detail::encode_query_param(name) + "=" + value.dump();
        if (!part.empty()) out += (out.empty() ? "" : "&") + part;
    }
    return out;
}

// The fake account outlives the proxy and its kept clients.
struct WithFakeAmo {
    ManualClock clock;
    amo_test::FakeAmo fake{clock};
};

struct Pipeline : WithFakeAmo, ::testing::Test {
    test::Sandbox sandbox;
    CrmAccountTable accounts{*sandbox.db, clock};
    CrmTokenKeeper keeper{accounts};
    JtiTable ledger{*sandbox.db, clock};
    SqliteJobStore store{*sandbox.db};
    EngineSettings engine_settings{1, Clock::Duration(60000), Clock::Duration(2000), Clock::Duration(300000), 8, 12, 42};
    JobEngine engine{store, clock, engine_settings};
    NumberState number{sandbox.whatsapp, clock};
    WhatsAppChecks checks{*sandbox.db, sandbox.whatsapp, clock, CheckPolicy{}};
    AddPacer pacer{*sandbox.db, clock, PacingPolicy{Clock::Duration(10000), Clock::Duration(5000), 100}, 42};
    AuditLog audit{*sandbox.db, clock};
    MembershipJobs jobs{engine, *sandbox.db, sandbox.whatsapp, number, checks, pacer, audit, JobSettings{}};
    RobotRuns runs{jobs, store};
    GroupDirectory groups{sandbox.whatsapp};
    AmoIntegration integration;
    std::unique_ptr<AmoCrm> amo;
    std::unique_ptr<AmoStageCheck> stage_checks;
    std::unique_ptr<AmoLeadNotes> notes;
    std::string secret = new_pipeline_secret();
    std::mutex answers_mutex;   // what the fake account answers next, as the test changes it
    Reply lead_reply;
    std::vector<Reply> note_replies;
    size_t notes_answered = 0;
    std::vector<std::string> note_bodies;   // every note POSTed, answered or not
    std::mutex log_mutex;
    std::string route_log;   // every line the routes wrote
    std::unique_ptr<test::RunningProxy> proxy;

    void SetUp() override {
        fake.accept_access("access-Kq1");
        lead_is_in("142");
        fake.server.Get("/api/v4/leads/42", [this](const httplib::Request&, httplib::Response& res) {
            std::lock_guard lock(answers_mutex);
            res.status = lead_reply.status;
            if (!lead_reply.body.empty()) res.set_content(lead_reply.body, lead_reply.content_type);
        });
        fake.answer_json("/api/v4/contacts",
                         {{"_embedded",
                           {{"contacts", json::array({{{"id", 7},
                                                       {"name", "Ирина Лебедева"},
                                                       {"responsible_user_id", 1},
                                                       {"custom_fields_values",
                                                        json::array({{{"field_code", "PHONE"},
                                                                      {"values", json::array({{{"value", kPhone}}})}}})}}})}}}});
        notes_answer({Reply{200, R"({"_embedded":{"notes":[{"id":901,"entity_id":42}]}})"}});
        fake.server.Post("/api/v4/leads/notes", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(answers_mutex);
            note_bodies.push_back(req.body);
            const Reply& r = note_replies[std::min(notes_answered++, note_replies.size() - 1)];
            res.status = r.status;
            res.set_content(r.body, r.content_type);
        });
        fake.start();
        integration = amo_test::integration_for(fake);
        keeper.store({amo_test::kAccountId, "amocrm", fake.url(), "access-Kq1", "refresh-Kq1", clock.unix_seconds() + 3600, secret});
        amo = std::make_unique<AmoCrm>(keeper, amo_test::kAccountId, integration, clock);
        jobs.set_entity_reader([this](const std::string& tenant, const EntityRef& ref) -> Result<EntityContext> {
            if (tenant != kTenant) return Error{ErrorCode::crm_not_connected, {}};
            return amo->entity(ref);
        });
        stage_checks = std::make_unique<AmoStageCheck>(engine, runs, [this](const std::string& account, const std::string& lead) -> Result<AmoLead> {
            if (account != amo_test::kAccountId) return Error{ErrorCode::crm_not_connected, {}};
            return amo->lead_record(lead);
        });
        notes = std::make_unique<AmoLeadNotes>(store, [this](const std::string& account) -> Result<AmoApi*> {
            if (account != amo_test::kAccountId) return Error{ErrorCode::crm_not_connected, {}};
            return &amo->api();
        });
        engine.add_hook_runner(AmoLeadNotes::kType, *notes);
        auto log = [this](const std::string& line) {
            std::lock_guard lock(log_mutex);
            route_log += line + "\n";
        };
        proxy = std::make_unique<test::RunningProxy>(
            amocrm_pipeline_routes(integration, keeper, *stage_checks, groups, clock, ledger, log));
    }
    void TearDown() override { proxy->stop(); }

    // Where GET /api/v4/leads/42 says the lead is now.
    void lead_is_in(const std::string& status) {
        json lead = {{"id", 42},
                     {"name", "Поставка оборудования"},
                     {"responsible_user_id", 1},
                     {"pipeline_id", 3177727},
                     {"status_id", std::stoll(status)},
                     {"_embedded", {{"contacts", json::array({{{"id", 7}, {"is_main", true}}})}}}};
        lead_answers(Reply{200, lead.dump()});
    }
    void lead_answers(Reply reply) {
        std::lock_guard lock(answers_mutex);
        lead_reply = std::move(reply);
    }
    // What POST /api/v4/leads/notes answers, one after another (the last one repeats).
    void notes_answer(std::vector<Reply> replies) {
        std::lock_guard lock(answers_mutex);
        note_replies = std::move(replies);
        notes_answered = 0;
    }

    httplib::Result post_json(const json& body) {
        return proxy->client().Post("/crm/amocrm/pipeline", body.dump(), "application/json");
    }
    httplib::Result post_form(const json& body) {
        return proxy->client().Post("/crm/amocrm/pipeline", as_form(body), "application/x-www-form-urlencoded");
    }
    std::vector<RobotRun> robot_runs() { return runs.recent(kTenant, 10).value().runs; }
    size_t queued_jobs() { return store.unfinished(kTenant, 50).size(); }
    std::vector<json> notes_posted() {
        std::lock_guard lock(answers_mutex);
        std::vector<json> out;
        for (const std::string& body : note_bodies) out.push_back(json::parse(body));
        return out;
    }
    std::string all_logs() {
        std::lock_guard lock(log_mutex);
        std::string out = route_log;
        for (const std::string& line : proxy->log()) out += line + "\n";
        return out;
    }
    bool logged(const std::string& text) { return all_logs().find(text) != std::string::npos; }

    // The admin's widget token (research §5.3), issued by the fake account.
    std::string widget_token(bool is_admin, const std::string& jti) {
        const int64_t now = clock.unix_seconds();
        json claims = {{"iss", fake.url()}, {"aud", "https://groupdesk.example.org"}, {"jti", jti}, {"iat", now},
                       {"nbf", now}, {"exp", now + 1800}, {"account_id", 30441694}, {"user_id", 87654321},
                       {"subdomain", "127"}, {"client_uuid", amo_test::kClientId}, {"is_admin", is_admin}};
        // The issuer is "<subdomain>.<domain>": the fake account lives at 127.0.0.1.
        return amo_test::sign_widget_token(claims);
    }
    httplib::Result settings_for(const std::string& token) {
        return proxy->client().Post("/crm/amocrm/pipeline-settings", {{"X-Auth-Token", token}, {"Origin", fake.url()}}, "{}",
                                    "application/json");
    }
};

void expect_one_run_with_one_note(Pipeline& p) {
    p.engine.run_until_idle();
    std::vector<RobotRun> runs = p.robot_runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].crm, "amocrm");
    EXPECT_EQ(runs[0].entity.id, "42");
    EXPECT_EQ(runs[0].entity_url, p.fake.url() + "/leads/detail/42");   // the stored account, not the posted subdomain
    EXPECT_TRUE(runs[0].people_from_entity);
    EXPECT_EQ(runs[0].job.state, JobState::done);
    EXPECT_EQ(runs[0].report, "done");
    std::vector<json> notes = p.notes_posted();
    ASSERT_EQ(notes.size(), 1u);
    ASSERT_TRUE(notes[0].is_array() && notes[0].size() == 1);
    EXPECT_EQ(notes[0][0]["entity_id"], 42);
    EXPECT_EQ(notes[0][0]["note_type"], "common");
    const std::string text = notes[0][0]["params"]["text"];
    EXPECT_NE(text.find("выполнено для 1 из 1"), std::string::npos) << text;
    EXPECT_NE(text.find("Ирина Лебедева"), std::string::npos) << text;   // a line per person
    Result<ParticipantList> group = p.sandbox.whatsapp.participants(demo::kMoscowClientsGroup);
    ASSERT_TRUE(group.ok());
    bool added = false;
    for (const Participant& member : group->participants) added = added || member.phone == kPhone;
    EXPECT_TRUE(added);
}

TEST_F(Pipeline, AFormHookAddsTheLeadsContactsAndLeavesTheResultInTheLead) {
    httplib::Result r = post_form(hook_body(secret));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_TRUE(fake.seen_at("/api/v4/leads/42").empty());   // answered before anything was asked of amoCRM
    expect_one_run_with_one_note(*this);
}

TEST_F(Pipeline, AJsonHookDoesTheSame) {
    httplib::Result r = post_json(hook_body(secret));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    expect_one_run_with_one_note(*this);
}

TEST_F(Pipeline, ARedeliveredHookRunsOnce) {
    for (int i = 0; i < 3; ++i) ASSERT_EQ(post_form(hook_body(secret))->status, 200);
    ASSERT_EQ(post_json(hook_body(secret))->status, 200);
    expect_one_run_with_one_note(*this);
    // The same lead entering the stage again later is a new event.
    lead_is_in("142");
    ASSERT_EQ(post_json(hook_body(secret, "142", "30441694", 1795428000))->status, 200);
    engine.run_until_idle();
    EXPECT_EQ(robot_runs().size(), 2u);
}

TEST_F(Pipeline, AWrongSecretIsRefusedAndEnqueuesNothing) {
    std::string wrong = secret;
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    for (const std::string& forged : {wrong, std::string("x"), std::string()}) {
        httplib::Result r = post_json(hook_body(forged));
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, forged.empty() ? 400 : 403) << r->body;
        EXPECT_EQ(r->body.find(secret), std::string::npos);
    }
    EXPECT_EQ(queued_jobs(), 0u);
    engine.run_until_idle();
    EXPECT_TRUE(robot_runs().empty());
    EXPECT_TRUE(fake.seen().empty());
    EXPECT_TRUE(logged("secret is not this installation's"));
    EXPECT_EQ(all_logs().find(secret), std::string::npos);
    EXPECT_EQ(all_logs().find(wrong), std::string::npos);
}

TEST_F(Pipeline, AnAccountThatNeverInstalledIsRefused) {
    httplib::Result r = post_form(hook_body(secret, "142", "99999999"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(queued_jobs(), 0u);
    EXPECT_EQ(store.unfinished("amocrm:99999999", 10).size(), 0u);
    EXPECT_TRUE(logged("account 99999999 has not installed GroupDesk"));
}

TEST_F(Pipeline, ALeadThatIsNotInTheStageTheHookNamesActsOnNobody) {
    lead_is_in("143");   // moved on, or the hook lies
    ASSERT_EQ(post_json(hook_body(secret, "142"))->status, 200);
    engine.run_until_idle();
    EXPECT_TRUE(robot_runs().empty());
    EXPECT_TRUE(notes_posted().empty());
    EXPECT_TRUE(fake.seen_at("/api/v4/contacts").empty());
}

TEST_F(Pipeline, ALeadOfAnotherAccountIsNotFoundAndActsOnNobody) {
    lead_answers(Reply{204, ""});   // this account's token finds no lead 42
    ASSERT_EQ(post_json(hook_body(secret))->status, 200);
    engine.run_until_idle();
    EXPECT_TRUE(robot_runs().empty());
    EXPECT_TRUE(notes_posted().empty());
}

TEST_F(Pipeline, OtherEventsAreTakenAndLeftAlone) {
    json stretched = hook_body(secret);
    stretched["event"]["type"] = 15;
    stretched["event"]["type_code"] = "lead_appeared_in_status";
    stretched["event"]["data"]["direction_of_movement"] = "went_in_trigger";
    httplib::Result r = post_json(stretched);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(queued_jobs(), 0u);
}

TEST_F(Pipeline, TheNoteIsTriedAgainUntilAmoCrmTakesItAndWrittenOnce) {
    notes_answer({amo_test::html(429, "429 Too Many Requests"), amo_test::html(429, "429 Too Many Requests"),
                  amo_test::html(429, "429 Too Many Requests"), amo_test::problem(503, "Service Unavailable", ""),
                  Reply{200, R"({"_embedded":{"notes":[{"id":902,"entity_id":42}]}})"}});
    ASSERT_EQ(post_json(hook_body(secret))->status, 200);
    engine.run_until_idle();
    ASSERT_EQ(notes_posted().size(), 5u);   // three 429s (the client's own tries), a 503, then taken
    std::vector<RobotRun> runs = robot_runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].report, "done");
    engine.run_until_idle();
    EXPECT_EQ(notes_posted().size(), 5u);   // nothing more once it is taken
    for (const json& note : notes_posted()) EXPECT_EQ(note, notes_posted()[0]);   // the same note each time
}

TEST_F(Pipeline, TheAdminsWidgetGetsTheGroupsAndTheSecret) {
    httplib::Result r = settings_for(widget_token(true, "jti-dp-1"));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    json answer = json::parse(r->body);
    EXPECT_EQ(answer["secret"], secret);
    ASSERT_TRUE(answer["groups"].is_array());
    bool found = false;
    for (const json& group : answer["groups"]) {
        found = found || group["id"] == demo::kMoscowClientsGroup;
        EXPECT_NE(group["id"], demo::kNotAdminGroup);   // our number cannot act there
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), fake.url());
}

TEST_F(Pipeline, AManagersWidgetGetsNoSecret) {
    httplib::Result r = settings_for(widget_token(false, "jti-dp-2"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(r->body.find(secret), std::string::npos);
    httplib::Result replayed = settings_for(widget_token(true, "jti-dp-2"));   // its token is spent
    ASSERT_TRUE(replayed);
    EXPECT_EQ(replayed->status, 401);
}

} // namespace
} // namespace gd
