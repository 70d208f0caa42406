// «Роботы» (administrators): what the CRM's automations did, newest first. Each run: when, in
// which CRM, which deal or lead (with its card a click away in a new tab), what started it, the
// group and the action, a bar while it runs, the result per person, and whether the CRM got the
// result. Runs just started from the demo pipeline are marked. Fits a 300 px panel: all wraps.
#include "web/inspect/ui_inspector.h"
#include "web/state/app_actions.h"
#include "web/state/jobs_list.h"
#include "web/state/links.h"
#include "web/state/robot_runs.h"
#include "web/state/sandbox_pipeline.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>

#include <cstdio>

namespace gd {

namespace {

const ImVec4* report_color(const RobotRun& run) {
    if (run.report == "done") return &kGood;
    if (run.report == "failed") return &kBad;
    return &kMuted;
}

void draw_entity(App& app, const RobotRun& run) {
    const Lang lang = app.state.lang;
    wrapped_text(robot_run_entity_text(run, lang).c_str());
    if (!openable_url(run.entity_url)) return;
    // The card lives in the CRM: a new tab, so the widget (maybe the CRM's own iframe) stays.
    const char* open = ui_text::robot_open_in_crm.in(lang);
    if (ImGui::SmallButton(open)) open_robot_run_entity(app, run);
    inspect_last_item((std::string(open) + " " + run.job.id).c_str());
    if (ImGui::IsItemHovered()) {
        char tip[640];
        std::snprintf(tip, sizeof tip, ui_text::robot_open_in_crm_tip.in(lang), run.entity_url.c_str());
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
        ImGui::TextUnformatted(tip);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void draw_run(App& app, const RobotRun& run) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    const Job& job = run.job;
    ImGui::PushID(job.id.c_str());
    if (robot_run_highlighted(s, run)) wrapped_text(ui_text::robot_highlighted.in(lang), &kGood);
    const std::string when = local_time_text(job.created_at, lang) + " · " + robot_run_crm_text(run, lang);
    wrapped_text(when.c_str(), &kMuted);
    draw_entity(app, run);
    if (!run.trigger.empty()) wrapped_text(run.trigger.c_str(), &kMuted);
    wrapped_text(job_title(s, job, lang, true).c_str());
    wrapped_text((run.people_from_entity ? ui_text::robot_people_from_entity : ui_text::robot_people_written).in(lang), &kMuted);
    if (run.invite_on_failure && job.action == ParticipantAction::add)
        wrapped_text(ui_text::robot_invite_on_failure.in(lang), &kMuted);
    draw_run_progress(app, job);

    if (job.items.empty()) {
        if (!job_unfinished(job) && job.total == 0) wrapped_text(ui_text::robot_nobody.in(lang), &kMuted);
    } else {
        char results[96];
        std::snprintf(results, sizeof results, ui_text::robot_people_results.in(lang), (int)job.items.size());
        // A short list, a running run and one just started are open; a long finished one folds.
        const bool open_first = job.items.size() <= 5 || job_unfinished(job) || robot_run_highlighted(s, run);
        const bool open = ImGui::TreeNodeEx((std::string(results) + "###results").c_str(), open_first ? ImGuiTreeNodeFlags_DefaultOpen : 0);
        inspect_last_item((std::string(results) + " " + job.id).c_str());
        if (open) {
            draw_person_results(app, job);
            ImGui::TreePop();
        }
    }
    wrapped_text(robot_report_text(run).in(lang), report_color(run));
    ImGui::Separator();
    ImGui::PopID();
}

} // namespace

void draw_robots_screen(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    if (draw_back_and_title(app, ui_text::robots_title.in(lang))) return;
    wrapped_text(ui_text::robots_intro.in(lang), &kMuted);
    const Remote<RobotRunList>& list = s.robots.list;
    if (list.status == LoadStatus::loading && list.data.runs.empty()) draw_progress(s, list.started_at);
    const std::vector<RobotRun>& runs = list.data.runs;
    s.rows_shown = (int)runs.size();
    if (list.status == LoadStatus::idle || (list.status != LoadStatus::loaded && runs.empty())) return;
    if (runs.empty()) {
        wrapped_text(ui_text::robots_empty.in(lang));
        wrapped_text(ui_text::robots_how_bitrix24.in(lang), &kMuted);
        wrapped_text(ui_text::robots_how_amocrm.in(lang), &kMuted);
        if (pipeline_screen_allowed(s)) wrapped_text(ui_text::robots_how_sandbox.in(lang), &kMuted);
        return;
    }
    ImGui::BeginChild("##robot_runs", ImVec2(0, 0), false);
    for (const RobotRun& run : runs) draw_run(app, run);
    ImGui::EndChild();
}

} // namespace gd
