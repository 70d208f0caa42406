// Many people at once: 64 clients of two CRM portals create member-change jobs, cancel some and
// read them, all over real HTTP against one proxy whose job worker runs beside them. No request
// fails with a 5xx, no job is lost or changed, and no portal ever sees a job of the other.
#include "proxy_test_support.h"
#include "shared/routes.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace gd {
namespace {

constexpr int kThreads = 64;
constexpr int kJobsPerThread = 8;
constexpr const char* kPortalA = "bitrix24:portal-a";
constexpr const char* kPortalB = "bitrix24:portal-b";

// Two sessions in each portal; thread t signs in as kTokens[t % 4].
const std::vector<std::string> kTokens = {"anna-a", "admin-a", "boris-b", "admin-b"};

Authenticate two_portals() {
    return [](const std::string& token) -> Result<SessionUser> {
        static const std::map<std::string, SessionUser> sessions = {
            {"anna-a", {"7", "Анна", false, kPortalA}},
            {"admin-a", {"1", "Админ А", true, kPortalA}},
            {"boris-b", {"3", "Борис", false, kPortalB}},
            {"admin-b", {"1", "Админ Б", true, kPortalB}},
        };
        auto it = sessions.find(token);
        if (it == sessions.end()) return Error{ErrorCode::not_signed_in, {}};
        return it->second;
    };
}

std::string tenant_of(const std::string& token) { return token.back() == 'a' ? kPortalA : kPortalB; }

// Adds as fast as the sandbox takes them, so the worker writes all the time the clients do.
test::MemberChangeSettings fast_changes() {
    test::MemberChangeSettings s;
    s.pacing.min_interval = Clock::Duration(5);
    s.pacing.max_jitter = Clock::Duration(0);
    s.pacing.daily_cap = 100000;
    s.checks.daily_cap = 100000;
    s.checks.min_interval = Clock::Duration(0);
    s.jobs.write_interval = Clock::Duration(5);
    return s;
}

struct CreatedJob {
    std::string id;
    std::string token;   // who created it
    std::string group_id;
    std::vector<std::string> inputs;   // as written, in order
    bool cancel_said_cancelled = false;
};

struct Seen {
    std::string token;
    std::string job_id;
    std::string how;
};

// What every client thread reports back; read after all have ended.
struct Findings {
    std::mutex mutex;
    std::vector<CreatedJob> created;
    std::vector<Seen> listed;   // job ids a thread saw in a list of its group's jobs
    std::map<std::string, std::vector<std::string>> problems;   // what went wrong -> each time it did
    std::atomic<int> requests{0}, server_errors{0};

    void problem(const std::string& what, const std::string& detail) {
        std::lock_guard lock(mutex);
        problems[what].push_back(detail);
    }
    // Each kind of problem with how often it happened and its first few instances.
    std::string summary() {
        std::ostringstream out;
        for (const auto& [what, details] : problems) {
            out << "  " << details.size() << " x " << what << ", e.g.\n";
            for (size_t i = 0; i < details.size() && i < 3; ++i) out << "      " << details[i] << "\n";
        }
        return out.str();
    }
};

// One job's people, written as managers write them: each thread and job has numbers of its own.
std::vector<std::string> inputs_for(int thread, int job, std::mt19937& random) {
    std::vector<std::string> inputs;
    const int count = 1 + (int)(random() % 4);
    for (int person = 0; person < count; ++person) {
        char digits[16];
        std::snprintf(digits, sizeof digits, "926%02d%d%d555", thread, job, person);   // 926TTJP555
        const std::string d = digits;
        switch (random() % 4) {
        case 0: inputs.push_back("+7" + d); break;
        case 1: inputs.push_back("8 " + d.substr(0, 3) + " " + d.substr(3, 3) + "-" + d.substr(6, 2) + "-" + d.substr(8)); break;
        case 2: inputs.push_back("+7 (" + d.substr(0, 3) + ") " + d.substr(3)); break;
        default: inputs.push_back(random() % 2 ? "7" + d : "не номер " + std::to_string(thread)); break;   // kept, never sent
        }
    }
    return inputs;
}

std::vector<std::string> inputs_in(const nlohmann::json& job) {
    std::vector<std::string> inputs;
    if (job.is_object() && job.contains("items") && job["items"].is_array())
        for (const nlohmann::json& item : job["items"]) inputs.push_back(item.value("input", ""));
    return inputs;
}

class JobsUnderLoad : public ::testing::Test {
protected:
    test::RunningProxy proxy{{}, 1024 * 1024, two_portals(), false, {}, {}, fast_changes()};
    Findings findings;
    std::mutex others_mutex;
    std::map<std::string, std::vector<std::string>> job_ids_by_tenant;   // for threads to try the other's

    struct Answer {
        int status = 0;   // 0: no answer at all
        nlohmann::json body;
    };
    Answer call(const std::string& token, const std::string& method, const std::string& path, const std::string& body = "{}") {
        httplib::Client client("127.0.0.1", proxy.port());
        client.set_bearer_token_auth(token);
        client.set_read_timeout(30, 0);
        auto r = method == "GET" ? client.Get(path) : client.Post(path, body, "application/json");
        ++findings.requests;
        if (!r) return {};
        if (r->status >= 500) ++findings.server_errors;
        return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
    }
    static std::string who(int thread, const std::string& token) {
        return "thread " + std::to_string(thread) + " (" + token + ", " + tenant_of(token) + ")";
    }

    void client_thread(int thread, std::latch& start) {
        const std::string token = kTokens[thread % kTokens.size()];
        const std::string tenant = tenant_of(token);
        const std::string other_tenant = tenant == kPortalA ? kPortalB : kPortalA;
        std::mt19937 random(1000 + thread);
        const std::vector<std::string> groups = {demo::kMoscowClientsGroup, demo::kOldStyleGroup};
        start.arrive_and_wait();
        for (int j = 0; j < kJobsPerThread; ++j) {
            CreatedJob job;
            job.token = token;
            job.group_id = groups[random() % groups.size()];
            job.inputs = inputs_for(thread, j, random);
            nlohmann::json people = nlohmann::json::array();
            for (const std::string& input : job.inputs) people.push_back({{"phone", input}, {"name", "Клиент"}});
            const std::string group_path = "/api/v1/groups/" + routes::url_encode(job.group_id);

            Answer created = call(token, "POST", group_path + "/changes", nlohmann::json{{"action", "add"}, {"people", people}}.dump());
            if (created.status != 202 || !created.body.is_object() || !created.body.contains("id")) {
                findings.problem("POST .../changes answered " + std::to_string(created.status) + ", not 202 with the job",
                                 who(thread, token) + ": " + created.body.dump().substr(0, 300));
                continue;
            }
            job.id = created.body["id"];
            if (inputs_in(created.body) != job.inputs)
                findings.problem("the created job does not list the people as sent", who(thread, token) + ": " + job.id);

            if (random() % 3 == 0) {
                Answer cancelled = call(token, "POST", "/api/v1/jobs/" + job.id + "/cancel");
                if (cancelled.status != 200)
                    findings.problem("cancelling its own job answered " + std::to_string(cancelled.status),
                                     who(thread, token) + ": " + job.id + " " + cancelled.body.dump().substr(0, 300));
                else
                    job.cancel_said_cancelled = cancelled.body.value("state", "") == "cancelled";
            }

            Answer read = call(token, "GET", "/api/v1/jobs/" + job.id);
            if (read.status != 200)
                findings.problem("reading its own job answered " + std::to_string(read.status),
                                 who(thread, token) + ": " + job.id + " " + read.body.dump().substr(0, 300));
            else if (inputs_in(read.body) != job.inputs)
                findings.problem("its own job reads back with other people",
                                 who(thread, token) + ": " + read.body.dump().substr(0, 300));

            Answer list = call(token, "GET", "/api/v1/jobs?group_id=" + routes::url_encode(job.group_id));
            if (list.status != 200 || !list.body.is_object() || !list.body.contains("jobs")) {
                findings.problem("listing the group's jobs answered " + std::to_string(list.status),
                                 who(thread, token) + ": " + list.body.dump().substr(0, 300));
            } else {
                std::lock_guard lock(findings.mutex);
                for (const nlohmann::json& listed : list.body["jobs"])
                    findings.listed.push_back({token, listed.value("id", ""), "listed in " + job.group_id});
            }

            // A job of the other portal, by its id: as if it did not exist.
            std::string foreign;
            {
                std::lock_guard lock(others_mutex);
                job_ids_by_tenant[tenant].push_back(job.id);
                const std::vector<std::string>& theirs = job_ids_by_tenant[other_tenant];
                if (!theirs.empty()) foreign = theirs[random() % theirs.size()];
            }
            if (!foreign.empty()) {
                Answer peek = call(token, "GET", "/api/v1/jobs/" + foreign);
                if (peek.status != 404)
                    findings.problem("reading the other portal's job answered " + std::to_string(peek.status) + ", not 404",
                                     who(thread, token) + ": " + foreign + " " + peek.body.dump().substr(0, 200));
            }
            std::lock_guard lock(findings.mutex);
            findings.created.push_back(std::move(job));
        }
    }
};

TEST_F(JobsUnderLoad, SixtyFourClientsOfTwoPortalsCreateCancelAndReadJobsAtOnceAndNothingIsLostOrShared) {
    const auto started = std::chrono::steady_clock::now();
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back([this, t, &start] { client_thread(t, start); });
    for (std::thread& t : threads) t.join();

    // Every created job, once the rush is over: still there for its creator, as created, and
    // nowhere for the other portal.
    std::map<std::string, const CreatedJob*> by_id;
    for (const CreatedJob& job : findings.created) {
        if (by_id.count(job.id)) findings.problem("two POSTs answered the same job", job.id);
        by_id[job.id] = &job;
        Answer read = call(job.token, "GET", "/api/v1/jobs/" + job.id);
        if (read.status != 200) {
            findings.problem("after the rush, a created job answers " + std::to_string(read.status) + " to its creator: lost",
                             job.id + " of " + job.token);
            continue;
        }
        if (inputs_in(read.body) != job.inputs)
            findings.problem("after the rush, a job reads back with other people", read.body.dump().substr(0, 300));
        if (job.cancel_said_cancelled && read.body.value("state", "") != "cancelled")
            findings.problem("a job answered cancelled reads otherwise later",
                             job.id + " now reads " + read.body.value("state", ""));
        const std::string other = tenant_of(job.token) == kPortalA ? "boris-b" : "anna-a";
        if (call(other, "GET", "/api/v1/jobs/" + job.id).status != 404)
            findings.problem("after the rush, the other portal can read a job", other + " reads " + job.id + " of " + job.token);
    }
    for (const Seen& seen : findings.listed) {
        auto it = by_id.find(seen.job_id);
        if (it == by_id.end())
            findings.problem("a listed job that no POST answered", seen.token + " saw " + seen.job_id + " " + seen.how);
        else if (tenant_of(it->second->token) != tenant_of(seen.token))
            findings.problem("a job of the other portal listed", seen.token + " saw " + seen.job_id + " " + seen.how);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    std::cout << "concurrency test: " << kThreads << " threads, " << findings.created.size() << " jobs created, "
              << findings.requests.load() << " requests, " << findings.server_errors.load() << " answered 5xx, "
              << seconds << " s\n";
    EXPECT_EQ(findings.server_errors.load(), 0) << "no request may fail with a 5xx";
    EXPECT_EQ(findings.created.size(), (size_t)kThreads * kJobsPerThread) << "every POST must create its job";
    EXPECT_TRUE(findings.problems.empty()) << "what went wrong:\n" << findings.summary();
}

} // namespace
} // namespace gd
