#include "proxy/transport/member_routes.h"

#include "proxy/transport/idempotency_key.h"
#include "shared/routes.h"

#include <httplib.h>

namespace gd {

namespace {

// Who acted, for the audit log and the jobs: the signed-in user, in their tenant.
Actor actor_of(const Call& c) { return {c.actor(), c.tenant()}; }

Result<ChangeRequest> change_request(const Call& c) {
    Result<nlohmann::json> json = c.json_body();
    if (!json) return json.error();
    const nlohmann::json& j = json.value();
    if (!j.is_object() || !j.contains("action") || !j["action"].is_string()) return Error{ErrorCode::invalid_action, {}};
    const std::string action = j["action"].get<std::string>();
    if (action != "add" && action != "remove" && action != "promote" && action != "demote")
        return Error{ErrorCode::invalid_action, action.substr(0, 32)};
    if (!j.contains("people") || !j["people"].is_array()) return Error{ErrorCode::no_people, {}};
    for (const nlohmann::json& person : j["people"])
        if (!person.is_object() || !person.contains("phone") || !person["phone"].is_string())
            return Error{ErrorCode::bad_request, "every person needs a \"phone\" string"};
    return c.body_as<ChangeRequest>();
}

} // namespace

std::vector<Route> member_routes(MembershipJobs& jobs, GroupInvites& invites, AuditLog& audit) {
    const std::string group = std::string(routes::kGroups) + "/{id}";
    return {
        {"POST", group + "/changes", [&jobs](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::invalid_group_id, "malformed percent-escape"});
             Result<std::string> key = idempotency_key(c);
             if (!key) return c.fail(key.error());
             Result<ChangeRequest> request = change_request(c);
             if (!request) return c.fail(request.error());
             Result<Job> job = jobs.create(*id, request.value(), actor_of(c), key.value());
             if (!job) return c.fail(job.error());
             c.reply(nlohmann::json(job.value()), 202);
         }},

        {"GET", routes::kJobs, [&jobs](Call& c) {
             if (c.request.has_param("running")) {
                 if (c.request.get_param_value("running") != "1")
                     return c.fail(Error{ErrorCode::bad_request, "running must be 1"});
                 Result<std::vector<Job>> list = jobs.running(c.tenant(), 50);
                 if (!list) return c.fail(list.error());
                 return c.reply(nlohmann::json(JobList{std::move(list.value())}));
             }
             if (!c.request.has_param("group_id")) return c.fail(Error{ErrorCode::invalid_group_id, "group_id is required"});
             Result<std::vector<Job>> list = jobs.recent(c.tenant(), c.request.get_param_value("group_id"), 5);
             if (!list) return c.fail(list.error());
             c.reply(nlohmann::json(JobList{std::move(list.value())}));
         }},

        {"GET", routes::kConnection, [&jobs](Call& c) { c.reply(jobs.status()); }},

        {"GET", "/api/v1/jobs/{id}", [&jobs](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::job_not_found, {}});
             c.reply(jobs.get(c.tenant(), *id));
         }},

        {"POST", "/api/v1/jobs/{id}/cancel", [&jobs](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::job_not_found, {}});
             c.reply(jobs.cancel(*id, actor_of(c)));
         }},

        {"GET", group + "/invite-link", [&invites](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::invalid_group_id, "malformed percent-escape"});
             c.reply(invites.link(*id));
         }},

        {"POST", group + "/invite-link/revoke", [&invites](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::invalid_group_id, "malformed percent-escape"});
             c.reply(invites.revoke(*id, actor_of(c)));
         },
         Access::admin},   // every link already sent stops working: an administrator's decision

        {"POST", group + "/invite-link/send", [&invites](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::invalid_group_id, "malformed percent-escape"});
             Result<InviteSend> body = c.body_as<InviteSend>();
             if (!body) return c.fail(body.error());
             c.reply(invites.send(*id, body->phone, c.lang, actor_of(c)));
         }},

        {"POST", routes::kContacts, [&invites](Call& c) {
             Result<ContactToSave> body = c.body_as<ContactToSave>();
             if (!body) return c.fail(body.error());
             c.reply(invites.save_contact(body.value(), actor_of(c)));
         }},

        {"GET", routes::kAudit, [&audit](Call& c) {
             std::string group_id = c.request.has_param("group_id") ? c.request.get_param_value("group_id") : "";
             int limit = 100;
             if (c.request.has_param("limit")) {
                 const std::string text = c.request.get_param_value("limit");
                 if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
                     return c.fail(Error{ErrorCode::bad_request, "limit must be a number from 1 to 500"});
                 limit = std::stoi(text);
             }
             c.reply(nlohmann::json(AuditPage{audit.recent(c.tenant(), group_id, limit)}));
         },
         Access::admin},   // everyone's actions in the tenant: for administrators
    };
}

} // namespace gd
