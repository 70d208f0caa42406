#pragma once
// Every action on a group is written down: who, what, when, to whom, in which group, with what
// result. Kept in the data file; read back newest first.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/storage/database.h"
#include "shared/types.h"

#include <string>
#include <vector>

namespace gd {

class AuditLog {
public:
    AuditLog(Database& db, Clock& clock) : db_(db), clock_(clock) {}

    // `entry.at` is set here, from the clock.
    void record(AuditEntry entry);
    // Newest first; an empty group_id means every group. limit is clamped to 1..500.
    std::vector<AuditEntry> recent(const std::string& group_id, int limit);

private:
    Database& db_;
    Clock& clock_;
};

// 1795424400 -> "2026-11-23T09:00:00Z"
std::string iso_utc(int64_t unix_seconds);

} // namespace gd
