// The sandbox's demo pipeline: its stages in order, each with its robots and deals; a deal moves
// with «Перевести на этап». What a move started shows first, as it runs, person by person, so a
// newcomer sees cause and effect on one screen (administrators can open it in «Роботы» too).
// Fits a 300 px panel: every line wraps and the stage chooser takes the panel's width.
#include "shared/outcomes.h"
#include "web/inspect/ui_inspector.h"
#include "web/state/app_actions.h"
#include "web/state/jobs_list.h"
#include "web/state/robot_runs.h"
#include "web/state/sandbox_pipeline.h"
#include "web/state/ui_text.h"
#include "web/views/app_view.h"
#include "web/views/widgets.h"

#include <imgui.h>

#include <cstdio>

namespace gd {

namespace {

std::string format_text(const char* format, const char* a, const char* b, int number = 0) {
    char out[512];
    std::snprintf(out, sizeof out, format, a, b, number);
    return out;
}

// What the last move did: the deal's new stage, and each run it started as it goes.
void draw_move_result(App& app) {
    AppState& s = app.state;
    const PipelineDemo& p = s.pipeline;
    const Lang lang = s.lang;
    if (move_in_flight(s)) {
        wrapped_text(ui_text::pipeline_moving.in(lang), &kMuted);
        draw_progress(s, p.move.started_at);
        return;
    }
    if (p.move.status != LoadStatus::loaded || p.move_applied != p.move.generation) return;
    const PipelineDeal& deal = p.move.data.deal;
    const std::string stage = stage_name(p.pipeline.data, deal.stage_id);
    if (p.started.empty()) {
        wrapped_text(format_text(ui_text::pipeline_moved_no_robot.in(lang), deal.title.c_str(), stage.c_str()).c_str(), &kMuted);
        ImGui::Separator();
        return;
    }
    wrapped_text(format_text(ui_text::pipeline_moved_runs.in(lang), deal.title.c_str(), stage.c_str(), (int)p.started.size()).c_str(), &kGood);
    for (const Job& run : p.started) {
        ImGui::PushID(run.id.c_str());
        wrapped_text(job_title(s, run, lang, true).c_str());
        draw_run_progress(app, run);
        draw_person_results(app, run);
        ImGui::PopID();
    }
    if (robots_screen_allowed(s)) {
        if (ImGui::Button(ui_text::pipeline_show_in_robots.in(lang))) show_started_runs_in_robots(app);
    }
    ImGui::Separator();
}

void draw_deal(App& app, const PipelineDeal& deal) {
    AppState& s = app.state;
    const SandboxPipeline& pipeline = s.pipeline.pipeline.data;
    const Lang lang = s.lang;
    ImGui::PushID(deal.id.c_str());
    wrapped_text(deal.title.c_str());
    // The chooser takes the panel's width; its list names every other stage.
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::BeginDisabled(move_in_flight(s));
    const std::string preview = std::string(ui_text::pipeline_move_to.in(lang)) + "…";
    if (ImGui::BeginCombo("##move", preview.c_str())) {
        for (const PipelineStage& stage : pipeline.stages) {
            if (stage.id == deal.stage_id) continue;
            if (ImGui::Selectable(stage.name.c_str())) move_deal(app, deal.id, stage.id);
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    inspect_last_item((std::string(ui_text::pipeline_move_to.in(lang)) + " " + deal.id).c_str());
    ImGui::PopID();
}

void draw_stage(App& app, const PipelineStage& stage) {
    AppState& s = app.state;
    const SandboxPipeline& pipeline = s.pipeline.pipeline.data;
    const Lang lang = s.lang;
    ImGui::PushID(stage.id.c_str());
    std::vector<const PipelineDeal*> deals = deals_at(pipeline, stage.id);
    char header[256];
    std::snprintf(header, sizeof header, ui_text::pipeline_stage_deals.in(lang), stage.name.c_str(), (int)deals.size());
    ImGui::Spacing();
    wrapped_text(header);
    std::vector<const PipelineRobot*> robots = robots_at(pipeline, stage.id);
    if (robots.empty()) wrapped_text(ui_text::pipeline_no_robot.in(lang), &kMuted);
    for (const PipelineRobot* robot : robots) {
        std::string line = format_text(ui_text::pipeline_robot.in(lang), action_text(robot->action).in(lang), robot->group_name.c_str());
        if (robot->invite_on_failure && robot->action == ParticipantAction::add)
            line += std::string(" ") + ui_text::pipeline_robot_invite.in(lang);
        wrapped_text(line.c_str(), &kGood);
    }
    ImGui::Indent();
    if (deals.empty()) wrapped_text(ui_text::pipeline_no_deals.in(lang), &kMuted);
    for (const PipelineDeal* deal : deals) draw_deal(app, *deal);
    ImGui::Unindent();
    ImGui::Separator();
    ImGui::PopID();
}

} // namespace

void draw_pipeline_screen(App& app) {
    AppState& s = app.state;
    const Lang lang = s.lang;
    if (draw_back_and_title(app, ui_text::pipeline_title.in(lang))) return;
    const Remote<SandboxPipeline>& pipeline = s.pipeline.pipeline;
    if (pipeline.status == LoadStatus::loading && pipeline.data.stages.empty()) draw_progress(s, pipeline.started_at);
    if (pipeline.data.stages.empty()) return;
    ImGui::BeginChild("##pipeline", ImVec2(0, 0), false);
    wrapped_text(ui_text::pipeline_intro.in(lang), &kMuted);
    draw_move_result(app);
    for (const PipelineStage& stage : pipeline.data.stages) draw_stage(app, stage);
    ImGui::EndChild();
}

} // namespace gd
