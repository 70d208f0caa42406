// The jobs list: the open group's latest jobs and every unfinished job of the account, each with
// what it does, who asked, a progress bar, its state, what it waits for, and cancel. It fits
// amoCRM's right-hand panel (about 300 px): every line wraps, buttons go below when they do not fit.
#include "shared/errors.h"
#include "web/inspect/ui_inspector.h"
#include "web/state/jobs_list.h"
#include "web/state/member_actions.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace gd {

namespace {

const ImVec4* state_color(JobState state) {
    if (state == JobState::done) return &kGood;
    if (state == JobState::stopped) return &kBad;
    return &kMuted;
}

void draw_job_row(App& app, const Job& job, bool with_group) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    ImGui::PushID(job.id.c_str());
    wrapped_text(job_title(s, job, lang, with_group).c_str());
    std::string who = job_requester_text(job, lang);
    if (!who.empty()) wrapped_text(who.c_str(), &kMuted);

    char progress[128];
    std::snprintf(progress, sizeof progress, ui_text::job_progress.in(lang), job.finished, job.total);
    ImGui::ProgressBar(job_fraction(job), ImVec2(-FLT_MIN, 0), progress);
    inspect_last_item(progress);

    wrapped_text(job_state_text(job.state).in(lang), state_color(job.state));
    std::string waiting = job_waiting_text(job, lang);
    if (!waiting.empty()) wrapped_text(waiting.c_str(), &kMuted);
    if (job.state == JobState::stopped) {
        ErrorCode reason = error_code_from_name(job.stop_reason);
        wrapped_text(error_text(reason).in(lang), &kBad);
        wrapped_text(error_next_step(reason).in(lang), &kBad);
    }
    if (s.jobs.cancelling_id == job.id && s.jobs.cancel.status == LoadStatus::failed)
        wrapped_text(error_text(s.jobs.cancel.error.code).in(lang), &kBad);

    // Buttons carry the job's id for tests and the test API: several rows show the same words.
    bool first_button = true;
    if (job_unfinished(job)) {
        const char* stop = ui_text::job_stop.in(lang);
        ImGui::BeginDisabled(cancel_in_flight(s, job.id));
        if (ImGui::Button(stop)) cancel_listed_job(app, job.id);
        inspect_last_item((std::string(stop) + " " + job.id).c_str());
        ImGui::EndDisabled();
        first_button = false;
    }
    // The person-by-person results open in the member panel above, which belongs to the open group.
    if (job.group_id == s.open_group_id && s.screen == Screen::participants && job.id != s.members.job.data.id) {
        const char* results = ui_text::job_show_results.in(lang);
        if (!first_button) same_line_if_fits(button_width(results));
        if (ImGui::Button(results)) show_job_results(app, job.id);
        inspect_last_item((std::string(results) + " " + job.id).c_str());
    }
    ImGui::Separator();
    ImGui::PopID();
}

// Rows in a box as tall as they are, up to `max_share` of the space left, so whatever follows
// (the members table) stays in view however many jobs there are. The height is last frame's.
template <class DrawRows>
void rows_box(const char* id, float max_share, DrawRows draw_rows) {
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID height_key = ImGui::GetID(id);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float natural = storage->GetFloat(height_key, line * 6);
    const float limit = std::max(line * 6, ImGui::GetContentRegionAvail().y * max_share);
    ImGui::BeginChild(id, ImVec2(0, std::min(natural, limit)), false);
    draw_rows();
    storage->SetFloat(height_key, ImGui::GetCursorPosY());
    ImGui::EndChild();
}

void draw_rows(App& app, const std::vector<Job>& jobs, bool with_group, const Remote<JobList>& source, const Text& empty) {
    if (jobs.empty()) {
        if (source.status == LoadStatus::loading) draw_progress(app.state, source.started_at);
        else if (source.status == LoadStatus::failed) wrapped_text(error_text(source.error.code).in(app.state.lang), &kBad);
        else wrapped_text(empty.in(app.state.lang), &kMuted);
        return;
    }
    rows_box(with_group ? "##running_jobs" : "##group_jobs", 0.4f, [&] {
        for (const Job& job : jobs) draw_job_row(app, job, with_group);
    });
}

} // namespace

void draw_group_jobs_panel(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    // No job here or anywhere in the account: nothing to show, and the members keep the room.
    std::vector<Job> of_group = jobs_of_open_group(s);
    std::vector<Job> running = running_jobs(s);
    if (of_group.empty() && running.empty()) return;
    if (!ImGui::CollapsingHeader((std::string(ui_text::jobs_title.in(lang)) + "###jobs").c_str(), ImGuiTreeNodeFlags_DefaultOpen))
        return;
    inspect_last_item(ui_text::jobs_title.in(lang));
    if (!ImGui::BeginTabBar("##jobs_tabs")) return;
    // A tab tells its label to the inspector before it is added: name it after.
    const bool group_tab = ImGui::BeginTabItem((std::string(ui_text::jobs_of_group_tab.in(lang)) + "###group").c_str());
    inspect_last_item(ui_text::jobs_of_group_tab.in(lang));
    if (group_tab) {
        draw_rows(app, of_group, false, s.jobs.group, ui_text::jobs_none_in_group);
        ImGui::EndTabItem();
    }
    char running_label[96];
    std::snprintf(running_label, sizeof running_label, ui_text::jobs_running_tab.in(lang), (int)running.size());
    const bool running_tab = ImGui::BeginTabItem((std::string(running_label) + "###running").c_str());
    inspect_last_item(running_label);
    if (running_tab) {
        draw_rows(app, running, true, s.jobs.running, ui_text::jobs_none_running);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

void draw_running_jobs_panel(App& app) {
    AppState& s = app.state;
    std::vector<Job> running = running_jobs(s);
    if (running.empty()) return;
    char title[96];
    std::snprintf(title, sizeof title, ui_text::jobs_running_title.in(s.lang), (int)running.size());
    if (!ImGui::CollapsingHeader((std::string(title) + "###running_jobs_header").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    inspect_last_item(title);
    draw_rows(app, running, true, s.jobs.running, ui_text::jobs_none_running);
}

} // namespace gd
