// The job engine on its own, with a test handler: given jobs in lanes, when workers claim and
// step them, then lanes keep order, run side by side, retry with backoff, and hooks survive.
#include "proxy/jobs/job_engine.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <atomic>

namespace gd {
namespace {

// Works one item per step; what each step answers is up to the test.
struct CountingHandler : JobHandler {
    JobStore& store;
    Clock& clock;
    std::function<StepResult(const QueuedJob&, const QueuedItem&)> on_item;
    std::vector<std::string> seen;   // "job:position" in the order the steps ran
    explicit CountingHandler(JobStore& s, Clock& c) : store(s), clock(c) {}

    StepResult step(const QueuedJob& job) override {
        for (const QueuedItem& item : store.items(job.id)) {
            if (item.phase != ItemPhase::waiting) continue;
            if (on_item) {
                StepResult r = on_item(job, item);
                if (r.next != StepResult::Next::again) return r;
            }
            seen.push_back(job.target + ":" + std::to_string(item.position));
            store.settle_item(job.id, item.position, "done");
            return StepResult::again();
        }
        return StepResult::finish(JobState::done);
    }
};

struct RecordingHook : HookRunner {
    int failures_left = 0;
    std::vector<std::string> ran;   // job ids
    bool run(const nlohmann::json& hook, const QueuedJob& job) override {
        if (failures_left > 0) {
            --failures_left;
            return false;
        }
        ran.push_back(job.id + "@" + hook.value("url", ""));
        return true;
    }
};

struct Engine : ::testing::Test {
    test::ScratchDir dir;
    std::unique_ptr<Database> db = open_data_file(dir.path());
    ManualClock clock;
    SqliteJobStore store{*db};
    EngineSettings settings{1, Clock::Duration(60000), Clock::Duration(2000), Clock::Duration(300000), 4, 3, 7};
    std::unique_ptr<JobEngine> engine = std::make_unique<JobEngine>(store, clock, settings);
    CountingHandler handler{store, clock};
    RecordingHook hook;

    void SetUp() override {
        engine->add_handler("test", handler);
        engine->add_hook_runner("callback", hook);
    }
    std::string enqueue(const std::string& lane, const std::string& target, int items, const std::string& key = {},
                        nlohmann::json on_finish = nullptr) {
        NewJob job{"test", "standalone", lane, target, target, key};
        job.on_finish = std::move(on_finish);
        for (int i = 0; i < items; ++i) job.items.push_back({0, "in", "s", "", "pending"});
        return store.enqueue(job, clock.unix_ms()).job.id;
    }
    JobState state_of(const std::string& id) { return store.get("standalone", id)->state; }
};

TEST_F(Engine, JobsInOneLaneRunInOrderAndOtherLanesRunBesideThem) {
    // The WhatsApp lane's first job waits for its pacing; the CRM lane is not held up by it.
    const std::string paced = enqueue("whatsapp", "A", 2);
    const std::string behind = enqueue("whatsapp", "B", 1);
    const std::string crm = enqueue("crm:1", "C", 1);
    handler.on_item = [&](const QueuedJob& job, const QueuedItem& item) {
        if (job.target == "A" && item.position == 1 && job.waiting_for != JobWait::pacing)
            return StepResult::wait_until(clock.unix_ms() + 10000, JobWait::pacing);
        return StepResult::again();
    };
    engine->run_until_idle();
    EXPECT_EQ(handler.seen, (std::vector<std::string>{"A:0", "C:0", "A:1", "B:0"}));
    EXPECT_EQ(state_of(paced), JobState::done);
    EXPECT_EQ(state_of(behind), JobState::done);
    EXPECT_EQ(state_of(crm), JobState::done);
}

TEST_F(Engine, ALaneSomebodyHoldsIsNotClaimedByAnotherWorker) {
    enqueue("whatsapp", "A", 1);
    enqueue("whatsapp", "B", 1);
    std::optional<QueuedJob> held = store.claim("w1", clock.unix_ms(), clock.unix_ms() + 60000);
    ASSERT_TRUE(held);
    EXPECT_FALSE(store.claim("w2", clock.unix_ms(), clock.unix_ms() + 60000));
    // Its lease runs out (the holder died): the lane is free again, at its head.
    clock.advance(Clock::Duration(60001));
    std::optional<QueuedJob> again = store.claim("w2", clock.unix_ms(), clock.unix_ms() + 60000);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, held->id);
}

TEST_F(Engine, FailuresThatMayPassAreRetriedWithGrowingJitteredBackoffThenStopTheJob) {
    const std::string id = enqueue("whatsapp", "A", 1);
    std::vector<int64_t> tried_at;
    handler.on_item = [&](const QueuedJob&, const QueuedItem&) {
        tried_at.push_back(clock.unix_ms());
        return StepResult::retry(ErrorCode::gateway_unavailable);
    };
    engine->run_until_idle();
    ASSERT_EQ(tried_at.size(), 4u);   // max_attempts
    for (size_t i = 1; i < tried_at.size(); ++i) {
        const int64_t full = 2000LL << (i - 1);
        EXPECT_GE(tried_at[i] - tried_at[i - 1], full / 2) << i;
        EXPECT_LE(tried_at[i] - tried_at[i - 1], full + 1) << i;
    }
    EXPECT_EQ(state_of(id), JobState::stopped);
    EXPECT_EQ(store.get("standalone", id)->stop_reason, "gateway_unavailable");
}

TEST_F(Engine, ARetryWaitsAtLeastWhatTheUpstreamAskedFor) {
    enqueue("whatsapp", "A", 1);
    int tries = 0;
    int64_t first = 0, second = 0;
    handler.on_item = [&](const QueuedJob&, const QueuedItem&) {
        (tries == 0 ? first : second) = clock.unix_ms();
        return ++tries == 1 ? StepResult::retry(ErrorCode::upstream_rate_limited, clock.unix_ms() + 90000) : StepResult::again();
    };
    engine->run_until_idle();
    EXPECT_GE(second - first, 90000);
}

TEST_F(Engine, TheBackoffDoublesUpToItsCapAndIsNeverTheSameForEveryLane) {
    std::set<int64_t> firsts;
    for (int i = 0; i < 20; ++i) {
        Clock::Duration d = engine->backoff(1);
        EXPECT_GE(d.count(), 1000);
        EXPECT_LE(d.count(), 2000);
        firsts.insert(d.count());
    }
    EXPECT_GT(firsts.size(), 5u);
    EXPECT_LE(engine->backoff(30).count(), 300000);
    EXPECT_GE(engine->backoff(30).count(), 150000);
}

TEST_F(Engine, TheSameIdempotencyKeyIsOneJob) {
    const std::string first = enqueue("whatsapp", "A", 1, "k");
    const std::string again = enqueue("whatsapp", "A", 1, "k");
    EXPECT_EQ(first, again);
    EXPECT_NE(enqueue("whatsapp", "A", 1, "other"), first);
    EXPECT_NE(enqueue("whatsapp", "A", 1), enqueue("whatsapp", "A", 1));   // no key: every request is new
}

TEST_F(Engine, ACompletionHookRunsOnceAfterTheJobEndsAndSurvivesARestart) {
    const std::string id = enqueue("crm:1", "A", 1, {}, {{"type", "callback"}, {"url", "https://crm.example/robot"}});
    hook.failures_left = 1;
    // The job ends; the hook fails once, and the proxy restarts before it is tried again.
    engine->run_one();   // the item
    engine->run_one();   // the end
    engine->run_one();   // the hook, which fails
    EXPECT_TRUE(hook.ran.empty());
    engine = std::make_unique<JobEngine>(store, clock, settings);
    engine->add_handler("test", handler);
    engine->add_hook_runner("callback", hook);
    engine->run_until_idle();
    ASSERT_EQ(hook.ran.size(), 1u);
    EXPECT_EQ(hook.ran[0], id + "@https://crm.example/robot");
    engine->run_until_idle();
    EXPECT_EQ(hook.ran.size(), 1u);
}

TEST_F(Engine, AHookThatKeepsFailingIsGivenUpAfterItsAttempts) {
    enqueue("crm:1", "A", 1, {}, {{"type", "callback"}});
    hook.failures_left = 100;
    engine->run_until_idle();
    EXPECT_TRUE(hook.ran.empty());
    EXPECT_EQ(db->scalar("SELECT hook_attempts FROM job_queue", 0), 3);
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM job_queue WHERE hook_state = 'failed'", 0), 1);
}

TEST_F(Engine, AJobOfAKindThisBuildDoesNotKnowStopsVisibly) {
    NewJob job{"from_the_future", "standalone", "x", "t", "t"};
    const std::string id = store.enqueue(job, clock.unix_ms()).job.id;
    engine->run_until_idle();
    EXPECT_EQ(state_of(id), JobState::stopped);
    EXPECT_EQ(store.get("standalone", id)->stop_reason, "not_supported");
}

TEST_F(Engine, WorkerThreadsRunAWaitingJobNoEarlierThanItsNextRun) {
    // Real time here: the workers sleep until a job's next run, not a polling second.
    SteadyClock real;
    SqliteJobStore real_store{*db};
    JobEngine threaded(real_store, real, {2, Clock::Duration(60000), Clock::Duration(50), Clock::Duration(1000), 4, 3, 9});
    CountingHandler h{real_store, real};
    std::atomic<int64_t> due{0};
    std::atomic<int64_t> ran_at{0};
    h.on_item = [&](const QueuedJob& job, const QueuedItem&) {
        if (job.waiting_for != JobWait::pacing) {
            due = real.unix_ms() + 150;
            return StepResult::wait_until(due, JobWait::pacing);
        }
        ran_at = real.unix_ms();
        return StepResult::again();
    };
    threaded.add_handler("test", h);
    NewJob job{"test", "standalone", "whatsapp", "A", "A"};
    job.items.push_back({0, "in", "s", "", "pending"});
    const std::string id = real_store.enqueue(job, real.unix_ms()).job.id;
    threaded.start();
    for (int i = 0; i < 500 && real_store.get("standalone", id)->state != JobState::done; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    threaded.stop();
    EXPECT_EQ(real_store.get("standalone", id)->state, JobState::done);
    EXPECT_GE(ran_at.load(), due.load());   // never before its time
}

} // namespace
} // namespace gd
