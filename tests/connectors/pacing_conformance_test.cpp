// Pacing as the upstream sees it: each connector, built as the proxy builds it on the real clock,
// runs its real operations from several threads against its fake upstream for a few seconds (at
// least ten requests), and the fake notes when each request ARRIVES. In no sliding one-second
// window may it see more than the connector's own rate for that key, and over the run the
// connector must keep at least 95 % of that rate. Each case prints a "pacing ..." line:
//     build/tests/groupdesk_connector_tests --gtest_filter='Connectors/UpstreamPacing.*'
// (bench/pacing/run.sh runs the same for longer.)
#include "proxy/connectors/amocrm/amo_crm.h"
#include "proxy/connectors/bitrix24/bitrix24_crm.h"
#include "proxy/connectors/evolution/evolution_gateway.h"
#include "proxy/connectors/green_api/green_api_gateway.h"
#include "proxy/connectors/waha/waha_gateway.h"

#include "tests/connectors/amocrm_fake.h"
#include "tests/connectors/bitrix24_fake.h"
#include "tests/connectors/fake_upstream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

namespace gd {
namespace {

using Steady = std::chrono::steady_clock;
using nlohmann::json;

const std::string kGroup = "120363041234567890@g.us";
const std::string kPhone = "+79161234567";

class ArrivalLog {
public:
    void note() {
        const Steady::time_point now = Steady::now();
        std::lock_guard lock(mutex_);
        times_.push_back(now);
    }
    std::vector<Steady::time_point> times() const {
        std::lock_guard lock(mutex_);
        return times_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<Steady::time_point> times_;
};

// One connector wired to its fake upstream; call() is one real operation of the measured key.
struct PacedConnector {
    virtual ~PacedConnector() = default;
    virtual bool call() = 0;
    SteadyClock clock;
    ArrivalLog arrivals;
};

bool added(const Result<std::vector<ParticipantChange>>& changes) {
    return changes.ok() && changes->size() == 1 && changes.value()[0].outcome == ChangeOutcome::done;
}

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// WAHA's writes: one POST .../participants/add per call.
struct WahaWrites : PacedConnector {
    const char* key = "waha-secret-key";
    test::FakeKeyedApi fake{"X-Api-Key", key, R"({"message":"Unauthorized","statusCode":401})"};
    std::unique_ptr<WahaGateway> waha;
    WahaWrites() {
        fake.answer("POST", "/api/default/groups/" + kGroup + "/participants/add", 200,
                    R"([{"status": "200", "jid": "79161234567@s.whatsapp.net"}])");
        fake.on_request = [this](const httplib::Request& req) {
            if (ends_with(req.path, "/participants/add")) arrivals.note();
        };
        fake.start();
        waha = std::make_unique<WahaGateway>(WahaSettings{fake.url(), key, "default"}, clock);
    }
    bool call() override { return added(waha->change_participants(kGroup, ParticipantAction::add, {kPhone})); }
};

// Evolution's writes: one POST /group/updateParticipant/{instance} per call.
struct EvolutionWrites : PacedConnector {
    const char* key = "evolution-secret-key";
    test::FakeKeyedApi fake{"apikey", key, R"({"status":401,"error":"Unauthorized"})"};
    std::unique_ptr<EvolutionGateway> evolution;
    EvolutionWrites() {
        fake.answer("POST", "/group/updateParticipant/sales", 201,
                    R"({"updateParticipants": [{"status": "200", "jid": "79161234567@s.whatsapp.net"}]})");
        fake.on_request = [this](const httplib::Request& req) {
            if (req.path == "/group/updateParticipant/sales") arrivals.note();
        };
        fake.start();
        evolution = std::make_unique<EvolutionGateway>(EvolutionSettings{fake.url(), key, "sales"}, clock);
    }
    bool call() override { return added(evolution->change_participants(kGroup, ParticipantAction::add, {kPhone})); }
};

// Green-API's addGroupParticipant: one request per person. Green-API reads its token from the
// path and wants no key header, so this fake refuses a request that carries an Authorization one.
struct GreenApiAdds : PacedConnector {
    const char* instance = "1101000001";
    const char* token = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345";
    test::FakeKeyedApi fake{"Authorization", "", R"({"message":"unexpected Authorization header"})"};
    std::unique_ptr<GreenApiGateway> green;
    GreenApiAdds() {
        const std::string path = std::string("/waInstance") + instance + "/addGroupParticipant/" + token;
        fake.answer("POST", path, 200, R"({"addParticipant": true})");
        fake.on_request = [this, path](const httplib::Request& req) {
            if (req.path == path) arrivals.note();
        };
        fake.start();
        green = std::make_unique<GreenApiGateway>(GreenApiSettings{fake.url(), instance, token}, clock);
    }
    bool call() override { return added(green->change_participants(kGroup, ParticipantAction::add, {kPhone})); }
};

// Bitrix24: a contact's card, one crm.contact.get per call, on the portal's single key.
struct Bitrix24Reads : PacedConnector {
    test::FakeBitrix24 fake;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    std::unique_ptr<Bitrix24Crm> crm;
    Bitrix24Reads() {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        fake.contact("44", "Pavel", "Orlov", {"+79990004444"});
        fake.on_rest_call = [this](const std::string&) { arrivals.note(); };
        auto [access, refresh] = fake.issue_pair("1");
        Bitrix24App app{test::kClientId, test::kClientSecret, fake.url()};
        keeper.store({test::kMemberId, "bitrix24", fake.url(), access, refresh, 0, "app-token-Hq2Lm9Xv"});
        crm = std::make_unique<Bitrix24Crm>(keeper, test::kMemberId, app, clock);
    }
    bool call() override {
        Result<EntityContext> card = crm->entity({EntityKind::contact, "44"});
        return card.ok() && card->title == "Pavel Orlov";
    }
};

// amoCRM: a contact's card, one GET /api/v4/contacts/{id} per call, on the account's single key.
struct AmoReads : PacedConnector {
    amo_test::FakeAmo fake{clock};
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    std::unique_ptr<AmoCrm> crm;
    AmoReads() {
        fake.answer_json("/api/v4/contacts/201",
                         {{"id", 201}, {"name", "Анна Петрова"}, {"first_name", ""}, {"last_name", ""},
                          {"responsible_user_id", 504141}, {"custom_fields_values", nullptr}, {"account_id", 30441694}});
        fake.on_api_call = [this](const std::string&) { arrivals.note(); };
        fake.start();
        fake.accept_access(amo_test::kFirstAccess);
        fake.issue_refresh(amo_test::kFirstRefresh);
        keeper.store(amo_test::installed_account(fake, clock));
        crm = std::make_unique<AmoCrm>(keeper, amo_test::kAccountId, amo_test::integration_for(fake), clock);
    }
    bool call() override {
        Result<EntityContext> card = crm->entity({EntityKind::contact, "201"});
        return card.ok() && card->title == "Анна Петрова";
    }
};

struct PacedCase {
    std::string name;
    double limit;   // the connector's own set_rate for the measured key
    std::function<std::unique_ptr<PacedConnector>()> make;
};

// A failing case names its connector, not its bytes.
void PrintTo(const PacedCase& c, std::ostream* out) { *out << c.name; }

struct Measured {
    size_t requests = 0;
    int most_in_a_second = 0;   // in any sliding window [t, t + 1 s)
    double seconds = 0;         // first arrival to last
    double per_second = 0;      // (requests - 1) / seconds
};

Measured measure(std::vector<Steady::time_point> arrivals) {
    Measured m;
    std::sort(arrivals.begin(), arrivals.end());
    m.requests = arrivals.size();
    size_t first_inside = 0;   // windows ending at each arrival: [a_j - 1 s, a_j] holds as many as some [t, t + 1 s)
    for (size_t last = 0; last < arrivals.size(); ++last) {
        while (arrivals[last] - arrivals[first_inside] >= std::chrono::seconds(1)) ++first_inside;
        m.most_in_a_second = std::max(m.most_in_a_second, (int)(last - first_inside + 1));
    }
    if (arrivals.size() >= 2) {
        m.seconds = std::chrono::duration<double>(arrivals.back() - arrivals.front()).count();
        m.per_second = (arrivals.size() - 1) / m.seconds;
    }
    return m;
}

class UpstreamPacing : public ::testing::TestWithParam<PacedCase> {};

TEST_P(UpstreamPacing, NoSecondSeesMoreThanTheLimitAndTheRunKeepsNearIt) {
    const PacedCase& c = GetParam();
    std::unique_ptr<PacedConnector> connector = c.make();
    // About 3 s (GROUPDESK_PACING_SECONDS for longer runs: bench/pacing/run.sh), and never fewer
    // than 10 requests (a 1-a-second key runs 9 s).
    const char* asked = std::getenv("GROUPDESK_PACING_SECONDS");
    const double seconds = asked && std::atof(asked) > 0 ? std::atof(asked) : 3;
    const int requests = std::max((int)std::ceil(seconds * c.limit) + 1, 10);
    constexpr int kCallers = 4;
    std::atomic<int> left{requests}, failed{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < kCallers; ++i)
        callers.emplace_back([&] {
            while (left.fetch_sub(1) > 0)
                if (!connector->call()) ++failed;
        });
    for (std::thread& t : callers) t.join();

    const Measured m = measure(connector->arrivals.times());
    const int allowed = std::max(1, (int)std::floor(c.limit));
    std::printf("pacing %s: limit %g/s, at most %d in any 1 s window, average %.3f/s (%.1f %% of the limit), "
                "%zu requests in %.2f s\n",
                c.name.c_str(), c.limit, m.most_in_a_second, m.per_second, 100 * m.per_second / c.limit, m.requests,
                m.seconds);
    RecordProperty("limit_per_second", std::to_string(c.limit));
    RecordProperty("most_in_any_second", m.most_in_a_second);
    RecordProperty("average_percent_of_limit", std::to_string(100 * m.per_second / c.limit));

    EXPECT_EQ(failed.load(), 0);
    ASSERT_EQ(m.requests, (size_t)requests);   // each call is one request of the measured key
    EXPECT_LE(m.most_in_a_second, allowed);
    EXPECT_GE(m.per_second, 0.95 * c.limit);
}

// The limits are the connectors' own: waha_gateway.cpp and evolution_gateway.cpp set_rate(kWrites,
// 1); green_api_gateway.cpp kRates (addGroupParticipant 5); bitrix24_rest.cpp kRequestsPerSecond
// (2); amo_integration.h kAmoRequestsPerSecond (7).
INSTANTIATE_TEST_SUITE_P(
    Connectors, UpstreamPacing,
    ::testing::Values(PacedCase{"waha_writes", 1, [] { return std::make_unique<WahaWrites>(); }},
                      PacedCase{"green_api_adds", 5, [] { return std::make_unique<GreenApiAdds>(); }},
                      PacedCase{"evolution_writes", 1, [] { return std::make_unique<EvolutionWrites>(); }},
                      PacedCase{"bitrix24_reads", 2, [] { return std::make_unique<Bitrix24Reads>(); }},
                      PacedCase{"amocrm_reads", kAmoRequestsPerSecond, [] { return std::make_unique<AmoReads>(); }}),
    [](const ::testing::TestParamInfo<PacedCase>& info) { return info.param.name; });

} // namespace
} // namespace gd
