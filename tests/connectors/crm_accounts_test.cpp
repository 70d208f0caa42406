// The CRM token rules every connector relies on: one refresh at a time per account, a caller that
// lost the race uses the winner's pair, and a new pair is saved before it is handed out.
#include "proxy/connectors/upstream/crm_accounts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace gd {
namespace {

CrmAccount portal(const std::string& access, const std::string& refresh) {
    return CrmAccount{"m1", "bitrix24", "https://portal.example", access, refresh, 1000, "app-token"};
}

// Hands out pairs a1/r1, a2/r2, ... and refuses a refresh token used twice, as the CRMs do.
struct RotatingCrm {
    std::atomic<int> calls{0};
    std::mutex mutex;
    std::vector<std::string> used;

    Result<CrmAccount> operator()(const CrmAccount& current) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));   // widen the race window
        std::lock_guard lock(mutex);
        for (const auto& spent : used)
            if (spent == current.refresh_token) return Error{ErrorCode::crm_reauthorization_needed, "invalid_grant"};
        used.push_back(current.refresh_token);
        int n = ++calls + 1;
        CrmAccount next = current;
        next.access_token = "a" + std::to_string(n);
        next.refresh_token = "r" + std::to_string(n);
        return next;
    }
};

TEST(CrmTokenKeeper, AnAccountNeverInstalledIsNotConnected) {
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    auto account = keeper.current("m1");
    ASSERT_FALSE(account);
    EXPECT_EQ(account.error().code, ErrorCode::crm_not_connected);
}

TEST(CrmTokenKeeper, ARefreshIsSavedBeforeItIsReturned) {
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    ASSERT_TRUE(keeper.store(portal("a1", "r1")));
    RotatingCrm crm;
    auto fresh = keeper.refresh("m1", "a1", [&](const CrmAccount& c) {
        auto next = crm(c);
        EXPECT_EQ(store.load("m1")->access_token, "a1");   // not yet saved while the CRM answers
        return next;
    });
    ASSERT_TRUE(fresh) << fresh.error().detail;
    EXPECT_EQ(fresh->access_token, "a2");
    EXPECT_EQ(store.load("m1")->access_token, "a2");
    EXPECT_EQ(store.load("m1")->refresh_token, "r2");
    EXPECT_EQ(store.load("m1")->application_token, "app-token");
}

TEST(CrmTokenKeeper, ManyCallersRejectedAtOnceCauseOneRefresh) {
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    ASSERT_TRUE(keeper.store(portal("a1", "r1")));
    RotatingCrm crm;
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            auto fresh = keeper.refresh("m1", "a1", std::ref(crm));
            if (fresh && fresh->access_token == "a2") ++ok;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(crm.calls.load(), 1);
    EXPECT_EQ(ok.load(), 8);
    EXPECT_EQ(store.load("m1")->refresh_token, "r2");
}

TEST(CrmTokenKeeper, ACallerWithAnOldTokenGetsTheNewerPairWithoutRefreshing) {
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    ASSERT_TRUE(keeper.store(portal("a5", "r5")));
    int calls = 0;
    auto fresh = keeper.refresh("m1", "a4", [&](const CrmAccount&) -> Result<CrmAccount> { ++calls; return portal("x", "y"); });
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->access_token, "a5");
    EXPECT_EQ(calls, 0);
}

TEST(CrmTokenKeeper, ARefusedRefreshLeavesTheStoredPairAndSaysReconnect) {
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    ASSERT_TRUE(keeper.store(portal("a1", "r1")));
    auto fresh = keeper.refresh("m1", "a1", [](const CrmAccount&) -> Result<CrmAccount> {
        return Error{ErrorCode::crm_reauthorization_needed, "invalid_grant"};
    });
    ASSERT_FALSE(fresh);
    EXPECT_EQ(fresh.error().code, ErrorCode::crm_reauthorization_needed);
    EXPECT_EQ(store.load("m1")->refresh_token, "r1");
}

TEST(CrmTokenKeeper, AnAnswerWithoutAPairIsNotSaved) {
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    ASSERT_TRUE(keeper.store(portal("a1", "r1")));
    auto fresh = keeper.refresh("m1", "a1", [](const CrmAccount& c) -> Result<CrmAccount> {
        CrmAccount broken = c;
        broken.refresh_token.clear();
        broken.access_token = "a2";
        return broken;
    });
    ASSERT_FALSE(fresh);
    EXPECT_EQ(fresh.error().code, ErrorCode::crm_bad_response);
    EXPECT_EQ(store.load("m1")->access_token, "a1");
}

struct FailingStore : MemoryCrmAccounts {
    bool fail = false;
    void save(const CrmAccount& account) override {
        if (fail) throw std::runtime_error("disk full");
        MemoryCrmAccounts::save(account);
    }
};

TEST(CrmTokenKeeper, APairThatCannotBeSavedIsNotUsed) {
    FailingStore store;
    CrmTokenKeeper keeper(store);
    ASSERT_TRUE(keeper.store(portal("a1", "r1")));
    store.fail = true;
    RotatingCrm crm;
    auto fresh = keeper.refresh("m1", "a1", std::ref(crm));
    ASSERT_FALSE(fresh);
    EXPECT_EQ(fresh.error().code, ErrorCode::storage_failed);
    EXPECT_NE(fresh.error().detail.find("disk full"), std::string::npos);
}

TEST(CrmTokenKeeper, AnAccountWithoutIdIsRefused) {
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper(store);
    CrmAccount nameless = portal("a1", "r1");
    nameless.id.clear();
    auto saved = keeper.store(nameless);
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, ErrorCode::bad_request);
    EXPECT_EQ(store.saves(), 0);
}

} // namespace
} // namespace gd
