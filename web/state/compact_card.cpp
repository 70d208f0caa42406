#include "web/state/compact_card.h"

#include "web/state/app_actions.h"
#include "web/state/crm_host.h"
#include "web/state/member_actions.h"

namespace gd {

namespace {

bool group_is_listed(const AppState& s, const std::string& group_id) {
    for (const Group& g : s.groups.data)
        if (g.id == group_id) return true;
    return false;
}

} // namespace

std::string compact_group_key(const SessionUser& user) {
    return "groupdesk.compact_group." + user.tenant + "." + user.id;
}

void tick_compact_card(App& app) {
    AppState& s = app.state;
    CompactPanel& c = s.compact;
    if (!c.on || c.group_restored || s.user.id.empty() || s.groups.status != LoadStatus::loaded) return;
    c.group_restored = true;
    if (!s.open_group_id.empty()) return;
    std::string group_id = c.host_group_id;
    if (group_id.empty() && app.host) group_id = app.host->remembered(compact_group_key(s.user));
    // A group that left the list (our number was removed from it) is no choice any more.
    if (!group_id.empty() && group_is_listed(s, group_id)) open_group(app, group_id);
}

void choose_compact_group(App& app, const std::string& group_id) {
    AppState& s = app.state;
    if (!group_is_listed(s, group_id)) return;
    open_group(app, group_id);
    if (app.host && !s.user.id.empty()) app.host->remember(compact_group_key(s.user), group_id);
}

void open_full_view(App& app) {
    if (app.host) app.host->open_full_view();
}

LastJobSummary last_job_summary(const AppState& s) {
    LastJobSummary summary;
    // The job started here; on a card opened again, the group's latest add (newest first).
    const Job* last = s.members.job.status == LoadStatus::loaded ? &s.members.job.data : nullptr;
    if (!last && s.jobs.group.status == LoadStatus::loaded)
        for (const Job& job : s.jobs.group.data.jobs)
            if (job.action == ParticipantAction::add) {
                last = &job;
                break;
            }
    if (!last) return summary;
    const Job& job = *last;
    summary.shown = true;
    summary.active = last == &s.members.job.data ? job_is_active(s) : job.state == JobState::queued || job.state == JobState::running;
    summary.state = job.state;
    summary.total = job.total;
    summary.finished = job.finished;
    for (const JobItem& item : job.items) {
        switch (item.outcome) {
        case ChangeOutcome::done:
        case ChangeOutcome::already_member: ++summary.added; break;
        case ChangeOutcome::invite_sent: ++summary.invited; break;
        case ChangeOutcome::pending: break;
        default: ++summary.not_added; break;
        }
    }
    return summary;
}

} // namespace gd
