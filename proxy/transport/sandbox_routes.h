#pragma once
// The sandbox's demo pipeline, served in the full sandbox only (a live setup's pipelines are its
// CRM's): a newcomer moves a deal to a stage and watches the stage's robot act, as a Bitrix24
// robot or an amoCRM Digital Pipeline action would.
//   GET  /api/v1/sandbox/pipeline            -> SandboxPipeline
//   POST /api/v1/sandbox/deals/{id}/stage    StageMove -> 202 StageMoved
#include "proxy/connectors/sandbox/sandbox_pipeline.h"
#include "proxy/domain/robot_runs.h"
#include "proxy/transport/router.h"

#include <vector>

namespace gd {

std::vector<Route> sandbox_routes(SandboxPipelineStore& pipeline, RobotRuns& runs, Clock& clock);

} // namespace gd
