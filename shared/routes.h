#pragma once
// Paths of the proxy's HTTP API, used by the proxy's router and the widget's requests alike.
#include <string>
#include <string_view>

namespace gd::routes {

inline constexpr const char* kHealth = "/healthz";
inline constexpr const char* kSession = "/api/v1/session";     // POST sign in, GET who, DELETE sign out
inline constexpr const char* kApiPrefix = "/api/v1/";
inline constexpr const char* kGroups = "/api/v1/groups";
// "/api/v1/groups/{id}/participants"; the id is percent-encoded ('@' and friends).
std::string group_participants(std::string_view group_id);
// POST: a ChangeRequest -> 202 Job
std::string group_changes(std::string_view group_id);
// GET: InviteLink; POST .../revoke: a new InviteLink; POST .../send {"phone"}: sends it privately
std::string group_invite_link(std::string_view group_id);
std::string group_invite_link_revoke(std::string_view group_id);
std::string group_invite_link_send(std::string_view group_id);
// POST PrivacyRetry -> Ack: forget that WhatsApp refused this person for privacy in the group
std::string group_privacy_retry(std::string_view group_id);
// GET: Job; POST .../cancel
std::string job(std::string_view job_id);
std::string job_cancel(std::string_view job_id);
inline constexpr const char* kJobs = "/api/v1/jobs";             // GET ?group_id=
inline constexpr const char* kConnection = "/api/v1/connection"; // GET GatewayStatus
inline constexpr const char* kContacts = "/api/v1/contacts";   // POST ContactToSave
inline constexpr const char* kAudit = "/api/v1/audit";         // GET ?group_id=&limit=
inline constexpr const char* kCards = "/api/v1/cards";         // GET ?query= -> CardList (leads and deals)
inline constexpr const char* kRobotRuns = "/api/v1/robots/runs";   // GET ?limit= -> RobotRunList [admin]
// CRM user administration [admin, every one of them]:
inline constexpr const char* kCrmUsers = "/api/v1/crm/users";   // GET -> UserDirectory; POST NewUser -> CrmUser (201)
//   GET  /api/v1/crm/users/{id}/records    -> RecordCounts (what a handover would move)
//   POST /api/v1/crm/users/{id}/deactivate DeactivationRequest -> Handover (202; Idempotency-Key honoured)
inline constexpr const char* kCrmSeats = "/api/v1/crm/seats";   // PUT SeatLicences -> SeatCount
inline constexpr const char* kCrmHandovers = "/api/v1/crm/handovers";   // GET -> HandoverList; GET /{id} -> Handover
inline constexpr const char* kSandboxPipeline = "/api/v1/sandbox/pipeline";   // GET -> SandboxPipeline [sandbox]
// POST StageMove -> 202 StageMoved [sandbox]
std::string sandbox_deal_stage(std::string_view deal_id);
// GET: the Card of a lead, deal or contact ("/api/v1/cards/deal/101")
std::string card(std::string_view kind, std::string_view id);

// RFC 3986 percent-encoding of everything but unreserved characters, and its inverse.
std::string url_encode(std::string_view s);
// Returns false on a malformed escape ("%4", "%zz").
bool url_decode(std::string_view s, std::string& out);

} // namespace gd::routes
