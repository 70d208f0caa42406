#include "proxy/transport/sandbox_routes.h"

#include "shared/routes.h"

#include <httplib.h>

namespace gd {

namespace {

void move_deal(Call& c, SandboxPipelineStore& pipeline, RobotRuns& runs, Clock& clock) {
    std::optional<std::string> deal_id = c.param("id");
    if (!deal_id) return c.fail(Error{ErrorCode::bad_request, "malformed percent-escape"});
    Result<StageMove> body = c.body_as<StageMove>();
    if (!body) return c.fail(body.error());
    Result<DealMove> move = pipeline.move(*deal_id, body->stage_id, clock.unix_seconds());
    if (!move) return c.fail(move.error());
    StageMoved moved{move->deal, {}};
    // What the CRM would call us with, one call per robot of the stage: each move is a new event.
    for (size_t i = 0; i < move->robots.size(); ++i) {
        const PipelineRobot& robot = move->robots[i];
        RobotOrder order;
        order.tenant = c.tenant();
        order.robot_name = "Робот этапа «" + move->stage_name + "»";
        order.crm = "sandbox";
        order.group_id = robot.group_id;
        order.action = robot.action;
        order.entity = {EntityKind::deal, move->deal.id};
        order.trigger = "Сделка перешла на этап «" + move->stage_name + "»";
        order.invite_on_failure = robot.invite_on_failure;
        order.idempotency_key = "sandbox:deal:" + move->deal.id + ":" + std::to_string(move->move_id) + ":" + std::to_string(i);
        Result<Job> run = runs.start(order);
        if (!run) return c.fail(run.error());
        moved.runs.push_back(run.value());
    }
    c.reply(nlohmann::json(moved), 202);
}

} // namespace

std::vector<Route> sandbox_routes(SandboxPipelineStore& pipeline, RobotRuns& runs, Clock& clock) {
    return {
        {"GET", routes::kSandboxPipeline, [&pipeline](Call& c) { c.reply(pipeline.pipeline()); }},
        {"POST", "/api/v1/sandbox/deals/{id}/stage",
         [&pipeline, &runs, &clock](Call& c) { move_deal(c, pipeline, runs, clock); }},
    };
}

} // namespace gd
