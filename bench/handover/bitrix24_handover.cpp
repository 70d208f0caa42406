// A leaver's 20,000 records handed over on Bitrix24, against the fake portal
// (tests/connectors/bitrix24_fake.h) with the documented request limit of a non-Enterprise plan:
// a leaky bucket of 50 requests draining 2 a second, 503 QUERY_LIMIT_EXCEEDED when it overflows
// (https://apidocs.bitrix24.com/limits.html). Real clock, real HTTP on 127.0.0.1.
//
// The records are split evenly over the kinds a Bitrix24 handover moves (leads, deals, contacts,
// companies, tasks), with a colleague's records interleaved that must stay put. One line:
//   handover bitrix24 records=20000 requests=N seconds=S rate=R share=P% max_in_any_second=M
// - requests: every REST request the portal saw during the handover (a batch is one), 503s included;
// - seconds: wall time from the first step to the last;
// - rate: the requests after the first over the time from the first arrival to the last (a run
//   spaced exactly half a second apart is 2.000); share: rate as a percentage of the 2-a-second
//   drain. The connector spends none of the 50-request burst (it paces itself at the drain rate
//   from its first request), so the whole run is measured against the drain;
// - max_in_any_second: the most arrivals at the portal in any sliding one-second window.
// Then a check line: every record of the leaver moved exactly once, none of the colleague's.
//   bench/handover/bitrix24.sh [--records 20000]
#include "tests/connectors/bitrix24_fake.h"

#include "proxy/connectors/bitrix24/bitrix24_crm.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

using namespace gd;

namespace {

constexpr double kDrainPerSecond = 2;   // requests a second, every plan but Enterprise
constexpr double kBurst = 50;

int most_in_any_second(const std::vector<double>& arrivals) {
    int most = 0;
    for (size_t i = 0, j = 0; i < arrivals.size(); ++i) {
        while (arrivals[i] - arrivals[j] >= 1.0) ++j;
        most = std::max(most, (int)(i - j + 1));
    }
    return most;
}

} // namespace

int main(int argc, char** argv) {
    int records = 20000;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--records") && i + 1 < argc) {
            records = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: %s [--records N]\n", argv[0]);
            return 2;
        }
    }

    test::FakeBitrix24 fake;
    fake.user("1", "Anna", "Admin", /*admin=*/true);
    const std::string leaver = fake.put_user("Oleg", "Fomin", "oleg@example.org");
    const std::string colleague = fake.put_user("Vera", "Lebedeva", "vera@example.org");
    const std::string bystander = fake.put_user("Petr", "Zuev", "petr@example.org");

    SteadyClock clock;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    auto [access, refresh] = fake.issue_pair("1");
    Bitrix24App app{test::kClientId, test::kClientSecret, fake.url()};
    keeper.store({test::kMemberId, "bitrix24", fake.url(), access, refresh, 0, "app-token-bench"});
    Bitrix24Crm crm(keeper, test::kMemberId, app, clock);

    const std::vector<RecordKind> kinds = crm.abilities().record_kinds;
    std::map<RecordKind, std::vector<std::string>> mine, others;
    for (size_t k = 0; k < kinds.size(); ++k) {
        const int count = records / (int)kinds.size() + ((int)k < records % (int)kinds.size() ? 1 : 0);
        for (int done = 0; done < count; done += 100) {   // a colleague's record after every 100 of the leaver's
            for (const std::string& id : fake.put_records(record_kind_name(kinds[k]), leaver, std::min(100, count - done)))
                mine[kinds[k]].push_back(id);
            for (const std::string& id : fake.put_records(record_kind_name(kinds[k]), bystander, 1))
                others[kinds[k]].push_back(id);
        }
    }
    fake.leaky_bucket(kBurst, kDrainPerSecond);
    const int requests_before = fake.requests();
    const size_t arrivals_before = fake.arrivals().size();

    const auto start = std::chrono::steady_clock::now();
    int moved = 0, refused = 0, failures = 0;
    for (RecordKind kind : kinds) {
        std::string cursor;
        for (;;) {
            Result<HandoverBatch> batch = crm.reassign({leaver, colleague}, kind, cursor);
            if (!batch) {   // the job engine would pause and resume from the cursor; so does the bench
                std::fprintf(stderr, "%s: %s %s\n", record_kind_name(kind), error_code_name(batch.error().code),
                             batch.error().detail.c_str());
                if (++failures > 20) return 1;
                continue;
            }
            moved += batch->moved;
            refused += (int)batch->refused.size();
            cursor = batch->cursor;
            if (batch->finished) break;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const int requests = fake.requests() - requests_before;
    std::vector<double> arrivals = fake.arrivals();
    arrivals.erase(arrivals.begin(), arrivals.begin() + (long)arrivals_before);
    const double span = arrivals.size() > 1 ? arrivals.back() - arrivals.front() : 0;
    const double rate = span > 0 ? (arrivals.size() - 1) / span : 0;
    std::printf("handover bitrix24 records=%d requests=%d seconds=%.1f rate=%.3f share=%.1f%% max_in_any_second=%d\n",
                records, requests, seconds, rate, 100 * rate / kDrainPerSecond, most_in_any_second(arrivals));

    int wrong = 0;
    for (RecordKind kind : kinds) {
        for (const std::string& id : mine[kind])
            if (fake.times_moved(record_kind_name(kind), id) != 1 || fake.owner_of(record_kind_name(kind), id) != colleague) ++wrong;
        for (const std::string& id : others[kind])
            if (fake.times_moved(record_kind_name(kind), id) != 0) ++wrong;
    }
    std::printf("handover bitrix24 check moved=%d refused=%d query_limit_exceeded=%d paused_steps=%d wrong_records=%d\n",
                moved, refused, fake.rate_limited(), failures, wrong);
    return wrong == 0 && moved == records ? 0 : 1;
}
