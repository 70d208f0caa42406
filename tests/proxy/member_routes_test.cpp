// The member-change API over real HTTP: given the sandbox and the proxy on a free port, when the
// widget posts changes, follows jobs and uses invite links, then the answers are as documented.
#include "proxy/domain/group_invites.h"
#include "proxy/domain/membership_jobs.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "proxy/transport/member_routes.h"
#include "proxy_test_support.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::Sandbox;

class MemberApi : public ::testing::Test {
protected:
    Sandbox sandbox;
    ManualClock clock;
    WhatsAppChecks checks{*sandbox.db, sandbox.whatsapp, clock, CheckPolicy{}};
    AddPacer pacer{*sandbox.db, clock, PacingPolicy{}, 7};
    AuditLog audit{*sandbox.db, clock};
    SqliteJobStore job_store{*sandbox.db};
    JobEngine engine{job_store, clock};
    NumberState number{sandbox.whatsapp, clock};
    MembershipJobs jobs{engine, *sandbox.db, sandbox.whatsapp, number, checks, pacer, audit, JobSettings{}};
    GroupInvites invites{sandbox.whatsapp, checks, number, audit, "RU"};
    std::unique_ptr<HttpServer> server;
    std::thread thread;
    int port = 0;
    Authenticate authenticate;   // none: every route open (these stories do not care who asks)

    void SetUp() override {
        ServerSettings settings;
        settings.web_root = sandbox.dir / "web";
        settings.log = [](const std::string&) {};
        settings.authenticate = authenticate;
        server = std::make_unique<HttpServer>(settings, member_routes(jobs, invites, audit));
        port = server->bind();
        ASSERT_GT(port, 0);
        thread = std::thread([this] { server->listen(); });
        while (!server->is_running()) std::this_thread::yield();
    }
    void TearDown() override {
        server->stop();
        thread.join();
    }
    httplib::Client client() { return httplib::Client("127.0.0.1", port); }
    static std::string group_path(const std::string& id, const std::string& rest) {
        return "/api/v1/groups/" + routes::url_encode(id) + rest;
    }
    std::pair<int, nlohmann::json> post(const std::string& path, const std::string& body) {
        auto r = client().Post(path.c_str(), body, "application/json");
        if (!r) return {0, nullptr};
        return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
    }
    std::pair<int, nlohmann::json> get(const std::string& path) {
        auto r = client().Get(path.c_str());
        if (!r) return {0, nullptr};
        return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
    }
    static std::string error_code(const nlohmann::json& j) { return j.is_object() && j.contains("error") ? j["error"].value("code", "") : ""; }
};

TEST_F(MemberApi, PostingChangesStartsAJobThatEndsWithAnAnswerPerPerson) {
    auto [status, job] = post(group_path(demo::kMoscowClientsGroup, "/changes"),
                              R"({"action":"add","people":[{"phone":"8 916 555-01-02","name":"Олег"},{"phone":"abc"}]})");
    ASSERT_EQ(status, 202);
    EXPECT_EQ(job["state"], "queued");
    EXPECT_EQ(job["total"], 2);
    EXPECT_EQ(job["items"][0]["phone"], "+79165550102");
    EXPECT_EQ(job["items"][1]["outcome"], "invalid_phone");

    engine.run_until_idle();
    auto [status2, done] = get("/api/v1/jobs/" + job["id"].get<std::string>());
    ASSERT_EQ(status2, 200);
    EXPECT_EQ(done["state"], "done");
    EXPECT_EQ(done["items"][0]["outcome"], "done");
    EXPECT_EQ(done["finished"], 2);
}

TEST_F(MemberApi, BadChangeRequestsAreRefusedWithCodes) {
    const std::string path = group_path(demo::kMoscowClientsGroup, "/changes");
    EXPECT_EQ(error_code(post(path, R"({"action":"ad","people":[{"phone":"+79165550102"}]})").second), "invalid_action");
    EXPECT_EQ(error_code(post(path, R"({"people":[{"phone":"+79165550102"}]})").second), "invalid_action");
    EXPECT_EQ(error_code(post(path, R"({"action":"add"})").second), "no_people");
    EXPECT_EQ(error_code(post(path, R"({"action":"add","people":[]})").second), "no_people");
    EXPECT_EQ(error_code(post(path, R"({"action":"add","people":[{"name":"no phone"}]})").second), "bad_request");
    EXPECT_EQ(error_code(post(path, R"({"action":"add","people":[{"phone":79165550102}]})").second), "bad_request");
    EXPECT_EQ(error_code(post(path, R"({"action":"add", people)").second), "invalid_json");
    EXPECT_EQ(error_code(post(path, R"([1,2])").second), "invalid_action");
    // A group we are not an admin of, or one that does not exist: the job is accepted at once
    // (nothing is asked of WhatsApp before answering) and stops with the reason.
    auto [status, body] = post(group_path(demo::kNotAdminGroup, "/changes"), R"({"action":"add","people":[{"phone":"+79165550102"}]})");
    EXPECT_EQ(status, 202);
    auto [missing_status, missing] = post(group_path("120363999999999999@g.us", "/changes"), R"({"action":"add","people":[{"phone":"+79165550102"}]})");
    EXPECT_EQ(missing_status, 202);
    engine.run_until_idle();
    auto stopped = get("/api/v1/jobs/" + body["id"].get<std::string>()).second;
    EXPECT_EQ(stopped["state"], "stopped");
    EXPECT_EQ(stopped["stop_reason"], "not_group_admin");
    EXPECT_EQ(get("/api/v1/jobs/" + missing["id"].get<std::string>()).second["stop_reason"], "group_not_found");
    EXPECT_EQ(error_code(post("/api/v1/groups/bad%zzid/changes", R"({"action":"add","people":[{"phone":"+7916"}]})").second),
              "invalid_group_id");
}

TEST_F(MemberApi, ARepeatedRequestWithTheSameIdempotencyKeyAnswersTheSameJob) {
    const std::string path = group_path(demo::kMoscowClientsGroup, "/changes");
    const std::string body = R"({"action":"add","people":[{"phone":"+79165550102"}]})";
    httplib::Headers key{{"Idempotency-Key", "6f1c2a9e-robot-delivery-1"}};
    auto first = client().Post(path.c_str(), key, body, "application/json");
    auto again = client().Post(path.c_str(), key, body, "application/json");
    ASSERT_TRUE(first && again);
    EXPECT_EQ(first->status, 202);
    EXPECT_EQ(again->status, 202);
    EXPECT_EQ(nlohmann::json::parse(first->body)["id"], nlohmann::json::parse(again->body)["id"]);
    auto list = get("/api/v1/jobs?group_id=" + routes::url_encode(demo::kMoscowClientsGroup)).second;
    EXPECT_EQ(list["jobs"].size(), 1u);

    // The same key with another request is a client's mistake, said as such.
    auto other = client().Post(path.c_str(), key, R"({"action":"remove","people":[{"phone":"+79165550102"}]})", "application/json");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 409);
    EXPECT_EQ(error_code(nlohmann::json::parse(other->body)), "idempotency_key_reused");
    // Keys that are too long or not printable ASCII are refused before anything is queued.
    for (const std::string& bad : {std::string(129, 'k'), std::string("ключ"), std::string("a b")}) {
        auto refused = client().Post(path.c_str(), httplib::Headers{{"Idempotency-Key", bad}}, body, "application/json");
        ASSERT_TRUE(refused);
        EXPECT_EQ(refused->status, 400) << bad;
        EXPECT_EQ(error_code(nlohmann::json::parse(refused->body)), "invalid_idempotency_key");
    }
    EXPECT_EQ(get("/api/v1/jobs?group_id=" + routes::url_encode(demo::kMoscowClientsGroup)).second["jobs"].size(), 1u);
}

TEST_F(MemberApi, TheAccountsRunningJobsAreListedAcrossGroupsInTheOrderTheyRun) {
    auto [s1, first] = post(group_path(demo::kMoscowClientsGroup, "/changes"), R"({"action":"add","people":[{"phone":"+79165550102"}]})");
    auto [s2, second] = post(group_path(demo::kBigGroup, "/changes"), R"({"action":"add","people":[{"phone":"+79165550103"}]})");
    ASSERT_EQ(s1, 202);
    ASSERT_EQ(s2, 202);
    auto [status, list] = get("/api/v1/jobs?running=1");
    ASSERT_EQ(status, 200);
    ASSERT_EQ(list["jobs"].size(), 2u);
    EXPECT_EQ(list["jobs"][0]["id"], first["id"]);
    EXPECT_EQ(list["jobs"][1]["id"], second["id"]);
    EXPECT_EQ(list["jobs"][1]["waiting_for"], "turn");   // one number: the second waits for the first
    EXPECT_EQ(list["jobs"][0]["requested_by"]["kind"], "person");
    EXPECT_EQ(error_code(get("/api/v1/jobs?running=yes").second), "bad_request");
    engine.run_until_idle();
    EXPECT_TRUE(get("/api/v1/jobs?running=1").second["jobs"].empty());
}

TEST_F(MemberApi, AJobCanBeCancelledAndUnknownJobsAreNotFound) {
    auto [status, job] = post(group_path(demo::kMoscowClientsGroup, "/changes"), R"({"action":"add","people":[{"phone":"+79165550102"}]})");
    ASSERT_EQ(status, 202);
    auto [cancel_status, cancelled] = post("/api/v1/jobs/" + job["id"].get<std::string>() + "/cancel", "{}");
    EXPECT_EQ(cancel_status, 200);
    EXPECT_EQ(cancelled["state"], "cancelled");
    EXPECT_EQ(cancelled["items"][0]["outcome"], "cancelled");
    auto [missing, body] = get("/api/v1/jobs/0000000000000000");
    EXPECT_EQ(missing, 404);
    EXPECT_EQ(error_code(body), "job_not_found");
}

TEST_F(MemberApi, TheInviteLinkIsReadRevokedAndSentPrivately) {
    auto [status, link] = get(group_path(demo::kMoscowClientsGroup, "/invite-link"));
    ASSERT_EQ(status, 200);
    const std::string url = link["url"];
    EXPECT_EQ(url.rfind("https://chat.whatsapp.com/", 0), 0u);

    auto [revoke_status, fresh] = post(group_path(demo::kMoscowClientsGroup, "/invite-link/revoke"), "{}");
    ASSERT_EQ(revoke_status, 200);
    EXPECT_NE(fresh["url"], url);

    auto [send_status, ack] = post(group_path(demo::kMoscowClientsGroup, "/invite-link/send"), R"({"phone":"8 916 555-01-02"})");
    ASSERT_EQ(send_status, 200);
    EXPECT_EQ(ack["ok"], true);
    std::string sent = "";
    Statement st = sandbox.db->prepare("SELECT text FROM wa_messages WHERE phone = '+79165550102'");
    if (st.step()) sent = st.text(0);
    EXPECT_NE(sent.find(fresh["url"].get<std::string>()), std::string::npos);
    EXPECT_NE(sent.find("Клиенты — Москва"), std::string::npos);
}

TEST_F(MemberApi, InviteLinksNeedAdminRightsAndAWhatsAppNumber) {
    auto [status, body] = get(group_path(demo::kNotAdminGroup, "/invite-link"));
    EXPECT_EQ(status, 409);
    EXPECT_EQ(error_code(body), "not_group_admin");
    const std::string no_whatsapp = demo::numbers_without_whatsapp().front();
    auto [send_status, refused] = post(group_path(demo::kMoscowClientsGroup, "/invite-link/send"), nlohmann::json{{"phone", no_whatsapp}}.dump());
    EXPECT_EQ(send_status, 400);
    EXPECT_EQ(error_code(refused), "invalid_phone");
    EXPECT_EQ(error_code(post(group_path(demo::kMoscowClientsGroup, "/invite-link/send"), R"({"phone":"12"})").second), "invalid_phone");
    EXPECT_EQ(error_code(post(group_path(demo::kMoscowClientsGroup, "/invite-link/send"), R"({})").second), "bad_request");
}

TEST_F(MemberApi, SavingAContactChecksTheNumber) {
    EXPECT_EQ(post("/api/v1/contacts", R"({"phone":"+79165550102","name":"Олег Иванов"})").first, 200);
    EXPECT_EQ(error_code(post("/api/v1/contacts", R"({"phone":"не номер"})").second), "invalid_phone");
    EXPECT_EQ(error_code(post("/api/v1/contacts", R"("text")").second), "bad_request");
}

TEST_F(MemberApi, TheAuditLogListsWhatHappenedNewestFirst) {
    post(group_path(demo::kMoscowClientsGroup, "/invite-link/send"), R"({"phone":"+79165550102"})");
    post("/api/v1/contacts", R"({"phone":"+79165550103"})");
    auto [status, page] = get("/api/v1/audit?limit=1");
    ASSERT_EQ(status, 200);
    ASSERT_EQ(page["entries"].size(), 1u);
    EXPECT_EQ(page["entries"][0]["action"], "contact_saved");
    auto [group_status, group_page] = get("/api/v1/audit?group_id=" + routes::url_encode(demo::kMoscowClientsGroup));
    ASSERT_EQ(group_status, 200);
    ASSERT_EQ(group_page["entries"].size(), 1u);
    EXPECT_EQ(group_page["entries"][0]["action"], "invite_link_sent");
    EXPECT_EQ(error_code(get("/api/v1/audit?limit=abc").second), "bad_request");
    EXPECT_EQ(error_code(get("/api/v1/audit?limit=").second), "bad_request");
}

TEST_F(MemberApi, ErrorsSpeakEnglishWhenAsked) {
    auto [status, body] = post(group_path(demo::kMoscowClientsGroup, "/changes") + "?lang=en", R"({"action":"x","people":[]})");
    EXPECT_EQ(status, 400);
    EXPECT_EQ(body["error"]["message"], "Unknown action.");
}

} // namespace
} // namespace gd

namespace gd {
namespace {

TEST_F(MemberApi, AReopenedWidgetFindsTheGroupsLatestJobs) {
    auto [s1, first] = post(group_path(demo::kMoscowClientsGroup, "/changes"), R"({"action":"add","people":[{"phone":"+79165550101"}]})");
    auto [s2, second] = post(group_path(demo::kMoscowClientsGroup, "/changes"), R"({"action":"add","people":[{"phone":"+79165550102"}]})");
    ASSERT_EQ(s1, 202);
    ASSERT_EQ(s2, 202);
    auto [status, list] = get("/api/v1/jobs?group_id=" + routes::url_encode(demo::kMoscowClientsGroup));
    ASSERT_EQ(status, 200);
    ASSERT_EQ(list["jobs"].size(), 2u);
    EXPECT_EQ(list["jobs"][0]["id"], second["id"]);
    EXPECT_EQ(error_code(get("/api/v1/jobs").second), "invalid_group_id");
    EXPECT_EQ(error_code(get("/api/v1/jobs?group_id=nonsense").second), "invalid_group_id");
    auto [other, empty] = get("/api/v1/jobs?group_id=" + routes::url_encode(demo::kBigGroup));
    EXPECT_EQ(other, 200);
    EXPECT_TRUE(empty["jobs"].empty());
}

TEST_F(MemberApi, TheConnectionSaysTheNumbersStateAndTodaysAllowance) {
    post(group_path(demo::kMoscowClientsGroup, "/changes"), R"({"action":"add","people":[{"phone":"+79165550101"}]})");
    engine.run_until_idle();
    auto [status, body] = get("/api/v1/connection");
    ASSERT_EQ(status, 200);
    EXPECT_EQ(body["connection"]["status"], "connected");
    EXPECT_EQ(body["connection"]["phone"], demo::kOurNumber);
    EXPECT_EQ(body["adds_today"], 1);
    EXPECT_EQ(body["adds_per_day"], 100);
    EXPECT_EQ(body["checks_today"], 1);
}

} // namespace
} // namespace gd

namespace gd {
namespace {

// The same routes behind sessions: two Bitrix24 portals, each with a manager and an administrator.
class SignedInMemberApi : public MemberApi {
protected:
    SignedInMemberApi() {
        authenticate = [](const std::string& token) -> Result<SessionUser> {
            static const std::map<std::string, SessionUser> sessions = {
                {"manager-a", {"7", "Анна", false, "bitrix24:portal-a"}},
                {"admin-a", {"1", "Админ А", true, "bitrix24:portal-a"}},
                {"manager-b", {"3", "Борис", false, "bitrix24:portal-b"}},
                {"admin-b", {"1", "Админ Б", true, "bitrix24:portal-b"}},
            };
            auto it = sessions.find(token);
            if (it == sessions.end()) return Error{ErrorCode::not_signed_in, {}};
            return it->second;
        };
    }
    std::pair<int, nlohmann::json> as(const std::string& token, const std::string& method, const std::string& path,
                                      const std::string& body = "{}") {
        httplib::Client c = client();
        c.set_bearer_token_auth(token);
        auto r = method == "GET" ? c.Get(path) : c.Post(path, body, "application/json");
        if (!r) return {0, nullptr};
        return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
    }
    const std::string revoke = group_path(demo::kMoscowClientsGroup, "/invite-link/revoke");
};

TEST_F(SignedInMemberApi, AManagerMayNotRevokeTheLinkOrReadTheLogAndIsToldWhoMay) {
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{{"POST", revoke}, {"GET", "/api/v1/audit"}}) {
        auto [status, body] = as("manager-a", method, path + "?lang=en");
        EXPECT_EQ(status, 403) << path;
        EXPECT_EQ(error_code(body), "forbidden") << path;
        EXPECT_NE(body["error"]["message_en"].get<std::string>().find("administrator"), std::string::npos);
        EXPECT_NE(body["error"]["message_ru"].get<std::string>().find("администратор"), std::string::npos);
    }
    // Nothing was revoked: the link a manager sent earlier still works.
    EXPECT_EQ(sandbox.db->scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'invite_link_revoked'", 0), 0);
    // Their own work stays theirs: the link itself, sending it, adding people.
    EXPECT_EQ(as("manager-a", "GET", group_path(demo::kMoscowClientsGroup, "/invite-link")).first, 200);
    EXPECT_EQ(as("manager-a", "POST", group_path(demo::kMoscowClientsGroup, "/invite-link/send"), R"({"phone":"+79165550102"})").first, 200);
    EXPECT_EQ(as("manager-a", "POST", group_path(demo::kMoscowClientsGroup, "/changes"),
                 R"({"action":"add","people":[{"phone":"+79165550101"}]})").first, 202);
}

TEST_F(SignedInMemberApi, AnAdministratorRevokesTheLinkAndReadsTheLog) {
    EXPECT_EQ(as("admin-a", "POST", revoke).first, 200);
    auto [status, page] = as("admin-a", "GET", "/api/v1/audit");
    ASSERT_EQ(status, 200);
    ASSERT_EQ(page["entries"].size(), 1u);
    EXPECT_EQ(page["entries"][0]["action"], "invite_link_revoked");
    EXPECT_EQ(page["entries"][0]["actor"], "Админ А (1)");
    // Without a session the route still asks for one first.
    EXPECT_EQ(as("", "GET", "/api/v1/audit").first, 401);
}

TEST_F(SignedInMemberApi, APortalSeesNeitherTheJobsNorTheLogOfAnother) {
    auto [status, job] = as("manager-a", "POST", group_path(demo::kMoscowClientsGroup, "/changes"),
                            R"({"action":"add","people":[{"phone":"+79165550101"}]})");
    ASSERT_EQ(status, 202);
    const std::string id = job["id"];
    engine.run_until_idle();

    auto [read, read_body] = as("manager-b", "GET", "/api/v1/jobs/" + id);
    EXPECT_EQ(read, 404);
    EXPECT_EQ(error_code(read_body), "job_not_found");
    EXPECT_EQ(read_body.dump().find("+79165550101"), std::string::npos);
    EXPECT_EQ(error_code(as("manager-b", "POST", "/api/v1/jobs/" + id + "/cancel").second), "job_not_found");
    auto [listed, list] = as("manager-b", "GET", "/api/v1/jobs?group_id=" + routes::url_encode(demo::kMoscowClientsGroup));
    EXPECT_EQ(listed, 200);
    EXPECT_TRUE(list["jobs"].empty());
    auto [logged, log_b] = as("admin-b", "GET", "/api/v1/audit");
    EXPECT_EQ(logged, 200);
    EXPECT_TRUE(log_b["entries"].empty());

    // Portal A still has all of it.
    EXPECT_EQ(as("manager-a", "GET", "/api/v1/jobs/" + id).second["state"], "done");
    EXPECT_EQ(as("admin-a", "GET", "/api/v1/audit").second["entries"].size(), 1u);
}

} // namespace
} // namespace gd
