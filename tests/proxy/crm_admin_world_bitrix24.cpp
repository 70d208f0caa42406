// The CrmAdmin conformance suite on Bitrix24: the connector against its fake portal
// (tests/connectors/bitrix24_fake.h), whose request rate is the documented leaky bucket (50
// requests, draining 2 a second) on the test's clock, so a connector that ran faster than the
// portal allows would see QUERY_LIMIT_EXCEEDED here.
#include "tests/connectors/bitrix24_fake.h"
#include "tests/proxy/crm_admin_conformance.h"

#include "proxy/connectors/bitrix24/bitrix24_crm.h"

namespace gd::test {
namespace {

const char* kAppToken = "app-token-Wd4Nc8Ts";

class Bitrix24World : public CrmAdminWorld {
public:
    Bitrix24World() {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        fake.department("1", "Head office");
        fake.department("5", "Sales", "1");
        fake.leaky_bucket(50, 2, [this] { return clock.now().count() / 1000.0; });
        auto [access, refresh] = fake.issue_pair("1");
        app.oauth_url = fake.url();
        keeper.store({kMemberId, "bitrix24", fake.url(), access, refresh, 0, kAppToken});
        crm = std::make_unique<Bitrix24Crm>(keeper, kMemberId, app, clock);
    }
    ~Bitrix24World() override { EXPECT_EQ(fake.rate_limited(), 0) << "the connector outran the portal's rate"; }

    CrmAdmin& admin() override { return *crm; }
    std::unique_ptr<CrmAdmin> restarted() override { return std::make_unique<Bitrix24Crm>(keeper, kMemberId, app, clock); }
    std::string put_user(const std::string& name, const std::string& email) override {
        const size_t space = name.find(' ');
        return fake.put_user(name.substr(0, space), space == std::string::npos ? "" : name.substr(space + 1), email, 5);
    }
    std::string integration_user_id() override { return "1"; }
    std::vector<std::string> put_records(const std::string& user_id, RecordKind kind, int count) override {
        return fake.put_records(record_kind_name(kind), user_id, count);
    }
    std::string owner_of(RecordKind kind, const std::string& id) override { return fake.owner_of(record_kind_name(kind), id); }
    int times_moved(RecordKind kind, const std::string& id) override { return fake.times_moved(record_kind_name(kind), id); }
    void refuse_moving(RecordKind kind, const std::string& id) override { fake.refuse_moving(record_kind_name(kind), id); }

private:
    ManualClock clock;   // before the fake: its bucket reads it
    FakeBitrix24 fake;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    Bitrix24App app{kClientId, kClientSecret, ""};
    std::unique_ptr<Bitrix24Crm> crm;
};

std::unique_ptr<CrmAdminWorld> make_bitrix24_world() { return std::make_unique<Bitrix24World>(); }

INSTANTIATE_TEST_SUITE_P(Bitrix24, CrmAdminConformance, ::testing::Values(&make_bitrix24_world));

} // namespace
} // namespace gd::test
