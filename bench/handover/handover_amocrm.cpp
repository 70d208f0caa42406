// amoCRM's handover: a leaver's leads, contacts, companies and tasks (a quarter of the records
// each) to a colleague, through AmoCrm::reassign on the real clock, against the fake account
// (tests/connectors/amocrm_fake_account.h) that enforces amoCRM's 7 requests a second with 429s.
#include "bench/handover/handover_bench.h"
#include "tests/connectors/amocrm_fake_account.h"

#include <algorithm>

namespace gd::bench {
namespace {

using namespace amo_test;

HandoverMeasure amocrm_handover(int records) {
    InstalledAmoAccount<SteadyClock> amo;
    if (!amo.installed) return {};
    FakeAmo& fake = amo.fake;
    FakeAmoAccount& account = amo.account;
    fake.limit_rate((int)kAmoRequestsPerSecond);
    std::unique_ptr<AmoCrm> connector = amo.connector();
    AmoCrm& crm = *connector;

    const int64_t leaver = account.add_user("Олег Фомин", "oleg.fomin@example.org");
    const int64_t colleague = account.add_user("Вера Лебедева", "vera.lebedeva@example.org");
    const std::vector<std::pair<RecordKind, std::string>> kinds = {
        {RecordKind::lead, "leads"}, {RecordKind::contact, "contacts"}, {RecordKind::company, "companies"}, {RecordKind::task, "tasks"}};
    std::vector<std::vector<int64_t>> ids;
    for (const auto& [kind, word] : kinds) ids.push_back(account.add_records(word, leaver, records / 4));

    const Reassignment r{std::to_string(leaver), std::to_string(colleague)};
    HandoverMeasure m;
    for (const auto& [kind, word] : kinds) {
        std::string cursor;
        for (;;) {
            Result<HandoverBatch> batch = crm.reassign(r, kind, cursor);
            if (!batch) {
                std::fprintf(stderr, "handover amocrm %s: %s %s\n", word.c_str(), error_code_name(batch.error().code),
                             batch.error().detail.c_str());
                break;
            }
            cursor = batch->cursor;
            if (batch->finished) break;
        }
    }

    std::vector<Seen> seen = fake.seen();
    m.requests = (int)seen.size();
    if (seen.size() >= 2)
        m.seconds = std::chrono::duration<double>(seen.back().at - seen.front().at).count();
    m.max_in_any_second = fake.most_in_any_second();
    m.limit_per_second = kAmoRequestsPerSecond;
    m.each_moved_once = fake.too_many() == 0;
    for (size_t k = 0; k < kinds.size(); ++k)
        for (int64_t id : ids[k]) {
            const FakeAmoRecord record = account.record(kinds[k].second, id);
            if (record.moves == 1 && record.responsible == colleague) ++m.records;
            else m.each_moved_once = false;
        }
    return m;
}

HANDOVER_BENCH_CASE("amocrm", amocrm_handover);

} // namespace
} // namespace gd::bench
