// amoCRM's Digital Pipeline action on the connector's side: the hook read as amoCRM posts it (a
// PHP form with bracketed keys, or JSON of the same shape), only a lead entering the stage acting,
// the per-installation secret made at install and kept on re-install, the lead's stage read again
// through the API, and the result written as a note in the lead.
#include "tests/connectors/amocrm_fake.h"

#include "proxy/connectors/amocrm/amo_crm.h"
#include "proxy/connectors/amocrm/amo_lead_note.h"
#include "proxy/connectors/amocrm/amo_oauth.h"
#include "proxy/connectors/amocrm/amo_pipeline_hook.h"

#include <gtest/gtest.h>

#include <set>

namespace gd {
namespace {

using amo_test::FakeAmo;
using amo_test::Reply;
using nlohmann::json;

const std::string kSecret(64, 'a');
const char* kGroup = "120363041234567801@g.us";

// The hook exactly as a PHP handler receives it (digital_pipeline/integrations), form-encoded.
std::string form_hook(const std::string& secret = kSecret, const std::string& type = "14",
                      const std::string& element_type = "2") {
    return "event%5Btype%5D=" + type + "&event%5Btype_code%5D=lead_status_changed&event%5Bdata%5D%5Bid%5D=42"
           "&event%5Bdata%5D%5Belement_type%5D=" + element_type +
           "&event%5Bdata%5D%5Bstatus_id%5D=142&event%5Bdata%5D%5Bpipeline_id%5D=3177727"
           "&event%5Bdata%5D%5Bdirection_of_movement%5D=went_to_trigger&event%5Btime%5D=1795424400"
           "&action%5Bsettings%5D%5Bwidget%5D%5Bsettings%5D%5Bgroup%5D=120363041234567801%40g.us"
           "&action%5Bsettings%5D%5Bwidget%5D%5Bsettings%5D%5Baction%5D=add"
           "&action%5Bsettings%5D%5Bwidget%5D%5Bsettings%5D%5Binvite_on_failure%5D=Y"
           "&action%5Bsettings%5D%5Bwidget%5D%5Bsettings%5D%5Bsecret%5D=" + secret +
           "&subdomain=acme&account_id=30441694";
}

// The same hook as the documentation prints it, as JSON.
json json_hook(const std::string& secret = kSecret) {
    return {{"event",
             {{"type", 14},
              {"type_code", "lead_status_changed"},
              {"data", {{"id", 42}, {"element_type", 2}, {"status_id", 142}, {"pipeline_id", 3177727},
                        {"direction_of_movement", "went_to_trigger"}}},
              {"time", 1795424400}}},
            {"action", {{"settings", {{"widget", {{"settings", {{"group", kGroup}, {"action", "add"},
                                                                {"invite_on_failure", "Y"}, {"secret", secret}}}}}}}}},
            {"subdomain", "acme"},
            {"account_id", 30441694}};
}

void expect_the_lead_entered_the_stage(const AmoPipelineHook& hook) {
    EXPECT_EQ(hook.account_id, "30441694");
    EXPECT_EQ(hook.subdomain, "acme");
    EXPECT_EQ(hook.lead_id, "42");
    EXPECT_EQ(hook.pipeline_id, "3177727");
    EXPECT_EQ(hook.status_id, "142");
    EXPECT_EQ(hook.event_time, "1795424400");
    EXPECT_EQ(hook.group_id, kGroup);
    EXPECT_EQ(hook.action, ParticipantAction::add);
    EXPECT_TRUE(hook.invite_on_failure);
    EXPECT_EQ(hook.secret, kSecret);
    EXPECT_TRUE(hook.lead_entered_stage());
    EXPECT_TRUE(check_pipeline_settings(hook).ok());
}

TEST(AmoPipelineHook, TheFormAmoCrmPostsIsRead) {
    Result<AmoPipelineHook> hook = parse_pipeline_hook("application/x-www-form-urlencoded; charset=UTF-8", form_hook());
    ASSERT_TRUE(hook.ok()) << hook.error().detail;
    expect_the_lead_entered_the_stage(*hook);
}

TEST(AmoPipelineHook, TheSameHookAsJsonIsReadTheSame) {
    Result<AmoPipelineHook> hook = parse_pipeline_hook("application/json", json_hook().dump());
    ASSERT_TRUE(hook.ok()) << hook.error().detail;
    expect_the_lead_entered_the_stage(*hook);
}

TEST(AmoPipelineHook, OnlyALeadEnteringTheStageActs) {
    for (const char* type : {"1", "15", "16", "20"}) {
        json body = json_hook();
        body["event"]["type"] = std::stoi(type);
        body["event"]["type_code"] = "other";
        Result<AmoPipelineHook> hook = parse_pipeline_hook("application/json", body.dump());
        ASSERT_TRUE(hook.ok()) << type;
        EXPECT_FALSE(hook->lead_entered_stage()) << type;
    }
    Result<AmoPipelineHook> customer = parse_pipeline_hook("application/x-www-form-urlencoded", form_hook(kSecret, "14", "12"));
    ASSERT_TRUE(customer.ok());
    EXPECT_FALSE(customer->lead_entered_stage());
    json leaving = json_hook();
    leaving["event"]["data"]["direction_of_movement"] = "went_from_trigger";
    EXPECT_FALSE(parse_pipeline_hook("application/json", leaving.dump())->lead_entered_stage());
}

TEST(AmoPipelineHook, WhatIsMissingIsNamedAndTheSecretNeverQuoted) {
    json no_account = json_hook();
    no_account.erase("account_id");
    Result<AmoPipelineHook> a = parse_pipeline_hook("application/json", no_account.dump());
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, ErrorCode::bad_request);
    EXPECT_NE(a.error().detail.find("account_id"), std::string::npos);

    json no_lead = json_hook();
    no_lead["event"]["data"].erase("id");
    Result<AmoPipelineHook> b = parse_pipeline_hook("application/json", no_lead.dump());
    ASSERT_FALSE(b.ok());
    EXPECT_NE(b.error().detail.find("event[data][id]"), std::string::npos);

    json bad_time = json_hook("not-the-secret-" + kSecret);
    bad_time["event"]["time"] = "yesterday";
    Result<AmoPipelineHook> c = parse_pipeline_hook("application/json", bad_time.dump());
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().detail.find(kSecret), std::string::npos);

    for (const char* type : {"text/plain", "multipart/form-data", ""})
        EXPECT_EQ(parse_pipeline_hook(type, json_hook().dump()).error().code, ErrorCode::bad_request) << type;
    EXPECT_EQ(parse_pipeline_hook("application/json", "{\"event\":").error().code, ErrorCode::bad_request);
    EXPECT_EQ(parse_pipeline_hook("application/json", "[1,2]").error().code, ErrorCode::bad_request);
}

TEST(AmoPipelineHook, AnUnknownActionOrNoGroupIsRefusedNotTakenForAdd) {
    json typo = json_hook();
    typo["action"]["settings"]["widget"]["settings"]["action"] = "ad";
    Result<AmoPipelineHook> hook = parse_pipeline_hook("application/json", typo.dump());
    ASSERT_TRUE(hook.ok());
    EXPECT_FALSE(check_pipeline_settings(*hook).ok());
    json no_group = json_hook();
    no_group["action"]["settings"]["widget"]["settings"].erase("group");
    EXPECT_FALSE(check_pipeline_settings(*parse_pipeline_hook("application/json", no_group.dump())).ok());
    for (const char* action : {"remove", "promote", "demote"}) {
        json other = json_hook();
        other["action"]["settings"]["widget"]["settings"]["action"] = action;
        Result<AmoPipelineHook> read = parse_pipeline_hook("application/json", other.dump());
        ASSERT_TRUE(read.ok());
        EXPECT_TRUE(check_pipeline_settings(*read).ok());
        EXPECT_EQ(json(read->action), action);
    }
}

TEST(AmoPipelineHook, FormKeysThatClashOrNestTooDeepDoNotBreakTheReading) {
    const std::string body = "account_id=30441694&account_id%5Bx%5D=1&event=flat&event%5Btype%5D=14"
                             "&a%5Bb%5D%5Bc%5D%5Bd%5D%5Be%5D%5Bf%5D%5Bg%5D%5Bh%5D%5Bi%5D=1&%5Bx%5D=1&b%5B=2"
                             "&action%5Bsettings%5D%5Bwidget%5D%5Bsettings%5D%5Bsecret%5D=s";
    Result<AmoPipelineHook> hook = parse_pipeline_hook("application/x-www-form-urlencoded", body);
    ASSERT_TRUE(hook.ok()) << hook.error().detail;
    EXPECT_EQ(hook->account_id, "30441694");
    EXPECT_FALSE(hook->lead_entered_stage());
}

TEST(AmoPipelineSecret, EachInstallationGetsItsOwn64HexDigits) {
    std::set<std::string> made;
    for (int i = 0; i < 20; ++i) {
        std::string secret = new_pipeline_secret();
        EXPECT_EQ(secret.size(), 64u);
        EXPECT_EQ(secret.find_first_not_of("0123456789abcdef"), std::string::npos);
        made.insert(secret);
    }
    EXPECT_EQ(made.size(), 20u);
}

TEST(AmoPipelineSecret, OnlyTheStoredSecretMatches) {
    const std::string stored = new_pipeline_secret();
    EXPECT_TRUE(pipeline_secret_matches(stored, stored));
    std::string one_off = stored;
    one_off[63] = one_off[63] == '0' ? '1' : '0';
    EXPECT_FALSE(pipeline_secret_matches(stored, one_off));
    EXPECT_FALSE(pipeline_secret_matches(stored, stored.substr(0, 63)));
    EXPECT_FALSE(pipeline_secret_matches(stored, ""));
    EXPECT_FALSE(pipeline_secret_matches("", ""));   // an installation without one accepts nothing
}

// ---- The install makes the secret, a re-install keeps it -------------------------------------

struct Install : ::testing::Test {
    ManualClock clock;
    FakeAmo fake{clock};
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    AmoIntegration integration;
    void SetUp() override {
        fake.answer_json("/api/v4/account", {{"id", 30441694}, {"name", "Acme"}, {"subdomain", "acme"}});
        fake.start();
        integration = amo_test::integration_for(fake);
    }
    Result<CrmAccount> install(const std::string& code) {
        fake.issue_code(code);
        return exchange_code({code, fake.host()}, integration, keeper, clock);
    }
};

TEST_F(Install, TheInstallStoresANewSecretWithTheAccount) {
    Result<CrmAccount> account = install("code-1");
    ASSERT_TRUE(account.ok()) << account.error().detail;
    std::optional<CrmAccount> stored = store.load(amo_test::kAccountId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->application_token.size(), 64u);
}

TEST_F(Install, AReinstallKeepsTheSecretThePipelineActionsCarry) {
    ASSERT_TRUE(install("code-1").ok());
    const std::string first = store.load(amo_test::kAccountId)->application_token;
    ASSERT_TRUE(install("code-2").ok());
    EXPECT_EQ(store.load(amo_test::kAccountId)->application_token, first);
}

TEST_F(Install, AnAccountWithoutASecretGetsOneOnceAndKeepsItsTokens) {
    CrmAccount older = amo_test::installed_account(fake, clock);   // installed before pipeline actions
    keeper.store(older);
    Result<CrmAccount> with = keeper.with_application_token(older.id, new_pipeline_secret);
    ASSERT_TRUE(with.ok());
    EXPECT_EQ(with->application_token.size(), 64u);
    EXPECT_EQ(store.load(older.id)->refresh_token, older.refresh_token);
    EXPECT_EQ(keeper.with_application_token(older.id, new_pipeline_secret)->application_token, with->application_token);
}

// ---- The lead read again, the note written --------------------------------------------------

struct Account : ::testing::Test {
    ManualClock clock;
    FakeAmo fake{clock};
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    std::unique_ptr<AmoCrm> amo;
    void SetUp() override {
        fake.accept_access(amo_test::kFirstAccess);
        fake.start();
        keeper.store(amo_test::installed_account(fake, clock));
        amo = std::make_unique<AmoCrm>(keeper, amo_test::kAccountId, amo_test::integration_for(fake), clock);
    }
};

TEST_F(Account, TheLeadsStageIsReadFromAmoCrm) {
    fake.answer_json("/api/v4/leads/42", {{"id", 42}, {"name", "Поставка"}, {"pipeline_id", 3177727}, {"status_id", 142}});
    Result<AmoLead> lead = amo->lead_record("42");
    ASSERT_TRUE(lead.ok()) << lead.error().detail;
    EXPECT_EQ(lead->pipeline_id, "3177727");
    EXPECT_EQ(lead->status_id, "142");
}

TEST_F(Account, ALeadTheAccountDoesNotHaveIsNotFound) {
    fake.answer("GET", "/api/v4/leads/43", Reply{204, ""});
    EXPECT_EQ(amo->lead_record("43").error().code, ErrorCode::card_not_found);
    EXPECT_EQ(amo->lead_record("../users").error().code, ErrorCode::invalid_card);
}

TEST_F(Account, TheNoteGoesToTheLeadAsAmoCrmsNotesApiTakesIt) {
    fake.answer("POST", "/api/v4/leads/notes", Reply{200, R"({"_embedded":{"notes":[{"id":1,"entity_id":42}]}})"});
    ASSERT_TRUE(add_lead_note(amo->api(), "42", "Группа «Клиенты»: выполнено для 1 из 1.\nИрина: добавлен").ok());
    std::vector<amo_test::Seen> posts = fake.seen_at("/api/v4/leads/notes");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].method, "POST");
    EXPECT_EQ(posts[0].authorization, std::string("Bearer ") + amo_test::kFirstAccess);
    EXPECT_EQ(json::parse(posts[0].body),
              json::parse(R"([{"entity_id":42,"note_type":"common","params":{"text":"Группа «Клиенты»: выполнено для 1 из 1.\nИрина: добавлен"}}])"));
}

TEST_F(Account, AFailedNoteSaysWhetherTryingAgainMayHelp) {
    fake.answer("POST", "/api/v4/leads/notes", std::vector<Reply>{amo_test::problem(503, "Service Unavailable", "")});
    EXPECT_EQ(add_lead_note(amo->api(), "42", "x").error().code, ErrorCode::crm_unavailable);
    EXPECT_EQ(fake.seen_at("/api/v4/leads/notes").size(), 1u);   // a POST is never resent once it may have arrived
}

TEST_F(Account, ALongNoteIsCutBetweenLetters) {
    fake.answer("POST", "/api/v4/leads/notes", Reply{200, "{}"});
    std::string text;
    while (text.size() < kMaxLeadNoteBytes + 100) text += "Ж";
    ASSERT_TRUE(add_lead_note(amo->api(), "42", text).ok());
    const std::string sent = json::parse(fake.seen_at("/api/v4/leads/notes")[0].body)[0]["params"]["text"];
    EXPECT_LE(sent.size(), kMaxLeadNoteBytes);
    EXPECT_EQ(sent.substr(sent.size() - 3), "\xE2\x80\xA6");
}

} // namespace
} // namespace gd
