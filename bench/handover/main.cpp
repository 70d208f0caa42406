// The handover bench: runs each CRM's case (handover_<crm>.cpp) and prints its line. A bench
// reports numbers and never fails on one; a case whose records did not each move exactly once
// says so on its line.
//   groupdesk-handover-bench [--records 20000] [crm ...]
#include "bench/handover/handover_bench.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

namespace gd::bench {

std::vector<HandoverCase>& handover_cases() {
    static std::vector<HandoverCase> cases;
    return cases;
}

} // namespace gd::bench

int main(int argc, char** argv) {
    int records = 20000;
    std::set<std::string> only;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--records") == 0 && i + 1 < argc) records = std::atoi(argv[++i]);
        else if (argv[i][0] == '-') {
            std::fprintf(stderr, "usage: %s [--records N] [crm ...]\n", argv[0]);
            return 2;
        } else only.insert(argv[i]);
    }
    if (records < 4) records = 4;
    for (const gd::bench::HandoverCase& c : gd::bench::handover_cases()) {
        if (!only.empty() && !only.count(c.crm)) continue;
        const gd::bench::HandoverMeasure m = c.run(records);
        const double rate = m.seconds > 0 ? (m.requests - 1) / m.seconds : 0;
        std::printf("handover %s records=%d requests=%d seconds=%.1f rate=%.2f share=%.1f%% max_in_any_second=%d%s\n",
                    c.crm.c_str(), m.records, m.requests, m.seconds, rate,
                    m.limit_per_second > 0 ? 100 * rate / m.limit_per_second : 0.0, m.max_in_any_second,
                    m.each_moved_once ? "" : " NOT-EACH-MOVED-ONCE");
        std::fflush(stdout);
    }
    return 0;
}
