#pragma once
// The sandbox CRM's demo pipeline: deals in stages, robots placed on stages. Moving a deal is what
// a manager does in a real CRM's kanban; the stage's robots are what the CRM would then call us
// with. The caller (the sandbox's routes) starts their runs, as a CRM's call would.
#include "proxy/connectors/sandbox/sandbox_store.h"
#include "shared/types.h"

#include <vector>

namespace gd {

// A deal that entered a stage, and the robots placed there.
struct DealMove {
    PipelineDeal deal;
    std::string stage_name;
    int64_t move_id = 0;                 // numbers every move: the robots' call identity
    std::vector<PipelineRobot> robots;   // empty when the deal was already in that stage
};

class SandboxPipelineStore {
public:
    explicit SandboxPipelineStore(SandboxStore& store) : store_(store) {}

    Result<SandboxPipeline> pipeline();
    // bad_request for an unknown stage; not_found for an unknown deal.
    Result<DealMove> move(const std::string& deal_id, const std::string& stage_id, int64_t now_seconds);

private:
    SandboxStore& store_;
};

} // namespace gd
