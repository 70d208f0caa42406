#pragma once
// The sandbox's demo pipeline (sandbox mode only): a newcomer moves a deal to a stage and watches
// the stage's robot change the group, with no CRM. The runs a move started are followed here,
// person by person, until they end.
#include "web/state/app_state.h"

#include <string>
#include <vector>

namespace gd {

// The proxy runs the sandbox (its /healthz said so).
bool pipeline_screen_allowed(const AppState& state);
void open_pipeline(App& app);
void load_pipeline(App& app);
void move_deal(App& app, const std::string& deal_id, const std::string& stage_id);
bool move_in_flight(const AppState& state);

const PipelineStage* pipeline_stage(const SandboxPipeline& pipeline, const std::string& stage_id);
std::vector<const PipelineDeal*> deals_at(const SandboxPipeline& pipeline, const std::string& stage_id);
std::vector<const PipelineRobot*> robots_at(const SandboxPipeline& pipeline, const std::string& stage_id);
// A stage's name, or its id when the pipeline does not name it.
std::string stage_name(const SandboxPipeline& pipeline, const std::string& stage_id);

// Called every frame: lands a move (the deal at its new stage, its runs followed) and, on the
// pipeline screen, reads an unfinished run again once a second.
void tick_pipeline(App& app);
double seconds_until_pipeline_poll(const AppState& state);
// Opens «Роботы» with the last move's runs marked (administrators).
void show_started_runs_in_robots(App& app);

} // namespace gd
