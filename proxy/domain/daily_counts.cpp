#include "proxy/domain/daily_counts.h"

#include "proxy/domain/audit_log.h"

namespace gd {

std::string DailyCounts::day() { return iso_utc(clock_.unix_seconds()).substr(0, 10); }

int DailyCounts::today(const std::string& what) {
    return (int)db_.scalar("SELECT count FROM daily_counts WHERE day = ?1 AND what = ?2", 0, day(), what);
}

void DailyCounts::add_one(const std::string& what) {
    db_.run("INSERT INTO daily_counts (day, what, count) VALUES (?1, ?2, 1) "
            "ON CONFLICT (day, what) DO UPDATE SET count = count + 1",
            day(), what);
}

} // namespace gd
