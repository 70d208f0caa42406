// The CrmAdmin conformance suite on the amoCRM connector against a fake amoCRM account
// (tests/connectors/amocrm_fake_account.h) that keeps amoCRM's 7 requests a second: once with API
// filtering, once on an account without it, where amoCRM ignores filter[responsible_user_id] and
// the connector must scan.
#include "tests/connectors/amocrm_fake_account.h"
#include "tests/proxy/crm_admin_conformance.h"

namespace gd::test {
namespace {

using namespace amo_test;

const char* api_word(RecordKind kind) {
    switch (kind) {
    case RecordKind::contact: return "contacts";
    case RecordKind::company: return "companies";
    case RecordKind::task: return "tasks";
    default: return "leads";
    }
}

class AmoCrmWorld final : public CrmAdminWorld, InstalledAmoAccount<> {
public:
    explicit AmoCrmWorld(bool filtering) {
        EXPECT_TRUE(installed);
        account.ignore_responsible_filter = !filtering;
        fake.limit_rate(7);
        crm = connector();
    }
    ~AmoCrmWorld() override {
        // The connector's pace, as amoCRM counts it: never a 429.
        EXPECT_EQ(fake.too_many(), 0);
        EXPECT_LE(fake.most_in_any_second(), 7);
    }

    CrmAdmin& admin() override { return *crm; }
    // The new connector's pacer knows nothing of the old one's requests: a restart takes longer
    // than amoCRM's one-second window.
    std::unique_ptr<CrmAdmin> restarted() override {
        clock.advance(std::chrono::seconds(1));
        return connector();
    }
    std::string put_user(const std::string& name, const std::string& email) override {
        return std::to_string(account.add_user(name, email));
    }
    std::string integration_user_id() override { return std::to_string(FakeAmoAccount::kIntegrationUser); }
    std::vector<std::string> put_records(const std::string& user_id, RecordKind kind, int count) override {
        std::vector<std::string> ids;
        for (int64_t id : account.add_records(api_word(kind), std::stoll(user_id), count)) ids.push_back(std::to_string(id));
        return ids;
    }
    std::string owner_of(RecordKind kind, const std::string& record_id) override {
        return std::to_string(account.record(api_word(kind), std::stoll(record_id)).responsible);
    }
    int times_moved(RecordKind kind, const std::string& record_id) override {
        return account.record(api_word(kind), std::stoll(record_id)).moves;
    }
    void refuse_moving(RecordKind kind, const std::string& record_id) override {
        account.lock_record(api_word(kind), std::stoll(record_id));
    }

private:
    std::unique_ptr<AmoCrm> crm;
};

std::unique_ptr<CrmAdminWorld> make_amocrm_world() { return std::make_unique<AmoCrmWorld>(true); }
std::unique_ptr<CrmAdminWorld> make_amocrm_world_without_filter() { return std::make_unique<AmoCrmWorld>(false); }

INSTANTIATE_TEST_SUITE_P(AmoCrm, CrmAdminConformance, ::testing::Values(&make_amocrm_world));
INSTANTIATE_TEST_SUITE_P(AmoCrmWithoutFilter, CrmAdminConformance, ::testing::Values(&make_amocrm_world_without_filter));

} // namespace
} // namespace gd::test
