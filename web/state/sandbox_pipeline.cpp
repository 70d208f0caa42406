#include "web/state/sandbox_pipeline.h"

#include "shared/routes.h"
#include "web/state/jobs_list.h"
#include "web/state/requests.h"
#include "web/state/robot_runs.h"

#include <algorithm>

namespace gd {

namespace {

bool any_started_unfinished(const PipelineDemo& p) {
    return std::any_of(p.started.begin(), p.started.end(), [](const Job& j) { return job_unfinished(j); });
}

bool pipeline_wants_poll(const AppState& s) {
    return !s.session_token.empty() && s.screen == Screen::pipeline && any_started_unfinished(s.pipeline);
}

// Asks for the next unfinished run after the last one asked (a move may start several robots).
void follow_next(App& app) {
    PipelineDemo& p = app.state.pipeline;
    p.next_poll_at = app.state.now + kJobPollSeconds;
    for (size_t step = 0; step < p.started.size(); ++step) {
        const size_t i = (p.next_to_follow + step) % p.started.size();
        if (!job_unfinished(p.started[i])) continue;
        p.next_to_follow = i + 1;
        get_into(app, p.followed, routes::job(p.started[i].id));
        return;
    }
}

} // namespace

bool pipeline_screen_allowed(const AppState& s) {
    return !s.session_token.empty() && s.health.status == LoadStatus::loaded && s.health.data.mode == "sandbox";
}

void open_pipeline(App& app) {
    if (!pipeline_screen_allowed(app.state)) return;   // the proxy has no demo pipeline outside the sandbox
    app.state.screen = Screen::pipeline;
    load_pipeline(app);
}

void load_pipeline(App& app) { get_into(app, app.state.pipeline.pipeline, routes::kSandboxPipeline); }

void move_deal(App& app, const std::string& deal_id, const std::string& stage_id) {
    PipelineDemo& p = app.state.pipeline;
    if (deal_id.empty() || stage_id.empty() || move_in_flight(app.state)) return;
    p.moving_deal_id = deal_id;
    post_into(app, p.move, routes::sandbox_deal_stage(deal_id), StageMove{stage_id});
}

bool move_in_flight(const AppState& s) { return s.pipeline.move.status == LoadStatus::loading; }

const PipelineStage* pipeline_stage(const SandboxPipeline& pipeline, const std::string& stage_id) {
    for (const PipelineStage& stage : pipeline.stages)
        if (stage.id == stage_id) return &stage;
    return nullptr;
}

std::vector<const PipelineDeal*> deals_at(const SandboxPipeline& pipeline, const std::string& stage_id) {
    std::vector<const PipelineDeal*> deals;
    for (const PipelineDeal& deal : pipeline.deals)
        if (deal.stage_id == stage_id) deals.push_back(&deal);
    return deals;
}

std::vector<const PipelineRobot*> robots_at(const SandboxPipeline& pipeline, const std::string& stage_id) {
    std::vector<const PipelineRobot*> robots;
    for (const PipelineRobot& robot : pipeline.robots)
        if (robot.stage_id == stage_id) robots.push_back(&robot);
    return robots;
}

std::string stage_name(const SandboxPipeline& pipeline, const std::string& stage_id) {
    const PipelineStage* stage = pipeline_stage(pipeline, stage_id);
    return stage && !stage->name.empty() ? stage->name : stage_id;
}

void tick_pipeline(App& app) {
    AppState& s = app.state;
    PipelineDemo& p = s.pipeline;
    // A move was answered: the deal is at its new stage here too, and its runs are followed from
    // what the answer says (each queued, nobody changed yet).
    if (p.move.status == LoadStatus::loaded && p.move_applied != p.move.generation) {
        p.move_applied = p.move.generation;
        const StageMoved& moved = p.move.data;
        for (PipelineDeal& deal : p.pipeline.data.deals)
            if (deal.id == moved.deal.id) deal = moved.deal;
        p.started = moved.runs;
        p.next_to_follow = 0;
        p.followed = {.generation = p.followed.generation + 1};   // a late answer for the last move's run is dropped
        p.followed_merged = p.followed.generation;
        p.next_poll_at = s.now + kJobPollSeconds;
        s.robots.highlighted.clear();
        for (const Job& run : p.started) s.robots.highlighted.push_back(run.id);
    }
    // A run was read again: its fresher copy replaces the one shown (a job only moves forward).
    if (p.followed.status == LoadStatus::loaded && p.followed_merged != p.followed.generation) {
        p.followed_merged = p.followed.generation;
        for (Job& run : p.started)
            if (run.id == p.followed.data.id && (job_unfinished(run) || !job_unfinished(p.followed.data)))
                run = p.followed.data;
    }
    if (p.followed.status != LoadStatus::loading && pipeline_wants_poll(s) && s.now >= p.next_poll_at) follow_next(app);
}

double seconds_until_pipeline_poll(const AppState& s) {
    if (!pipeline_wants_poll(s)) return -1;
    return std::max(0.0, s.pipeline.next_poll_at - s.now);
}

void show_started_runs_in_robots(App& app) {
    AppState& s = app.state;
    s.robots.highlighted.clear();
    for (const Job& run : s.pipeline.started) s.robots.highlighted.push_back(run.id);
    open_robot_runs(app);
}

} // namespace gd
