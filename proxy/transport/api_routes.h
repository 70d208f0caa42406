#pragma once
// The proxy's API, one route per line. Shapes are the shared/types.h types as JSON:
//   GET /healthz                              -> Health
//   GET /api/v1/groups                        -> GroupList
//   GET /api/v1/groups/{id}/participants      -> ParticipantList   (id percent-encoded)
// Errors: {"error": {...}} from shared/errors.h with its HTTP status.
#include "proxy/domain/group_directory.h"
#include "proxy/transport/router.h"

#include <string>
#include <vector>

namespace gd {

// demo_login: /healthz offers the sandbox's demo login (is_full_sandbox); false everywhere else.
std::vector<Route> api_routes(GroupDirectory& groups, const std::string& mode, bool demo_login);

} // namespace gd
