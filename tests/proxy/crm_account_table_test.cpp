// CRM accounts and their OAuth pairs are kept in the data file and survive a restart.
#include "proxy/storage/crm_account_table.h"
#include "proxy/storage/data_file.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(CrmAccountTable, AnAccountSurvivesARestartAndASecondSaveReplacesIt) {
    test::ScratchDir dir;
    ManualClock clock;
    CrmAccount account{"m1", "bitrix24", "https://portal.example", "a1", "r1", 1795428000, "app"};
    {
        auto db = open_data_file(dir.path());
        CrmAccountTable table(*db, clock);
        EXPECT_FALSE(table.load("m1"));
        table.save(account);
        account.access_token = "a2";
        account.refresh_token = "r2";
        table.save(account);
    }
    auto db = open_data_file(dir.path());
    CrmAccountTable table(*db, clock);
    auto loaded = table.load("m1");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->crm, "bitrix24");
    EXPECT_EQ(loaded->base_url, "https://portal.example");
    EXPECT_EQ(loaded->access_token, "a2");
    EXPECT_EQ(loaded->refresh_token, "r2");
    EXPECT_EQ(loaded->expires_at, 1795428000);
    EXPECT_EQ(loaded->application_token, "app");
    Statement count = db->prepare("SELECT count(*) FROM crm_accounts");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.integer(0), 1);
}

TEST(CrmAccountTable, TheKeeperRefreshesThroughTheDataFile) {
    test::ScratchDir dir;
    ManualClock clock;
    auto db = open_data_file(dir.path());
    CrmAccountTable table(*db, clock);
    CrmTokenKeeper keeper(table);
    ASSERT_TRUE(keeper.store(CrmAccount{"42", "amocrm", "https://x.example", "a1", "r1", 0, ""}));
    auto fresh = keeper.refresh("42", "a1", [](const CrmAccount& c) -> Result<CrmAccount> {
        CrmAccount next = c;
        next.access_token = "a2";
        next.refresh_token = "r2";
        return next;
    });
    ASSERT_TRUE(fresh);
    EXPECT_EQ(table.load("42")->refresh_token, "r2");
}

} // namespace
} // namespace gd
