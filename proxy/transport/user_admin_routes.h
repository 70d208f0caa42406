#pragma once
// Routes for administering the CRM's users. Every one is an administrator's (Access::admin: the
// router answers 403 forbidden to anyone else before the handler runs), and works on the
// session's tenant's CRM only.
//   GET  /api/v1/crm/users                      -> UserDirectory
//   POST /api/v1/crm/users                      NewUser -> 201 CrmUser (the password is never echoed)
//   GET  /api/v1/crm/users/{id}/records         -> RecordCounts
//   POST /api/v1/crm/users/{id}/deactivate      DeactivationRequest -> 202 Handover (Idempotency-Key)
//   PUT  /api/v1/crm/seats                      SeatLicences -> SeatCount
//   GET  /api/v1/crm/handovers                  -> HandoverList (newest first)
//   GET  /api/v1/crm/handovers/{id}             -> Handover
#include "proxy/domain/handover_jobs.h"
#include "proxy/domain/user_admin.h"
#include "proxy/transport/router.h"

#include <vector>

namespace gd {

std::vector<Route> user_admin_routes(UserAdmin& users, HandoverJobs& handovers);

} // namespace gd
