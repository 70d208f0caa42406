// The CRM users API over real HTTP: every route is an administrator's, so a manager is refused
// on each before anything reaches the CRM; bad input gets its code, its field and a message in
// both languages; a new user's password goes to the CRM and nowhere else (not the answer, the
// audit log or the access log); a deactivation starts a handover any admin session can follow.
#include "proxy/domain/handover_jobs.h"
#include "proxy/domain/user_admin.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "proxy/transport/user_admin_routes.h"
#include "shared/routes.h"
#include "tests/proxy/fake_crm_admin.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::FakeCrmAdmin;

constexpr const char* kPassword = "Qz4-mW8n-Tr2x";

class UserAdminApi : public ::testing::Test, protected test::UserAdminStack {
protected:
    SqliteJobStore store{*db};
    JobEngine engine{store, clock};
    HandoverJobs handovers{engine, crms, audit};
    std::unique_ptr<HttpServer> server;
    std::thread thread;
    int port = 0;
    std::mutex log_mutex;
    std::vector<std::string> log;
    std::string leaver, colleague;

    void SetUp() override {
        crm.seat_answer.source = "unknown";
        leaver = crm.put_user("Олег Фомин", "oleg.fomin@example.org");
        colleague = crm.put_user("Вера Лебедева", "vera.lebedeva@example.org");
        crm.put_records(leaver, RecordKind::lead, 30);
        ServerSettings settings;
        settings.web_root = dir / "web";
        settings.log = [this](const std::string& line) {
            std::lock_guard lock(log_mutex);
            log.push_back(line);
        };
        settings.authenticate = [](const std::string& token) -> Result<SessionUser> {
            if (token == "admin") return SessionUser{"7", "Анна Админова", true, "amocrm:1"};
            if (token == "manager") return SessionUser{"8", "Борис Менеджеров", false, "amocrm:1"};
            return Error{ErrorCode::not_signed_in, {}, {}};
        };
        server = std::make_unique<HttpServer>(settings, user_admin_routes(users, handovers));
        port = server->bind();
        ASSERT_GT(port, 0);
        thread = std::thread([this] { server->listen(); });
        while (!server->is_running()) std::this_thread::yield();
    }
    void TearDown() override { stop_server(); }
    // Waits for every worker: after this the access log is complete.
    void stop_server() {
        server->stop();
        if (thread.joinable()) thread.join();
    }

    struct Answer {
        int status = 0;
        std::string body;
        nlohmann::json json;
    };
    Answer as(const std::string& token, const std::string& method, const std::string& path, const std::string& body = "{}",
              const httplib::Headers& headers = {}) {
        httplib::Client c("127.0.0.1", port);
        if (!token.empty()) c.set_bearer_token_auth(token);
        httplib::Result r = method == "GET"   ? c.Get(path, headers)
                            : method == "PUT" ? c.Put(path, headers, body, "application/json")
                                              : c.Post(path, headers, body, "application/json");
        if (!r) return {};
        return {r->status, r->body, nlohmann::json::parse(r->body, nullptr, false)};
    }
    static std::string code_of(const Answer& a) {
        return a.json.is_object() && a.json.contains("error") ? a.json["error"].value("code", "") : "";
    }
    std::string user_path(const std::string& id, const std::string& rest) {
        return std::string(routes::kCrmUsers) + "/" + id + rest;
    }
    std::string new_user_body(const std::string& email = "irina.smirnova@example.org") {
        return nlohmann::json(NewUser{"Ирина", "Смирнова", email, kPassword, "10", "r1", false}).dump();
    }
    std::string everything_logged() {
        std::lock_guard lock(log_mutex);
        std::string all;
        for (const std::string& line : log) all += line + "\n";
        return all;
    }
};

TEST_F(UserAdminApi, EveryRouteIsAnAdministratorsAndAManagerIsRefusedOnEachBeforeTheCrmIsAsked) {
    std::vector<Route> list = user_admin_routes(users, handovers);
    ASSERT_EQ(list.size(), 7u);
    for (const Route& route : list) {
        EXPECT_EQ(route.access, Access::admin) << route.method << " " << route.pattern;
        std::string path = route.pattern;
        if (size_t at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, leaver);
        const std::string body = route.pattern.find("deactivate") != std::string::npos
                                     ? R"({"to_user_id":")" + colleague + "\"}"
                                 : route.method == "PUT" ? std::string(R"({"paid":9,"technical":1})")
                                                         : new_user_body();
        Answer manager = as("manager", route.method, path + "?lang=en", body);
        EXPECT_EQ(manager.status, 403) << route.method << " " << path;
        EXPECT_EQ(code_of(manager), "forbidden") << route.method << " " << path;
        EXPECT_FALSE(manager.json["error"].value("message_ru", "").empty());
        EXPECT_FALSE(manager.json["error"].value("message_en", "").empty());
        Answer nobody = as("", route.method, path, body);
        EXPECT_EQ(nobody.status, 401) << route.method << " " << path;
        EXPECT_EQ(code_of(nobody), "not_signed_in");
    }
    // Nothing reached the CRM or the queue, and the seats stay unknown.
    EXPECT_TRUE(crm.adds.empty());
    EXPECT_EQ(crm.reassign_calls, 0);
    EXPECT_EQ(crm.deactivate_calls, 0);
    EXPECT_TRUE(handovers.recent("amocrm:1", 10)->empty());
    EXPECT_EQ(as("admin", "GET", routes::kCrmUsers).json["seats"]["source"], "unknown");
    EXPECT_TRUE(audit.recent("amocrm:1", "", 10).empty());
}

TEST_F(UserAdminApi, BadInputOnEveryRouteGetsItsCodeFieldAndAMessageInBothLanguages) {
    struct Case {
        std::string method, path, body;
        int status;
        std::string code, field;
        httplib::Headers headers = {};
    };
    const std::string users_path = routes::kCrmUsers;
    const std::string deactivate = user_path(leaver, "/deactivate");
    const std::string to_colleague = R"({"to_user_id":")" + colleague + "\"}";
    const std::vector<Case> cases = {
        {"POST", users_path, "{not json", 400, "invalid_json", ""},
        {"POST", users_path, "[1, 2]", 400, "bad_request", ""},
        {"POST", users_path, R"({"first_name": 5})", 400, "bad_request", ""},
        {"POST", users_path, "{}", 400, "crm_user_invalid", "name"},
        {"POST", users_path, R"({"first_name":"Ирина","last_name":"Смирнова","password":"Qz4-mW8n-Tr2x"})", 400,
         "crm_user_invalid", "email"},
        {"POST", users_path, new_user_body("irina@@example.org"), 400, "crm_user_invalid", "email"},
        {"GET", user_path("%zz", "/records"), "", 400, "bad_request", "id"},
        {"GET", user_path("a%20b", "/records"), "", 400, "bad_request", "id"},
        {"GET", user_path("987654", "/records"), "", 404, "crm_user_not_found", ""},
        {"POST", deactivate, "{nope", 400, "invalid_json", ""},
        {"POST", deactivate, "{}", 400, "bad_request", "to_user_id"},
        {"POST", deactivate, R"({"to_user_id": 7})", 400, "bad_request", ""},
        {"POST", deactivate, R"({"to_user_id":"987654"})", 404, "crm_user_not_found", "to_user_id"},
        {"POST", deactivate, R"({"to_user_id":")" + leaver + "\"}", 400, "bad_request", "to_user_id"},
        {"POST", user_path("987654", "/deactivate"), to_colleague, 404, "crm_user_not_found", "id"},
        {"POST", user_path("%zz", "/deactivate"), to_colleague, 400, "bad_request", "id"},
        {"POST", user_path(FakeCrmAdmin::kIntegrationUser, "/deactivate"), to_colleague, 409, "crm_user_is_integration", "id"},
        {"POST", deactivate, to_colleague, 400, "invalid_idempotency_key", "", {{"Idempotency-Key", std::string(200, 'k')}}},
        {"PUT", routes::kCrmSeats, "{\"paid\":", 400, "invalid_json", ""},
        {"PUT", routes::kCrmSeats, "[]", 400, "bad_request", ""},
        {"PUT", routes::kCrmSeats, R"({"paid":-1,"technical":0})", 400, "bad_request", "paid"},
        {"PUT", routes::kCrmSeats, R"({"paid":3,"technical":-2})", 400, "bad_request", "technical"},
        {"PUT", routes::kCrmSeats, R"({"paid":3})", 400, "bad_request", "technical"},
        {"PUT", routes::kCrmSeats, R"({"technical":1})", 400, "bad_request", "paid"},
        {"PUT", routes::kCrmSeats, R"({"paid":2.5,"technical":0})", 400, "bad_request", "paid"},
        {"PUT", routes::kCrmSeats, R"({"paid":"3","technical":0})", 400, "bad_request", "paid"},
        {"PUT", routes::kCrmSeats, R"({"paid":99999999999999999999,"technical":0})", 400, "bad_request", "paid"},
        {"PUT", routes::kCrmSeats, R"({"paid":3000000000,"technical":0})", 400, "bad_request", "paid"},
        {"GET", std::string(routes::kCrmHandovers) + "/0123456789abcdef", "", 404, "job_not_found", ""},
        {"GET", std::string(routes::kCrmHandovers) + "/%zz", "", 404, "job_not_found", ""},
    };
    for (const Case& c : cases) {
        Answer a = as("admin", c.method, c.path, c.body, c.headers);
        const std::string what = c.method + " " + c.path + " " + c.body;
        EXPECT_EQ(a.status, c.status) << what << " -> " << a.body;
        EXPECT_EQ(code_of(a), c.code) << what << " -> " << a.body;
        ASSERT_TRUE(a.json.is_object() && a.json.contains("error")) << what;
        EXPECT_EQ(a.json["error"].value("field", ""), c.field) << what << " -> " << a.body;
        EXPECT_FALSE(a.json["error"].value("message_ru", "").empty()) << what;
        EXPECT_FALSE(a.json["error"].value("message_en", "").empty()) << what;
        EXPECT_EQ(a.body.find(kPassword), std::string::npos) << what;
    }
    EXPECT_TRUE(crm.adds.empty());
    EXPECT_EQ(crm.reassign_calls, 0);
    EXPECT_TRUE(handovers.recent("amocrm:1", 10)->empty());
    EXPECT_EQ(as("admin", "GET", routes::kCrmUsers).json["seats"]["source"], "unknown");
}

TEST_F(UserAdminApi, ANewUsersPasswordReachesTheCrmAndNeitherTheAnswerTheAuditLogNorTheAccessLog) {
    Answer added = as("admin", "POST", std::string(routes::kCrmUsers) + "?password=" + kPassword, new_user_body());
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(added.json["name"], "Ирина Смирнова");
    EXPECT_EQ(added.json["email"], "irina.smirnova@example.org");
    EXPECT_FALSE(added.json.contains("password"));
    EXPECT_EQ(added.body.find(kPassword), std::string::npos);
    ASSERT_EQ(crm.adds.size(), 1u);
    EXPECT_EQ(crm.adds[0].password, kPassword);

    // A CRM that quotes the password in its refusal: the answer carries the refusal, not the password.
    crm.add_error = Error{ErrorCode::crm_user_invalid, std::string("password ") + kPassword + " is weak", "password"};
    Answer refused = as("admin", "POST", routes::kCrmUsers, new_user_body("nina@example.org"));
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(refused.json["error"]["field"], "password");
    EXPECT_EQ(refused.body.find(kPassword), std::string::npos) << refused.body;

    std::vector<AuditEntry> rows = audit.recent("amocrm:1", "", 10);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].action, "crm_user_added");
    EXPECT_EQ(rows[1].actor, "Анна Админова (7)");
    EXPECT_EQ(rows[1].group_name, "Ирина Смирнова");
    EXPECT_EQ(rows[1].phone, "irina.smirnova@example.org");
    EXPECT_EQ(nlohmann::json(rows).dump().find(kPassword), std::string::npos);
    stop_server();
    const std::string logged = everything_logged();
    EXPECT_NE(logged.find("POST /api/v1/crm/users 201"), std::string::npos) << logged;
    EXPECT_EQ(logged.find(kPassword), std::string::npos) << logged;
}

TEST_F(UserAdminApi, EnteredSeatsAreKeptAndTheDirectoryShowsThem) {
    Answer put = as("admin", "PUT", routes::kCrmSeats, R"({"paid":5,"technical":1})");
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.json["source"], "entered");
    EXPECT_EQ(put.json["paid"], 5);
    EXPECT_EQ(put.json["technical"], 1);
    EXPECT_EQ(put.json["active"], 3);
    Answer directory = as("admin", "GET", routes::kCrmUsers);
    ASSERT_EQ(directory.status, 200);
    EXPECT_EQ(directory.json["crm"], "amocrm");
    EXPECT_EQ(directory.json["seats"]["source"], "entered");
    EXPECT_EQ(directory.json["users"].size(), 3u);
    EXPECT_EQ(audit.recent("amocrm:1", "", 1)[0].action, "crm_seats_entered");

    // Full now: the next add is refused before the CRM is asked.
    as("admin", "PUT", routes::kCrmSeats, R"({"paid":3,"technical":0})");
    Answer full = as("admin", "POST", routes::kCrmUsers + std::string("?lang=ru"), new_user_body());
    EXPECT_EQ(full.status, 409);
    EXPECT_EQ(code_of(full), "crm_no_free_seat");
    EXPECT_EQ(full.json["error"]["message"], full.json["error"]["message_ru"]);
    EXPECT_TRUE(crm.adds.empty());
}

TEST_F(UserAdminApi, ADeactivationStartsAHandoverThatTheListAndItsOwnAddressFollow) {
    Answer counts = as("admin", "GET", user_path(leaver, "/records"));
    ASSERT_EQ(counts.status, 200) << counts.body;
    EXPECT_EQ(counts.json["kinds"][0]["kind"], "lead");
    EXPECT_EQ(counts.json["kinds"][0]["count"], 30);

    const httplib::Headers key{{"Idempotency-Key", "deactivate-oleg"}};
    const std::string body = R"({"to_user_id":")" + colleague + "\"}";
    Answer started = as("admin", "POST", user_path(leaver, "/deactivate"), body, key);
    ASSERT_EQ(started.status, 202) << started.body;
    const std::string id = started.json["id"];
    EXPECT_EQ(started.json["phase"], "counting");
    EXPECT_EQ(started.json["from"]["id"], leaver);
    EXPECT_EQ(started.json["to"]["id"], colleague);
    EXPECT_EQ(started.json["requested_by"]["name"], "Анна Админова (7)");
    Answer again = as("admin", "POST", user_path(leaver, "/deactivate"), body, key);
    EXPECT_EQ(again.status, 202);
    EXPECT_EQ(again.json["id"], id);

    engine.run_until_idle();
    Answer list = as("admin", "GET", routes::kCrmHandovers);
    ASSERT_EQ(list.status, 200);
    ASSERT_EQ(list.json["handovers"].size(), 1u);
    EXPECT_EQ(list.json["handovers"][0]["id"], id);
    Answer one = as("admin", "GET", std::string(routes::kCrmHandovers) + "/" + id);
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.json["state"], "done");
    EXPECT_EQ(one.json["phase"], "finished");
    EXPECT_EQ(one.json["deactivation"], "deactivated");
    EXPECT_EQ(one.json["kinds"][0]["moved"], 30);
    EXPECT_FALSE(one.json["kinds"][0].contains("cursor"));   // the connector's bookmark stays inside
    EXPECT_EQ(crm.count_records(colleague, RecordKind::lead).value(), 30);
}

} // namespace
} // namespace gd
