#pragma once
// Routes for changing a group's members and its invite link, and for the audit log. Jobs and
// audit rows are the session's tenant's only; [admin] routes answer 403 forbidden to managers.
//   POST /api/v1/groups/{id}/changes             ChangeRequest -> 202 Job
//   GET  /api/v1/jobs?group_id=                 -> JobList (the group's latest, newest first)
//   GET  /api/v1/jobs/{id}                       -> Job
//   GET  /api/v1/connection                      -> GatewayStatus
//   POST /api/v1/jobs/{id}/cancel                -> Job
//   GET  /api/v1/groups/{id}/invite-link         -> InviteLink
//   POST /api/v1/groups/{id}/invite-link/revoke  -> InviteLink                  [admin]
//   POST /api/v1/groups/{id}/invite-link/send    InviteSend -> Ack
//   POST /api/v1/contacts                        ContactToSave -> Ack
//   GET  /api/v1/audit?group_id=&limit=          -> AuditPage                   [admin]
#include "proxy/domain/audit_log.h"
#include "proxy/domain/group_invites.h"
#include "proxy/domain/membership_jobs.h"
#include "proxy/transport/router.h"

#include <vector>

namespace gd {

std::vector<Route> member_routes(MembershipJobs& jobs, GroupInvites& invites, AuditLog& audit);

} // namespace gd
