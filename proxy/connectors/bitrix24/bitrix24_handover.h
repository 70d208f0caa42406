#pragma once
// A leaver's leads, deals, contacts, companies and tasks handed to a colleague, at the portal's
// pace. Bitrix24 has no bulk transfer (dismissing hands nothing on:
// https://helpdesk.bitrix24.com/open/25894207), so each record is updated, 49 or 50 to a `batch`,
// which counts as one request against the 2-a-second limit
// (https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html).
//
// How a step goes:
// - The leaver's records are read in ID order after a bookmark (filter ">ID", start=-1, no total:
//   https://apidocs.bitrix24.com/settings/performance/huge-data.html), and only rows whose
//   responsible user is the leaver are kept, even where the portal ignored the filter.
// - Each step sends one batch: up to 49 updates of records already read, and the list of the
//   next 50, so a handover costs about one request per 49 records.
// - The cursor is {"after_id":N} (plus "skip":[ids] for records refused above N): every record of
//   the leaver up to N has moved or been refused. A new connector lists again from there; a
//   moved record is no longer the leaver's and is not listed, a refused one is skipped.
// - A command refused for the rate or time limit keeps its record for the next step; any other
//   refusal is reported once in HandoverBatch::refused and never asked again.
#include "proxy/connectors/bitrix24/bitrix24_rest.h"
#include "proxy/connectors/crm.h"

#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace gd {

class Bitrix24Handover {
public:
    Bitrix24Handover(Bitrix24Rest& rest, Clock& clock) : rest_(rest), clock_(clock) {}

    Result<int> count(const std::string& user_id, RecordKind kind);
    Result<HandoverBatch> step(const Reassignment& reassignment, RecordKind kind, const std::string& cursor);

private:
    // What one handover has read ahead, valid while the caller comes back with `cursor`.
    struct Run {
        std::string cursor;              // what the last step returned
        long long after_id = 0;          // the cursor's bookmark
        std::set<long long> skip;        // refused records above after_id
        std::deque<long long> pending;   // the leaver's records read and not yet moved, ascending
        long long listed_to = 0;         // the highest ID a list has returned
        bool list_first = true;          // nothing read yet, or the last list failed: list alone
        bool colleague_checked = false;
        Clock::Duration last_step{0};
    };
    Result<HandoverBatch> list_step(const Reassignment& r, RecordKind kind, Run& run);
    Result<HandoverBatch> move_step(const Reassignment& r, RecordKind kind, Run& run);

    Bitrix24Rest& rest_;
    Clock& clock_;
    std::mutex mutex_;                  // one step at a time: all share the portal's rate anyway
    std::map<std::string, Run> runs_;   // what each handover has read ahead, by leaver, colleague, kind
};

} // namespace gd
