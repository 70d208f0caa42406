#include "web/state/robot_runs.h"

#include "shared/routes.h"
#include "web/state/jobs_list.h"
#include "web/state/links.h"
#include "web/state/requests.h"
#include "web/state/ui_text.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace gd {

namespace {

bool listed(const RobotRunList& list, const std::string& job_id) {
    return std::any_of(list.runs.begin(), list.runs.end(), [&](const RobotRun& r) { return r.job.id == job_id; });
}

bool robot_runs_want_poll(const AppState& s) {
    if (s.session_token.empty() || s.screen != Screen::robots || s.robots.list.status == LoadStatus::idle) return false;
    for (const RobotRun& run : s.robots.list.data.runs)
        if (job_unfinished(run.job)) return true;
    // A run just started from the pipeline shows up as soon as the proxy lists it.
    for (const std::string& id : s.robots.highlighted)
        if (!listed(s.robots.list.data, id)) return true;
    return false;
}

const Text& entity_kind_text(EntityKind kind) {
    switch (kind) {
    case EntityKind::lead: return ui_text::kind_lead;
    case EntityKind::contact: return ui_text::kind_contact;
    case EntityKind::deal: break;
    }
    return ui_text::kind_deal;
}

} // namespace

bool robots_screen_allowed(const AppState& s) { return !s.session_token.empty() && s.user.is_admin; }

void open_robot_runs(App& app) {
    if (!robots_screen_allowed(app.state)) return;   // the proxy would answer 403: administrators only
    app.state.screen = Screen::robots;
    load_robot_runs(app);
}

void load_robot_runs(App& app) {
    app.state.robots.next_poll_at = app.state.now + kJobPollSeconds;
    get_into(app, app.state.robots.list, std::string(routes::kRobotRuns) + "?limit=" + std::to_string(kRobotRunsShown));
}

void tick_robot_runs(App& app) {
    AppState& s = app.state;
    if (s.robots.list.status != LoadStatus::loading && robot_runs_want_poll(s) && s.now >= s.robots.next_poll_at)
        load_robot_runs(app);
}

double seconds_until_robot_runs_poll(const AppState& s) {
    if (!robot_runs_want_poll(s)) return -1;
    return std::max(0.0, s.robots.next_poll_at - s.now);
}

bool robot_run_highlighted(const AppState& s, const RobotRun& run) {
    return std::find(s.robots.highlighted.begin(), s.robots.highlighted.end(), run.job.id) != s.robots.highlighted.end();
}

std::string robot_run_entity_text(const RobotRun& run, Lang lang) {
    char out[512];
    const char* kind = entity_kind_text(run.entity.kind).in(lang);
    if (!run.entity_title.empty())
        std::snprintf(out, sizeof out, ui_text::robot_entity_titled.in(lang), kind, run.entity_title.c_str());
    else std::snprintf(out, sizeof out, ui_text::robot_entity_numbered.in(lang), kind, run.entity.id.c_str());
    return out;
}

std::string robot_run_crm_text(const RobotRun& run, Lang lang) {
    if (run.crm == "bitrix24") return ui_text::robot_crm_bitrix24.in(lang);
    if (run.crm == "amocrm") return ui_text::robot_crm_amocrm.in(lang);
    if (run.crm == "sandbox") return ui_text::robot_crm_sandbox.in(lang);
    return run.crm;
}

const Text& robot_report_text(const RobotRun& run) {
    if (run.report == "done") return ui_text::robot_report_done;
    if (run.report == "failed") return ui_text::robot_report_failed;
    // Due: the proxy sends it when the job ends, so a finished run's report is on its way.
    if (run.report == "due") return job_unfinished(run.job) ? ui_text::robot_report_due : ui_text::robot_report_sending;
    return ui_text::robot_report_none;
}

void open_robot_run_entity(App& app, const RobotRun& run) {
    if (!app.links || !openable_url(run.entity_url)) return;
    app.links->open_in_new_tab(run.entity_url);
}

bool outcome_as_asked(ChangeOutcome outcome, ParticipantAction action) {
    if (outcome == ChangeOutcome::done) return true;
    if (action == ParticipantAction::add) return outcome == ChangeOutcome::already_member;
    if (action == ParticipantAction::remove) return outcome == ChangeOutcome::not_a_member;
    return false;
}

bool outcome_failed(ChangeOutcome outcome, ParticipantAction action) {
    // An invite that went out is the way forward, not a failure to act on.
    return !outcome_as_asked(outcome, action) && outcome != ChangeOutcome::pending &&
           outcome != ChangeOutcome::cancelled && outcome != ChangeOutcome::invite_sent;
}

std::string local_time_text(int64_t unix_seconds, Lang lang) {
    const std::time_t t = (std::time_t)unix_seconds;
    std::tm local{};
    if (!localtime_r(&t, &local)) return {};
    char out[32];
    std::strftime(out, sizeof out, lang == Lang::ru ? "%d.%m.%Y %H:%M" : "%Y-%m-%d %H:%M", &local);
    return out;
}

} // namespace gd
