// A member-change job survives the proxy being killed at any moment: the real groupdesk-proxy,
// with a WAHA gateway (a fake on this machine that records every add), runs a 30-person add job
// and is killed with SIGKILL again and again, sometimes right after WhatsApp added someone and
// before the proxy wrote it down, and restarted on the same data each time. At the end everyone
// was added exactly once, the job is done, and the day's add count is right.
//
// The same for a Bitrix24 robot's run: the robot's call (byte for byte as Bitrix24 posts it,
// posted again after each restart as Bitrix24's queue may), killed again and again; at the end
// each person was added once and Bitrix24 took exactly one result through bizproc.event.send.
//
// The kill moments come from std::mt19937 with a fixed seed, so every run repeats them; set
// GROUPDESK_TEST_CRASH_SEED to try others.
#include "../connectors/bitrix24_posts.h"
#include "fake_waha_group.h"
#include "proxy_process.h"
#include "proxy/storage/crm_account_table.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace gd {
namespace {

using test::FakeWahaGroup;
using test::ProxyProcess;
using Millis = std::chrono::milliseconds;

constexpr int kPeople = 30;
constexpr int kKills = 24;
constexpr int kKillsBetweenCallAndRecord = 8;   // of kKills
constexpr uint32_t kDefaultSeed = 20261130;

uint32_t crash_seed() {
    const char* text = std::getenv("GROUPDESK_TEST_CRASH_SEED");
    return text && *text ? (uint32_t)std::strtoul(text, nullptr, 10) : kDefaultSeed;
}

// "+79165550100" .. "+79165550129"
std::string phone_of(int person) { return "+79165550" + std::to_string(100 + person); }

// One run of the program on the shared data folder; its log is read as it goes, so a chatty
// proxy never blocks on a full pipe.
class ProxyLife {
public:
    explicit ProxyLife(const std::vector<std::string>& settings) : process_(settings) {
        log_ = std::async(std::launch::async, [this] { return process_.rest_of_stderr(); });
        port_ = test::listening_port(process_);
    }
    ~ProxyLife() {
        if (!ended_) kill_now();
    }
    int port() const { return port_; }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(10, 0);
        return c;
    }
    // SIGKILL: no shutdown code runs, as in a power cut or the OOM killer.
    std::string kill_now() { return end(SIGKILL); }
    std::string stop() { return end(SIGTERM); }
    int exit_code() const { return exit_code_; }

private:
    std::string end(int sig) {
        process_.signal(sig);
        exit_code_ = process_.exit_code();
        ended_ = true;
        return log_.get();
    }
    ProxyProcess process_;
    std::future<std::string> log_;
    int port_ = -1;
    bool ended_ = false;
    int exit_code_ = -1;
};

std::string last_lines(const std::string& text, int count) {
    size_t at = text.size();
    for (int i = 0; i <= count && at != std::string::npos && at > 0; ++i) at = text.rfind('\n', at - 1);
    return at == std::string::npos ? text : text.substr(at + 1);
}

class ProxyCrashes : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(test::proxy_program()))
            GTEST_SKIP() << "build the groupdesk-proxy target first: " << test::proxy_program();
    }

    // A live proxy on the fake WAHA, adding and checking numbers as fast as its settings allow
    // (1 s apart, no jitter), so 30 people take about half a minute.
    std::vector<std::string> settings() const {
        return {"GROUPDESK_PORT=0",
                "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                "GROUPDESK_WEB_ROOT=" + (dir / "web").string(),
                "GROUPDESK_WHATSAPP_GATEWAY=waha",
                "GROUPDESK_WHATSAPP_GATEWAY_URL=" + waha.url(),
                std::string("GROUPDESK_WHATSAPP_GATEWAY_TOKEN=") + FakeWahaGroup::kKey,
                "GROUPDESK_ADD_INTERVAL_SECONDS=1",
                "GROUPDESK_ADD_JITTER_SECONDS=0",
                "GROUPDESK_ADDS_PER_DAY=1000",
                "GROUPDESK_WHATSAPP_CHECK_INTERVAL_SECONDS=1"};
    }

    // The job as its creator reads it; null when the proxy did not answer 200.
    nlohmann::json read_job(const ProxyLife& life, const std::string& job_id) {
        auto r = life.client().Get("/api/v1/jobs/" + job_id, session);
        if (!r || r->status != 200) return nullptr;
        return nlohmann::json::parse(r->body, nullptr, false);
    }

    test::ScratchDir dir;
    FakeWahaGroup waha;
    httplib::Headers session;   // kept in the data file: it outlives every restart
};

TEST_F(ProxyCrashes, AThirtyPersonAddJobKilledOver20TimesAddsEveryoneExactlyOnceAndEndsDone) {
    const auto started = std::chrono::steady_clock::now();
    const uint32_t seed = crash_seed();
    std::mt19937 random(seed);
    test::add_admin_login(dir / "data", "anna", "a-long-password");
    ASSERT_FALSE(HasFatalFailure());

    // Which kills wait for an add to be held at the gateway, and which land at a random moment.
    std::vector<char> held_kill(kKills, false);
    std::fill(held_kill.begin(), held_kill.begin() + kKillsBetweenCallAndRecord, true);
    std::shuffle(held_kill.begin(), held_kill.end(), random);
    std::uniform_int_distribution<int> random_moment_ms(50, 1200);

    auto life = std::make_unique<ProxyLife>(settings());
    ASSERT_GT(life->port(), 0) << "the proxy did not start";
    {
        httplib::Client client = life->client();
        session = test::session_of(client, "anna", "a-long-password");
    }
    ASSERT_FALSE(session.empty()) << "anna could not sign in";

    nlohmann::json people = nlohmann::json::array();
    for (int i = 0; i < kPeople; ++i) people.push_back({{"phone", phone_of(i)}, {"name", "Гость " + std::to_string(i + 1)}});
    auto posted = life->client().Post("/api/v1/groups/" + routes::url_encode(FakeWahaGroup::kGroup) + "/changes", session,
                                      nlohmann::json{{"action", "add"}, {"people", people}}.dump(), "application/json");
    ASSERT_TRUE(posted) << "no answer to the job's POST";
    ASSERT_EQ(posted->status, 202) << posted->body;
    const std::string job_id = nlohmann::json::parse(posted->body).value("id", "");
    ASSERT_FALSE(job_id.empty()) << posted->body;

    int kills = 0, kills_between_call_and_record = 0, held_adds_that_never_came = 0;
    std::ostringstream moments;
    for (int k = 0; k < kKills; ++k) {
        // Armed before the restart: the worker may resume before the start line is printed.
        if (held_kill[k]) waha.hold_next_add();
        if (k > 0) {
            life = std::make_unique<ProxyLife>(settings());
            ASSERT_GT(life->port(), 0) << "the proxy did not restart after kill " << k;
        }
        if (held_kill[k]) {
            // The gateway applied an add and keeps its answer back: kill while it does.
            if (waha.wait_until_holding(Millis(6000))) {
                life->kill_now();
                ++kills_between_call_and_record;
                moments << " held";
            } else {
                life->kill_now();
                ++held_adds_that_never_came;
                moments << " held(no add came)";
            }
            waha.release_held();
        } else {
            const int ms = random_moment_ms(random);
            std::this_thread::sleep_for(Millis(ms));
            life->kill_now();
            moments << " " << ms << "ms";
        }
        ++kills;
    }
    const int added_while_killing = (int)waha.members().size();
    const double killing_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // The last life runs undisturbed until the job ends.
    life = std::make_unique<ProxyLife>(settings());
    ASSERT_GT(life->port(), 0) << "the proxy did not restart after the last kill";
    nlohmann::json job;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
    for (;;) {
        job = read_job(*life, job_id);
        const std::string state = job.is_object() ? job.value("state", "") : "";
        if (state != "" && state != "queued" && state != "running") break;
        if (std::chrono::steady_clock::now() > deadline) break;
        std::this_thread::sleep_for(Millis(250));
    }
    nlohmann::json connection = nullptr;
    if (auto r = life->client().Get("/api/v1/connection", session); r && r->status == 200)
        connection = nlohmann::json::parse(r->body, nullptr, false);
    const std::string last_log = life->stop();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // What a closing note quotes.
    const std::map<std::string, int> requests = waha.add_requests();
    std::map<int, int> people_by_add_count;
    for (int i = 0; i < kPeople; ++i) {
        auto it = requests.find(phone_of(i).substr(1));
        ++people_by_add_count[it == requests.end() ? 0 : it->second];
    }
    std::cout << "crash test: seed " << seed << ", " << kills << " SIGKILLs (" << kills_between_call_and_record
              << " between the gateway's add and the proxy's record of it";
    if (held_adds_that_never_came) std::cout << ", " << held_adds_that_never_came << " waited for an add that never came";
    std::cout << "), " << added_while_killing << " of " << kPeople << " added before the last restart, "
              << "adds asked per person:";
    for (const auto& [adds, count] : people_by_add_count) std::cout << " " << count << " person(s) x" << adds;
    std::cout << ", " << seconds << " s (" << killing_seconds << " s to the last kill)\ncrash test: kill moments:" << moments.str() << "\n";
    for (const std::string& odd : waha.unexpected_requests()) std::cout << "crash test: the gateway was asked " << odd << "\n";

    EXPECT_GE(kills, 20);
    EXPECT_GE(kills_between_call_and_record, 1) << "no kill landed between an add and its record";
    ASSERT_TRUE(job.is_object()) << "the job " << job_id << " could not be read after the last restart\n"
                                 << last_lines(last_log, 30);
    EXPECT_EQ(job.value("state", ""), "done") << "the job did not end done within 45 s of the last restart: "
                                              << job.dump().substr(0, 400) << "\n" << last_lines(last_log, 30);
    ASSERT_TRUE(job.contains("items") && job["items"].is_array()) << job.dump();
    EXPECT_EQ(job["items"].size(), (size_t)kPeople) << "the job lost or gained people";

    const std::set<std::string> members = waha.members();
    for (int i = 0; i < kPeople; ++i) {
        const std::string phone = phone_of(i);
        const std::string digits = phone.substr(1);
        EXPECT_TRUE(members.count(digits)) << phone << " (person " << i + 1 << ") is not in the group";
        auto asked = requests.find(digits);
        EXPECT_EQ(asked == requests.end() ? 0 : asked->second, 1)
            << phone << " (person " << i + 1 << "): the gateway was asked to add them this many times, expected "
            << "exactly once (a resumed job must read the group before it adds again)";
        if (i < (int)job["items"].size()) {
            const nlohmann::json& item = job["items"][i];
            EXPECT_EQ(item.value("phone", ""), phone) << "item " << i << " is not person " << i + 1;
            EXPECT_EQ(item.value("outcome", ""), "done")
                << phone << " (person " << i + 1 << ") was added by this job, so its outcome must be done"
                << (item.value("outcome", "") == "already_member" ? " (already_member: the add's answer was lost "
                                                                    "in a crash and the restart misread it)"
                                                                  : "");
        }
    }
    ASSERT_TRUE(connection.is_object()) << "GET /api/v1/connection did not answer 200";
    EXPECT_EQ(connection.value("adds_today", -1), kPeople)
        << "the day's add count must count every add WhatsApp carried out, crash or not";
    EXPECT_EQ(life->exit_code(), 0) << last_lines(last_log, 30);
    EXPECT_LT(seconds, 90) << "the crash test is meant to finish within about a minute";
}

TEST_F(ProxyCrashes, ARobotRunKilledAgainAndAgainChangesEachPersonOnceAndSendsOneResult) {
    constexpr int kRobotPeople = 10;
    constexpr int kRobotKills = 10;
    constexpr int kRobotHeldKills = 4;   // of kRobotKills
    const auto started = std::chrono::steady_clock::now();
    std::mt19937 random(crash_seed());
    test::FakeBitrix24 portal;
    portal.user("1", "Anna", "Admin", /*admin=*/true);
    const auto [access, refresh] = portal.issue_pair("1");
    {
        // The portal installed GroupDesk: its pair and application token are in the data file.
        std::unique_ptr<Database> db = open_data_file(dir / "data");
        SteadyClock clock;
        CrmAccountTable(*db, clock).save({test::kMemberId, "bitrix24", portal.url(), access, refresh, 0, test::kAppToken});
    }
    std::vector<std::string> robot_settings = settings();
    // Bitrix24 configured: the robot's route is served and its results go back to the fake portal.
    robot_settings.push_back("GROUPDESK_PUBLIC_URL=http://127.0.0.1:9");
    robot_settings.push_back(std::string("GROUPDESK_BITRIX24_CLIENT_ID=") + test::kClientId);
    robot_settings.push_back(std::string("GROUPDESK_BITRIX24_CLIENT_SECRET=") + test::kClientSecret);
    robot_settings.push_back("GROUPDESK_BITRIX24_OAUTH_URL=" + portal.url());

    std::vector<std::string> phones;
    for (int i = 0; i < kRobotPeople; ++i) phones.push_back(phone_of(i));
    test::RobotPost call;
    call.domain = portal.domain();
    call.properties = test::add_phones(FakeWahaGroup::kGroup, phones, /*invite=*/false);
    portal.await_event(call.event_token);
    auto post_call = [&](const ProxyLife& life) {
        return life.client().Post("/crm/bitrix24/robot", call.body(), "application/x-www-form-urlencoded");
    };

    std::vector<char> held_kill(kRobotKills, false);
    std::fill(held_kill.begin(), held_kill.begin() + kRobotHeldKills, true);
    std::shuffle(held_kill.begin(), held_kill.end(), random);
    std::uniform_int_distribution<int> random_moment_ms(50, 1200);

    auto life = std::make_unique<ProxyLife>(robot_settings);
    ASSERT_GT(life->port(), 0) << "the proxy did not start";
    auto posted = post_call(*life);
    ASSERT_TRUE(posted) << "no answer to the robot's call";
    ASSERT_EQ(posted->status, 200) << posted->body;
    const std::string job_id = nlohmann::json::parse(posted->body).value("job_id", "");
    ASSERT_FALSE(job_id.empty()) << posted->body;

    int kills_between_call_and_record = 0, repeated_calls_answered = 0;
    for (int k = 0; k < kRobotKills; ++k) {
        if (held_kill[k]) waha.hold_next_add();
        if (k > 0) {
            life = std::make_unique<ProxyLife>(robot_settings);
            ASSERT_GT(life->port(), 0) << "the proxy did not restart after kill " << k;
            // Bitrix24's queue delivers the call again when it is not sure it arrived.
            auto again = post_call(*life);
            if (again && again->status == 200) {
                ++repeated_calls_answered;
                EXPECT_EQ(nlohmann::json::parse(again->body).value("job_id", ""), job_id) << again->body;
            }
        }
        if (held_kill[k]) {
            if (waha.wait_until_holding(Millis(6000))) ++kills_between_call_and_record;
            life->kill_now();
            waha.release_held();
        } else {
            std::this_thread::sleep_for(Millis(random_moment_ms(random)));
            life->kill_now();
        }
    }

    // Then Bitrix24 takes the result and its answer is held back: the proxy is killed before it
    // knows. The next life sends it again, Bitrix24 says the activity is closed, and that is that.
    std::atomic<bool> result_held{false}, release_result{false};
    portal.server.set_post_routing_handler([&](const httplib::Request& req, httplib::Response&) {
        if (req.path != "/rest/bizproc.event.send.json" || result_held.exchange(true)) return;
        while (!release_result) std::this_thread::sleep_for(Millis(10));
    });
    life = std::make_unique<ProxyLife>(robot_settings);
    ASSERT_GT(life->port(), 0) << "the proxy did not restart after the last kill";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
    while (!result_held && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(Millis(50));
    EXPECT_TRUE(result_held) << "the result was not sent within 45 s of the last restart";
    life->kill_now();
    release_result = true;

    // The last life runs undisturbed until it has sent the result again: the killed life had taken
    // the hook for a minute (SqliteJobStore::due_hook), so the send comes once that minute is over.
    life = std::make_unique<ProxyLife>(robot_settings);
    ASSERT_GT(life->port(), 0) << "the proxy did not restart after the kill during the result";
    auto sends = [&] {
        const std::vector<std::string> m = portal.methods();
        return std::count(m.begin(), m.end(), "bizproc.event.send");
    };
    deadline = std::chrono::steady_clock::now() + std::chrono::seconds(75);
    while (sends() < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(Millis(100));
    std::this_thread::sleep_for(Millis(500));   // a third send, were there one, would come now
    const std::string last_log = life->stop();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const std::map<std::string, int> requests = waha.add_requests();
    const std::vector<std::string> methods = portal.methods();
    std::cout << "robot crash test: " << kRobotKills << " SIGKILLs (" << kills_between_call_and_record
              << " between the gateway's add and the proxy's record of it), the call posted again " << repeated_calls_answered
              << " times, " << portal.events_sent().size() << " result(s) taken by Bitrix24, "
              << std::count(methods.begin(), methods.end(), "bizproc.event.send") << " sent, " << seconds
              << " s\n";
    EXPECT_GE(kills_between_call_and_record, 1) << "no kill landed between an add and its record";
    for (const std::string& phone : phones) {
        auto asked = requests.find(phone.substr(1));
        EXPECT_EQ(asked == requests.end() ? 0 : asked->second, 1) << phone << ": asked to add this many times";
        EXPECT_TRUE(waha.members().count(phone.substr(1))) << phone << " is not in the group";
    }
    ASSERT_EQ(portal.events_sent().size(), 1u) << "Bitrix24 must take exactly one result\n" << last_lines(last_log, 30);
    EXPECT_EQ(sends(), 2) << "sent once, and once again after the kill that lost Bitrix24's answer";
    EXPECT_NE(last_log.find("Bitrix24 will not take it, given up: HTTP 403 ACCESS_DENIED"), std::string::npos)
        << last_lines(last_log, 30);
    const test::FakeBitrix24::SentEvent result = portal.events_sent()[0];
    EXPECT_EQ(result.event_token, call.event_token);
    EXPECT_EQ(result.return_values.value("result_code", ""), "ok") << result.return_values.dump();
    EXPECT_EQ(result.return_values.value("succeeded", -1), kRobotPeople);
    EXPECT_EQ(result.return_values.value("failed", -1), 0);
    EXPECT_EQ(life->exit_code(), 0) << last_lines(last_log, 30);
}

} // namespace
} // namespace gd
