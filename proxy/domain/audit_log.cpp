#include "proxy/domain/audit_log.h"

#include "proxy/domain/phone_numbers.h"

#include <algorithm>
#include <ctime>

namespace gd {

std::string iso_utc(int64_t unix_seconds) {
    std::time_t t = (std::time_t)unix_seconds;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

void AuditLog::record(const Actor& actor, AuditEntry entry) {
    entry.at = iso_utc(clock_.unix_seconds());
    entry.actor = actor.name;
    entry.actor_kind = actor.kind;
    db_.run("INSERT INTO audit_log (tenant, at, actor, actor_kind, action, group_id, group_name, phone, outcome) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            actor.tenant, entry.at, entry.actor, nlohmann::json(actor.kind).get<std::string>(), entry.action,
            entry.group_id, entry.group_name, entry.phone, entry.outcome);
}

std::vector<AuditEntry> AuditLog::recent(const std::string& tenant, const std::string& group_id, int limit) {
    limit = std::clamp(limit, 1, 500);
    Statement st = db_.prepare(
        "SELECT at, actor, action, group_id, group_name, phone, outcome, actor_kind FROM audit_log "
        "WHERE tenant = ?1 AND (?2 = '' OR group_id = ?2) ORDER BY id DESC LIMIT ?3");
    st.bind(1, tenant).bind(2, group_id).bind(3, limit);
    std::vector<AuditEntry> entries;
    while (st.step()) {
        AuditEntry e{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)};
        e.actor_kind = nlohmann::json(st.text(7)).get<RequesterKind>();
        e.phone_display = phone_for_people(e.phone);
        entries.push_back(std::move(e));
    }
    return entries;
}

std::string AuditLog::group_name(const std::string& tenant, const std::string& group_id) {
    Statement st = db_.prepare(
        "SELECT group_name FROM audit_log WHERE tenant = ?1 AND group_id = ?2 AND group_name <> '' "
        "ORDER BY id DESC LIMIT 1");
    st.bind(1, tenant).bind(2, group_id);
    return st.step() ? st.text(0) : std::string();
}

} // namespace gd
