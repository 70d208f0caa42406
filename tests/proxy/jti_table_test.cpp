// The amoCRM widget tokens already used are kept in the data file: a restart does not reopen
// them, expired ones are deleted as new ones arrive, and racing requests with one token get
// exactly one session.
#include "proxy/storage/data_file.h"
#include "proxy/storage/jti_table.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace gd {
namespace {

int64_t rows(Database& db) { return db.scalar("SELECT COUNT(*) FROM amocrm_used_tokens", -1); }

TEST(JtiTable, AUsedTokenStaysUsedAfterARestart) {
    test::ScratchDir dir;
    ManualClock clock;
    const int64_t expires_at = clock.unix_seconds() + 1800;
    {
        auto db = open_data_file(dir.path());
        JtiTable used(*db, clock);
        EXPECT_TRUE(used.first_use("d628f123-5123-473e-a123-ed123ef31f8f", expires_at));
        EXPECT_FALSE(used.first_use("d628f123-5123-473e-a123-ed123ef31f8f", expires_at));
    }
    auto db = open_data_file(dir.path());   // the proxy again, on the same data file
    JtiTable used(*db, clock);
    EXPECT_FALSE(used.first_use("d628f123-5123-473e-a123-ed123ef31f8f", expires_at));
    EXPECT_TRUE(used.first_use("a-token-issued-after-the-restart", expires_at));
}

TEST(JtiTable, ExpiredTokensAreForgottenWhenTheNextOneIsRecorded) {
    test::ScratchDir dir;
    ManualClock clock;
    auto db = open_data_file(dir.path());
    JtiTable used(*db, clock);
    const int64_t now = clock.unix_seconds();
    ASSERT_TRUE(used.first_use("jti-short", now + 10));
    ASSERT_TRUE(used.first_use("jti-long", now + 1800));
    EXPECT_EQ(rows(*db), 2);

    clock.advance(std::chrono::seconds(10));   // jti-short's exp: its token can no longer pass
    EXPECT_EQ(rows(*db), 2) << "nothing is deleted until a token is recorded";
    EXPECT_TRUE(used.first_use("jti-next", now + 1810));
    EXPECT_EQ(rows(*db), 2);
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM amocrm_used_tokens WHERE jti = 'jti-short'", -1), 0);
    EXPECT_FALSE(used.first_use("jti-long", now + 1800)) << "a live token is still remembered";
}

// Every thread offers the same jtis at the same moment; each jti is first exactly once.
void race(const std::vector<JtiLedger*>& ledgers, int64_t expires_at) {
    constexpr int kTokens = 200;
    std::vector<std::atomic<int>> accepted(kTokens);
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (JtiLedger* ledger : ledgers)
        threads.emplace_back([&, ledger] {
            while (!go) std::this_thread::yield();
            for (int n = 0; n < kTokens; ++n)
                if (ledger->first_use("jti-race-" + std::to_string(n), expires_at)) ++accepted[n];
        });
    go = true;
    for (std::thread& t : threads) t.join();
    for (int n = 0; n < kTokens; ++n) EXPECT_EQ(accepted[n], 1) << "jti-race-" << n;
}

TEST(JtiTable, EightThreadsOfferingOneTokenOpenOneSession) {
    test::ScratchDir dir;
    ManualClock clock;
    auto db = open_data_file(dir.path());
    JtiTable used(*db, clock);   // one Database shared by the server's threads, as in the proxy
    race(std::vector<JtiLedger*>(8, &used), clock.unix_seconds() + 1800);
    EXPECT_EQ(rows(*db), 200);
}

TEST(JtiTable, EightConnectionsToOneDataFileOpenOneSessionPerToken) {
    test::ScratchDir dir;
    ManualClock clock;
    std::vector<std::unique_ptr<Database>> connections;
    std::vector<std::unique_ptr<JtiTable>> tables;
    std::vector<JtiLedger*> ledgers;
    for (int i = 0; i < 8; ++i) {
        connections.push_back(open_data_file(dir.path()));
        tables.push_back(std::make_unique<JtiTable>(*connections.back(), clock));
        ledgers.push_back(tables.back().get());
    }
    race(ledgers, clock.unix_seconds() + 1800);
}

} // namespace
} // namespace gd
