#include "proxy/connectors/bitrix24/bitrix24_users.h"

#include "proxy/connectors/bitrix24/bitrix24_records.h"
#include "proxy/connectors/upstream/ascii_text.h"
#include "shared/crm_user_rules.h"

#include <map>

namespace gd {

// Index
// - Abilities
// - Reading: users with their departments, departments, seats
// - Inviting a user (user.add) and what its refusals mean
// - Dismissing a user (user.update ACTIVE=N)

namespace {

constexpr int kPageSize = 50;     // user.get and department.get pages are fixed at 50 rows
constexpr int kMaxPages = 200;    // 10 000 users or departments: far beyond any portal GroupDesk serves
constexpr int kAddAttempts = 3;   // user.add asked again only after QUERY_LIMIT_EXCEEDED, which runs nothing

// Whether the portal's refusal says this, in its code or its text (user.add answers
// ERROR_ARGUMENT with the reason as the description: "wrong_email", "user_count_exceeded").
bool says(const RestAnswer& answer, std::string_view text) {
    return contains_ignoring_case(answer.error, text) || contains_ignoring_case(answer.description, text);
}

// A page of rows, or crm_bad_response.
Result<Done> append_rows(const nlohmann::json& rows, const char* method, std::vector<nlohmann::json>& out) {
    if (!rows.is_array()) return Error{ErrorCode::crm_bad_response, std::string(method) + ": not a list"};
    for (const nlohmann::json& row : rows) out.push_back(row);
    return Done{};
}

// The pages after the first, while the portal names a next one.
Result<Done> follow_pages(Bitrix24Rest& rest, const char* method, nlohmann::json params, const char* start_key,
                          nlohmann::json next, std::vector<nlohmann::json>& out) {
    for (int page = 1; page < kMaxPages && next.is_number_integer(); ++page) {
        params[start_key] = next;
        Result<RestAnswer> answer = rest.answer(method, params);
        if (!answer) return answer.error();
        if (!answer->ok()) return rest_error(*answer, method, rest.owner());
        if (Result<Done> added = append_rows(answer->result, method, out); !added) return added;
        next = answer->next;
    }
    return Done{};
}

std::string first_department(const nlohmann::json& record) {
    auto departments = record.find("UF_DEPARTMENT");
    if (departments == record.end()) return {};
    if (departments->is_array()) return departments->empty() ? std::string{} : id_text(departments->front());
    return id_text(*departments);
}

const nlohmann::json kUsersPage = {{"sort", "ID"}, {"order", "ASC"}};
const nlohmann::json kDepartmentsPage = {{"sort", "ID"}, {"order", "ASC"}};

} // namespace

// ---------------------------------------------------------------------------------------------
// Abilities
// ---------------------------------------------------------------------------------------------

CrmAdminAbilities bitrix24_admin_abilities() {
    CrmAdminAbilities a;
    a.add_users = true;
    a.sets_password = false;     // user.add sends Bitrix24's own invitation e-mail
    a.has_roles = false;
    a.group_required = true;     // user.add: UF_DEPARTMENT is mandatory for an intranet user
    a.deactivate = true;
    a.reassign = true;
    a.seats_from_crm = false;    // no REST method says the plan's user limit; user_count_exceeded does
    // Tasks too: dismissing does not hand them on (https://helpdesk.bitrix24.com/open/25894207).
    a.record_kinds = {RecordKind::lead, RecordKind::deal, RecordKind::contact, RecordKind::company, RecordKind::task};
    // NAME and LAST_NAME hold 50 characters each; the shared rule counts both with the space,
    // which keeps each within 50.
    a.name_max_length = 50;
    a.password_min_length = 0;
    return a;
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

Result<std::vector<CrmUser>> Bitrix24Users::users() {
    Result<std::string> own = rest_.token_user_id();
    if (!own) return own.error();

    // The first pages of users (dismissed ones too: without an ACTIVE filter user.get returns
    // them) and departments, and the pair's admin flag, in one request.
    Result<BatchAnswers> first = rest_.batch({
        {"users", "user.get", kUsersPage},
        {"departments", "department.get", kDepartmentsPage},
        {"admin", "user.admin"},
    });
    if (!first) return first.error();
    if (!first->errors.empty()) return first->errors.begin()->second;

    std::vector<nlohmann::json> user_rows, department_rows;
    if (Result<Done> r = append_rows(first->results["users"], "user.get", user_rows); !r) return r.error();
    if (Result<Done> r = append_rows(first->results["departments"], "department.get", department_rows); !r) return r.error();
    if (Result<Done> r = follow_pages(rest_, "user.get", kUsersPage, "start", first->next["users"], user_rows); !r)
        return r.error();
    if (Result<Done> r = follow_pages(rest_, "department.get", kDepartmentsPage, "START", first->next["departments"],
                                      department_rows); !r)
        return r.error();
    const bool own_is_admin = first->results["admin"] == true;

    std::map<std::string, std::string> department_names;
    for (const nlohmann::json& row : department_rows)
        if (row.is_object()) department_names[id_text(row.value("ID", nlohmann::json()))] = row.value("NAME", "");

    std::vector<CrmUser> users;
    for (const nlohmann::json& record : user_rows) {
        Result<CrmUser> user = read_user(record);
        if (!user) return user.error();
        user->group_id = first_department(record);
        if (auto name = department_names.find(user->group_id); name != department_names.end()) user->group = name->second;
        user->is_integration = user->id == *own;
        // user.admin answers for the pair's own user only; nobody else's admin flag is readable.
        user->is_admin = user->is_integration && own_is_admin;
        users.push_back(std::move(*user));
    }
    return users;
}

Result<std::vector<CrmGroup>> Bitrix24Users::departments() {
    std::vector<nlohmann::json> rows;
    if (Result<Done> r = follow_pages(rest_, "department.get", kDepartmentsPage, "START", 0, rows); !r) return r.error();
    std::vector<CrmGroup> groups;
    for (const nlohmann::json& row : rows) {
        CrmGroup g{row.is_object() ? id_text(row.value("ID", nlohmann::json())) : std::string{},
                   row.is_object() ? row.value("NAME", "") : std::string{}};
        if (!is_bitrix24_id(g.id)) return Error{ErrorCode::crm_bad_response, "department.get: a department has no ID"};
        groups.push_back(std::move(g));
    }
    return groups;
}

Result<SeatCount> Bitrix24Users::seats() {
    // ACTIVE=true leaves dismissed users out; extranet and e-mail users take no seat of the plan.
    Result<RestAnswer> answer =
        rest_.answer("user.get", {{"FILTER", {{"ACTIVE", true}, {"USER_TYPE", "employee"}}}, {"start", 0}});
    if (!answer) return answer.error();
    if (!answer->ok()) return rest_error(*answer, "user.get", rest_.owner());
    SeatCount seats;
    seats.source = "unknown";
    if (answer->total.is_number_integer()) {
        seats.active = answer->total.get<int>();
    } else if (answer->result.is_array() && (int)answer->result.size() < kPageSize) {
        seats.active = (int)answer->result.size();   // one page, and no total said
    } else {
        return Error{ErrorCode::crm_bad_response, "user.get: no total of active users"};
    }
    return seats;
}

// ---------------------------------------------------------------------------------------------
// Inviting a user
// ---------------------------------------------------------------------------------------------

namespace {

// user.add's refusals (apidocs.bitrix24.com api-reference/user/user-add.html, "Possible Error
// Codes"), each next to the field it concerns. The e-mail is ours to name; nothing else is echoed.
Error add_refusal(const RestAnswer& answer, TokenOwner owner) {
    if (says(answer, "already exists"))
        return Error{ErrorCode::crm_email_in_account, "user.add: Bitrix24 already has a user with this e-mail", "email"};
    if (says(answer, "wrong_email"))
        return Error{ErrorCode::crm_user_invalid, "user.add: Bitrix24 does not accept this e-mail (wrong_email)", "email"};
    if (says(answer, "user_count_exceeded"))
        return {ErrorCode::crm_no_free_seat, "user.add: the plan's user limit is reached (user_count_exceeded)"};
    if (says(answer, "access_denied"))
        return {ErrorCode::crm_not_authorized,
                "user.add: Bitrix24 refused (access_denied): the app's user must be an administrator and the app needs the user scope"};
    if (says(answer, "no_extranet_field") || says(answer, "ERROR_NO_GROUP") || says(answer, "ERROR_GROUPID"))
        return Error{ErrorCode::crm_user_invalid, "user.add: Bitrix24 does not accept this department", "group_id"};
    return rest_error(answer, "user.add", owner);
}

} // namespace

Result<CrmUser> Bitrix24Users::add(const NewUser& user) {
    if (user.existing_account)
        return Error{ErrorCode::bad_request,
                     "Bitrix24 has no accounts outside the portal to add: user.add invites by e-mail"};
    const std::vector<FieldProblem> problems = check_new_user(user, bitrix24_admin_abilities());
    if (!problems.empty()) return Error{ErrorCode::crm_user_invalid, problems.front().message.en, problems.front().field};
    if (!is_bitrix24_id(user.group_id))
        return Error{ErrorCode::crm_user_invalid, "a Bitrix24 department id is a number", "group_id"};

    // No password: Bitrix24 e-mails its own invitation, and the person sets one there.
    const nlohmann::json params = {{"EMAIL", user.email},
                                   {"NAME", user.first_name},
                                   {"LAST_NAME", user.last_name},
                                   {"UF_DEPARTMENT", nlohmann::json::array({std::stoll(user.group_id)})}};
    for (int attempt = 1;; ++attempt) {
        // Not repeated on a lost answer: the invitation may already be on its way.
        Result<RestAnswer> answer = rest_.answer("user.add", params, /*idempotent=*/false);
        if (!answer) return answer.error();
        if (!answer->ok()) {
            // The rate limit refuses before the method runs: wait (the client's pacing has
            // slowed after the 503) and ask again.
            if (answer->error == "QUERY_LIMIT_EXCEEDED" && attempt < kAddAttempts) continue;
            return add_refusal(*answer, rest_.owner());
        }
        const std::string id = id_text(answer->result);
        if (!is_bitrix24_id(id)) return Error{ErrorCode::crm_bad_response, "user.add: the answer names no new user"};
        CrmUser added;
        added.id = id;
        added.name = user.first_name + " " + user.last_name;
        added.email = user.email;
        added.active = true;
        added.group_id = user.group_id;
        return added;
    }
}

// ---------------------------------------------------------------------------------------------
// Dismissing a user
// ---------------------------------------------------------------------------------------------

Result<Done> Bitrix24Users::deactivate(const std::string& user_id) {
    if (!is_bitrix24_id(user_id)) return Error{ErrorCode::crm_user_not_found, "a Bitrix24 user id is a number"};
    // The pair's own user: dismissing them stops the app (apidocs.bitrix24.com
    // settings/system-user.html: integrations are tied to an employee, and local apps cannot be
    // moved to the system user). Refused before anything is written.
    Result<std::string> own = rest_.token_user_id();
    if (!own) return own.error();
    if (*own == user_id)
        return Error{ErrorCode::crm_user_is_integration, "GroupDesk's Bitrix24 connection runs as user " + user_id};

    // user.update answers access_denied for an unknown ID as for missing rights, so ask first.
    Result<nlohmann::json> found = rest_.call("user.get", {{"FILTER", {{"ID", user_id}}}});
    if (!found) return found.error();
    if (!found->is_array() || found->empty())
        return Error{ErrorCode::crm_user_not_found, "Bitrix24 has no user " + user_id};
    Result<CrmUser> user = read_user(found->front());
    if (!user) return user.error();
    if (user->id != user_id) return Error{ErrorCode::crm_bad_response, "user.get: the filter by ID was not applied"};
    if (!user->active) return Done{};   // already dismissed

    Result<RestAnswer> answer = rest_.answer("user.update", {{"ID", user_id}, {"ACTIVE", "N"}});
    if (!answer) return answer.error();
    if (!answer->ok()) {
        Error e = rest_error(*answer, "user.update", rest_.owner());
        if (says(*answer, "access_denied") || e.code == ErrorCode::crm_not_authorized)
            return Error{ErrorCode::crm_deactivate_unavailable,
                         "user.update: Bitrix24 refused (access_denied): dismiss the user in Bitrix24, or reconnect "
                         "GroupDesk as an administrator with the user scope"};
        return e;
    }
    if (answer->result != true) return Error{ErrorCode::crm_bad_response, "user.update: the portal did not confirm"};
    return Done{};
}

} // namespace gd
