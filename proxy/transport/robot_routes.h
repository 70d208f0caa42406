#pragma once
// What CRM automations did, for administrators:
//   GET /api/v1/robots/runs?limit=   -> RobotRunList (newest first)                 [admin]
// The CRMs' own calls that start robot runs enter through crm_entry_routes.h.
#include "proxy/domain/robot_runs.h"
#include "proxy/transport/router.h"

#include <vector>

namespace gd {

std::vector<Route> robot_routes(RobotRuns& runs);

} // namespace gd
