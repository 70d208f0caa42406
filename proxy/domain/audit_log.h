#pragma once
// Every action on a group is written down: who, what, when, to whom, in which group, with what
// result. Kept in the data file with the tenant it was done for, and read back newest first by
// that tenant only: one Bitrix24 portal never reads another's log, nor the standalone page's.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/storage/database.h"
#include "shared/types.h"

#include <string>
#include <vector>

namespace gd {

// Who acts: the name the log shows, the tenant whose log it goes to, and whether a person, a
// CRM robot or a webhook asked.
struct Actor {
    std::string name;                   // "Анна Петрова (anna)"
    std::string tenant = "standalone";  // SessionUser::tenant
    RequesterKind kind = RequesterKind::person;
};

class AuditLog {
public:
    AuditLog(Database& db, Clock& clock) : db_(db), clock_(clock) {}

    // `entry.at` and `entry.actor` are set here, from the clock and the actor.
    void record(const Actor& actor, AuditEntry entry);
    // The tenant's entries, newest first; an empty group_id means every group. limit is clamped
    // to 1..500.
    std::vector<AuditEntry> recent(const std::string& tenant, const std::string& group_id, int limit);
    // The name the tenant's log last wrote for this group, "" when it never did: a row about a
    // group its writer knows only by id (a privacy retry) is named as the earlier rows were.
    std::string group_name(const std::string& tenant, const std::string& group_id);

private:
    Database& db_;
    Clock& clock_;
};

// 1795424400 -> "2026-11-23T09:00:00Z"
std::string iso_utc(int64_t unix_seconds);

} // namespace gd
