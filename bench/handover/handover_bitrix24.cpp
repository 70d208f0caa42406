// Bitrix24's handover: a leaver's leads, deals, contacts, companies and tasks (a fifth of the
// records each, a colleague's record after every 100 that must stay put) to a colleague, through
// Bitrix24Crm::reassign on the real clock, against the fake portal (tests/connectors/
// bitrix24_fake.h) with the limit of every plan but Enterprise: a leaky bucket of 50 requests
// draining 2 a second, 503 QUERY_LIMIT_EXCEEDED when it overflows
// (https://apidocs.bitrix24.com/limits.html). The connector spends none of the 50-request burst:
// it paces itself at the drain rate from its first request, so the share is of the 2 a second
// over the whole run. A batch of 50 commands is one request.
#include "bench/handover/handover_bench.h"
#include "tests/connectors/bitrix24_fake.h"

#include "proxy/connectors/bitrix24/bitrix24_crm.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace gd::bench {
namespace {

constexpr double kDrainPerSecond = 2;
constexpr double kBurst = 50;

int most_in_any_second(const std::vector<double>& arrivals) {
    int most = 0;
    for (size_t i = 0, j = 0; i < arrivals.size(); ++i) {
        while (arrivals[i] - arrivals[j] >= 1.0) ++j;
        most = std::max(most, (int)(i - j + 1));
    }
    return most;
}

HandoverMeasure bitrix24_handover(int records) {
    test::FakeBitrix24 fake;
    fake.user("1", "Anna", "Admin", /*admin=*/true);
    const std::string leaver = fake.put_user("Олег", "Фомин", "oleg.fomin@example.org");
    const std::string colleague = fake.put_user("Вера", "Лебедева", "vera.lebedeva@example.org");
    const std::string bystander = fake.put_user("Пётр", "Зуев", "petr.zuev@example.org");

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
        const char* kind = record_kind_name(kinds[k]);
        const int count = records / (int)kinds.size() + ((int)k < records % (int)kinds.size() ? 1 : 0);
        for (int done = 0; done < count; done += 100) {
            for (const std::string& id : fake.put_records(kind, leaver, std::min(100, count - done))) mine[kinds[k]].push_back(id);
            for (const std::string& id : fake.put_records(kind, bystander, 1)) others[kinds[k]].push_back(id);
        }
    }
    fake.leaky_bucket(kBurst, kDrainPerSecond);
    const size_t before = fake.arrivals().size();

    for (RecordKind kind : kinds) {
        std::string cursor;
        for (int pauses = 0;;) {
            Result<HandoverBatch> batch = crm.reassign({leaver, colleague}, kind, cursor);
            if (!batch) {   // the job engine would pause and resume from the cursor; so does the bench
                std::fprintf(stderr, "handover bitrix24 %s: %s %s\n", record_kind_name(kind),
                             error_code_name(batch.error().code), batch.error().detail.c_str());
                if (++pauses > 20) break;
                continue;
            }
            cursor = batch->cursor;
            if (batch->finished) break;
        }
    }

    std::vector<double> arrivals = fake.arrivals();
    arrivals.erase(arrivals.begin(), arrivals.begin() + (long)before);
    HandoverMeasure m;
    m.requests = (int)arrivals.size();
    if (arrivals.size() >= 2) m.seconds = arrivals.back() - arrivals.front();
    m.max_in_any_second = most_in_any_second(arrivals);
    m.limit_per_second = kDrainPerSecond;
    m.each_moved_once = fake.rate_limited() == 0;
    for (RecordKind kind : kinds) {
        const char* name = record_kind_name(kind);
        for (const std::string& id : mine[kind]) {
            if (fake.times_moved(name, id) == 1 && fake.owner_of(name, id) == colleague) ++m.records;
            else m.each_moved_once = false;
        }
        for (const std::string& id : others[kind])
            if (fake.times_moved(name, id) != 0) m.each_moved_once = false;
    }
    return m;
}

HANDOVER_BENCH_CASE("bitrix24", bitrix24_handover);

} // namespace
} // namespace gd::bench
