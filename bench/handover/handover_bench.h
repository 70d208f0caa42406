#pragma once
// One CRM's handover, measured as its fake sees the requests arrive on the real clock: how many,
// over how long, and the most in any sliding second. main.cpp prints one line per CRM:
//   handover amocrm records=20000 requests=N seconds=S rate=R share=P% max_in_any_second=M
// A CRM adds its case in its own handover_<crm>.cpp with HANDOVER_BENCH_CASE.
#include <functional>
#include <string>
#include <vector>

namespace gd::bench {

struct HandoverMeasure {
    int records = 0;                  // records handed over (counted at the fake)
    int requests = 0;                 // every request the fake saw
    double seconds = 0;               // first arrival to last
    int max_in_any_second = 0;        // in any window [t, t + 1 s)
    double limit_per_second = 0;      // the CRM's documented rate
    bool each_moved_once = false;     // every record of the leaver moved exactly once, no other moved
};

struct HandoverCase {
    std::string crm;   // "amocrm", "bitrix24": the name on the line and on the command line
    std::function<HandoverMeasure(int records)> run;
};

std::vector<HandoverCase>& handover_cases();

struct HandoverCaseAdded {
    explicit HandoverCaseAdded(HandoverCase c) { handover_cases().push_back(std::move(c)); }
};

} // namespace gd::bench

#define HANDOVER_BENCH_CASE(crm, function) \
    static const ::gd::bench::HandoverCaseAdded handover_case_##function{{crm, function}}
