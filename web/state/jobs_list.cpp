#include "web/state/jobs_list.h"

#include "shared/outcomes.h"
#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/member_actions.h"
#include "web/state/requests.h"
#include "web/state/stable_order.h"
#include "web/state/ui_text.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <cstdio>

namespace gd {

namespace {

// A job only moves forward (queued, running, ended; one more person finished), so of two copies
// read at different moments the one further along is the newer.
int stage(JobState state) { return state == JobState::queued ? 0 : state == JobState::running ? 1 : 2; }

bool at_least_as_far(const Job& a, const Job& b) {
    if (stage(a.state) != stage(b.state)) return stage(a.state) > stage(b.state);
    return a.finished >= b.finished;
}

// Puts `copy` over the one with its id in `jobs` unless that one is further along, or adds it.
void put_over(std::vector<Job>& jobs, const Job& copy) {
    for (Job& job : jobs)
        if (job.id == copy.id) {
            if (at_least_as_far(copy, job)) job = copy;
            return;
        }
    jobs.push_back(copy);
}

bool followed_job_known(const AppState& s) {
    return !s.members.job.data.id.empty() &&
           (s.members.job.status == LoadStatus::loaded || s.members.job.status == LoadStatus::loading);
}

std::string format_text(const char* format, const char* text, int number = 0) {
    char out[256];
    std::snprintf(out, sizeof out, format, text, number);
    return out;
}

std::string duration_text(double seconds, Lang lang) {
    // Rounded up: "0 s" would read as "now" while the job still waits.
    int whole = std::max(0, (int)std::ceil(seconds));
    char out[64];
    if (whole < 60) std::snprintf(out, sizeof out, ui_text::duration_seconds.in(lang), whole);
    else std::snprintf(out, sizeof out, ui_text::duration_minutes.in(lang), whole / 60, whole % 60);
    return out;
}

bool anything_unfinished(const AppState& s) {
    if (!s.jobs.running.data.jobs.empty()) return true;
    for (const Job& job : s.jobs.group.data.jobs)
        if (job_unfinished(job)) return true;
    return followed_job_known(s) && job_unfinished(s.members.job.data);
}

bool listed_in(const std::vector<Job>& jobs, const std::string& id) {
    return std::any_of(jobs.begin(), jobs.end(), [&](const Job& j) { return j.id == id; });
}

} // namespace

bool job_unfinished(const Job& job) { return job.state == JobState::queued || job.state == JobState::running; }

float job_fraction(const Job& job) {
    if (job.total <= 0) return job_unfinished(job) ? 0.0f : 1.0f;
    return std::clamp((float)job.finished / (float)job.total, 0.0f, 1.0f);
}

std::vector<Job> jobs_of_open_group(const AppState& s) {
    std::vector<Job> jobs;
    if (s.jobs.group.status == LoadStatus::loaded || !s.jobs.group.data.jobs.empty()) jobs = s.jobs.group.data.jobs;
    for (const Job& running : s.jobs.running.data.jobs)
        if (running.group_id == s.open_group_id) put_over(jobs, running);
    if (followed_job_known(s) && s.members.job.data.group_id == s.open_group_id) put_over(jobs, s.members.job.data);
    // Newest first; stable, so jobs of the same second keep the proxy's order.
    std::vector<int> order(jobs.size());
    std::iota(order.begin(), order.end(), 0);
    stable_order(order, &jobs, [](const void* rows, int a, int b) {
        const auto& list = *static_cast<const std::vector<Job>*>(rows);
        return list[a].created_at > list[b].created_at;
    });
    std::vector<Job> newest_first;
    newest_first.reserve(jobs.size());
    for (int i : order) newest_first.push_back(std::move(jobs[i]));
    return newest_first;
}

std::vector<Job> running_jobs(const AppState& s) {
    std::vector<Job> jobs = s.jobs.running.data.jobs;
    // The followed job is asked for as often and may have ended since the list was read.
    if (followed_job_known(s))
        for (Job& job : jobs)
            if (job.id == s.members.job.data.id && at_least_as_far(s.members.job.data, job)) job = s.members.job.data;
    jobs.erase(std::remove_if(jobs.begin(), jobs.end(), [](const Job& j) { return !job_unfinished(j); }), jobs.end());
    return jobs;
}

void load_group_jobs(App& app) {
    if (app.state.open_group_id.empty()) return;
    get_into(app, app.state.jobs.group, std::string(routes::kJobs) + "?group_id=" + routes::url_encode(app.state.open_group_id));
}

void load_running_jobs(App& app) {
    app.state.jobs.next_poll_at = app.state.now + kJobPollSeconds;
    get_into(app, app.state.jobs.running, std::string(routes::kJobs) + "?running=1");
}

void cancel_listed_job(App& app, const std::string& job_id) {
    AppState& s = app.state;
    if (job_id.empty() || cancel_in_flight(s, job_id)) return;
    s.jobs.cancelling_id = job_id;
    post_into(app, s.jobs.cancel, routes::job_cancel(job_id), Ack{});
}

bool cancel_in_flight(const AppState& s, const std::string& job_id) {
    return s.jobs.cancelling_id == job_id && s.jobs.cancel.status == LoadStatus::loading;
}

void tick_jobs_list(App& app) {
    AppState& s = app.state;
    JobsList& jobs = s.jobs;
    if (s.session_token.empty()) return;
    // A cancel was answered: the lists, and the member panel when it follows that job, say what
    // became of it.
    if (jobs.cancel.status == LoadStatus::loaded && !jobs.cancelling_id.empty()) {
        if (jobs.cancelling_id == s.members.job.data.id) s.members.next_poll_at = s.now;
        jobs.cancelling_id.clear();
        load_running_jobs(app);
        load_group_jobs(app);
    }
    // A job of the open group left the running list: it ended (a robot's too), so the group's
    // list and its members are read again. The followed job's end is the member panel's to apply.
    if (jobs.running.status == LoadStatus::loaded && jobs.running_checked != jobs.running.generation) {
        jobs.running_checked = jobs.running.generation;
        bool ended = false, members_changed = false;
        if (jobs.group.status == LoadStatus::loaded)
            for (const Job& job : jobs.group.data.jobs)
                if (job_unfinished(job) && job.group_id == s.open_group_id && !listed_in(jobs.running.data.jobs, job.id)) {
                    ended = true;
                    members_changed |= job.id != s.members.job.data.id || s.members.job_result_applied;
                }
        if (ended) load_group_jobs(app);
        if (members_changed && s.screen == Screen::participants) reload_participants(app);
    }
    if (jobs.running.status != LoadStatus::loading && anything_unfinished(s) && s.now >= jobs.next_poll_at)
        load_running_jobs(app);
}

double seconds_until_jobs_poll(const AppState& s) {
    if (s.session_token.empty() || !anything_unfinished(s)) return -1;
    return std::max(0.0, s.jobs.next_poll_at - s.now);
}

std::string job_title(const AppState& s, const Job& job, Lang lang, bool with_group) {
    std::string title = action_text(job.action).in(lang);
    if (!with_group) return title;
    std::string group = job.group_name;
    for (const Group& g : s.groups.data)
        if (group.empty() && g.id == job.group_id) group = g.name;
    return title + " · " + (group.empty() ? ui_text::job_group_unread.in(lang) : group);
}

std::string job_requester_text(const Job& job, Lang lang) {
    const std::string& name = job.requested_by.name;
    switch (job.requested_by.kind) {
    case RequesterKind::robot:
        return name.empty() ? ui_text::job_by_robot_unnamed.in(lang) : format_text(ui_text::job_by_robot.in(lang), name.c_str());
    case RequesterKind::webhook:
        return name.empty() ? ui_text::job_by_webhook_unnamed.in(lang) : format_text(ui_text::job_by_webhook.in(lang), name.c_str());
    case RequesterKind::person: break;
    }
    return name.empty() ? std::string() : format_text(ui_text::job_by_person.in(lang), name.c_str());
}

const Text& job_state_text(JobState state) {
    switch (state) {
    case JobState::queued: return ui_text::job_state_queued;
    case JobState::running: return ui_text::job_state_running;
    case JobState::done: return ui_text::job_state_done;
    case JobState::stopped: return ui_text::job_state_stopped;
    case JobState::cancelled: break;
    }
    return ui_text::job_state_cancelled;
}

std::string job_waiting_text(const Job& job, Lang lang) {
    if (!job_unfinished(job)) return {};
    switch (job.waiting_for) {
    case JobWait::turn: return ui_text::job_wait_turn.in(lang);
    case JobWait::pacing: return format_text(ui_text::job_wait_pacing.in(lang), duration_text(job.next_in_seconds, lang).c_str());
    case JobWait::retry:
        // `attempts` counts the tries that failed: the one waited for is the next.
        return format_text(ui_text::job_wait_retry.in(lang), duration_text(job.next_in_seconds, lang).c_str(), job.attempts + 1);
    case JobWait::number_state: return ui_text::job_wait_number.in(lang);
    case JobWait::nothing: break;
    }
    return {};
}

} // namespace gd
