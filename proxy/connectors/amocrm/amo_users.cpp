// amoCRM's users as an administrator manages them: the list (with the integration's own user
// marked), groups, roles, seats, adding a user and deactivating one. The API and its limits:
// https://www.amocrm.ru/developers/content/crm_platform/users-api (users, roles: admin only;
// POST /api/v4/users at most 10 a call, unavailable once the account has over 100 users),
// https://www.amocrm.ru/developers/content/crm_platform/account-info (current_user_id, groups).
#include "proxy/connectors/amocrm/amo_crm.h"

#include "proxy/connectors/amocrm/amo_answers.h"
#include "proxy/connectors/amocrm/amo_validation.h"
#include "shared/crm_user_rules.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace gd {

// Index
// - What amoCRM allows
// - The integration's own user
// - Users, groups, roles, seats
// - Adding a user
// - Deactivating a user

namespace {

constexpr int kMaxPage = 250;          // amoCRM's list limit (research §2.1)
constexpr int kMaxUserPages = 40;      // 10,000 users: beyond any account; stops a "next" that never ends
constexpr int kMaxRolePages = 40;
// POST /api/v4/users stops working once the account has more users than this (users-api).
constexpr size_t kAddLimitUsers = 100;

std::string lowercase_ascii(std::string text) {
    for (char& c : text) c = (char)std::tolower((unsigned char)c);
    return text;
}

// Every occurrence of the password cut out of an answer before anything reads it: a server that
// echoes what it refused ("password 'x' is too weak") must not carry it into an error or a log.
std::string without(std::string text, const std::string& secret) {
    hide_secret(text, secret);
    return text;
}

// A throwaway password amoCRM's rules accept, for an existing account's add (see add_user).
std::string unused_password() {
    return generate_password([] {
        uint32_t v = 0;
        if (RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v) != 1) throw std::runtime_error("RAND_bytes failed");
        return v;
    });
}

// The name amoCRM requires for an existing account's add, which keeps its own: the one the admin
// typed, else the e-mail's local part in the characters a name may hold (. @ - _ and letters).
std::string existing_account_name(const NewUser& user) {
    if (!user.first_name.empty() && !user.last_name.empty()) return user.first_name + " " + user.last_name;
    std::string name;
    for (char c : user.email.substr(0, user.email.find('@')))
        if (std::isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_') name += c;
    return name.empty() ? "User" : name.substr(0, 50);
}

// Rights of a user added without a role: their own leads, contacts, companies and tasks (M), adding
// allowed, deleting and exporting not. amoCRM requires rights unless a role is given (users-api).
nlohmann::json own_records_rights() {
    const nlohmann::json own = {{"view", "M"}, {"edit", "M"}, {"add", "A"}, {"delete", "D"}, {"export", "D"}};
    return {{"leads", own}, {"contacts", own}, {"companies", own}, {"tasks", {{"edit", "M"}, {"delete", "D"}}},
            {"mail_access", false}, {"catalog_access", false}};
}

} // namespace

// ---------------------------------------------------------------------------------------------
// What amoCRM allows
// ---------------------------------------------------------------------------------------------
// Deactivation is offered: amoCRM refuses it below its Enterprise plan, and that refusal becomes
// crm_deactivate_unavailable with the steps by hand. Seats are not in API v4 (research §2.6): the
// admin enters the licences.

CrmAdminAbilities AmoCrm::abilities() {
    CrmAdminAbilities a;
    a.add_users = true;
    a.sets_password = true;
    a.password_min_length = 6;   // and a digit, a lower- and an upper-case letter (users-api)
    a.has_roles = true;
    a.group_required = false;    // no group: amoCRM's main group «Отдел продаж»
    a.deactivate = true;
    a.reassign = true;
    a.seats_from_crm = false;
    a.record_kinds = {RecordKind::lead, RecordKind::contact, RecordKind::company, RecordKind::task};
    a.name_max_length = 50;
    return a;
}

// ---------------------------------------------------------------------------------------------
// The integration's own user
// ---------------------------------------------------------------------------------------------
// amoCRM keeps an admin's grant working after that admin is deactivated only for tokens already
// issued (research §1.1); GroupDesk never deactivates the user its tokens belong to.

Result<std::string> AmoCrm::integration_user_id() {
    std::lock_guard reading(integration_read_mutex_);
    {
        std::lock_guard lock(admin_mutex_);
        if (!integration_user_.empty()) return integration_user_;
    }
    const std::string op = "getAccount";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/account", op);
    if (!answer) return answer.error();
    const std::string id = answer.value() ? amo_id(answer.value()->value("current_user_id", nlohmann::json())) : "";
    if (id.empty()) return Error{ErrorCode::crm_bad_response, op + ": amoCRM's answer names no current_user_id"};
    learn_integration_user(id);
    return id;
}

void AmoCrm::learn_integration_user(const std::string& id) {
    std::lock_guard lock(admin_mutex_);
    if (integration_user_.empty()) integration_user_ = id;
}

// ---------------------------------------------------------------------------------------------
// Users, groups, roles, seats
// ---------------------------------------------------------------------------------------------

// Admin only (403 otherwise). Pages are counted here rather than followed through _links.next,
// whose absolute URL we would have to trust.
Result<std::vector<CrmUser>> AmoCrm::users() {
    Result<std::string> own = integration_user_id();
    if (!own) return own.error();
    const std::string op = "listUsers";
    std::vector<CrmUser> users;
    for (int page = 1; page <= kMaxUserPages; ++page) {
        Result<std::optional<nlohmann::json>> answer = api_.get(
            "/api/v4/users?with=role,group&limit=" + std::to_string(kMaxPage) + "&page=" + std::to_string(page), op);
        if (!answer) return answer.error();
        if (!answer.value()) break;   // 204: past the last page
        Result<std::vector<nlohmann::json>> list = embedded_list(*answer.value(), "users", op);
        if (!list) return list.error();
        for (const nlohmann::json& item : list.value()) {
            Result<CrmUser> user = read_user(item, op);
            if (!user) return user.error();
            user->is_integration = user->id == own.value();
            users.push_back(std::move(user.value()));
        }
        if (!has_next_page(*answer.value())) break;
    }
    return users;
}

Result<std::optional<CrmUser>> AmoCrm::user_now(const std::string& user_id) {
    const std::string op = "getUser";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/users/" + user_id + "?with=role,group", op);
    if (!answer) return answer.error();
    if (!answer.value()) return std::optional<CrmUser>();
    Result<CrmUser> user = read_user(*answer.value(), op);
    if (!user) return user.error();
    return std::optional<CrmUser>(std::move(user.value()));
}

// There is no groups endpoint in API v4: the account lists them (research §2.4). The main group,
// id 0, is among them.
Result<std::vector<CrmGroup>> AmoCrm::groups() {
    const std::string op = "getAccountGroups";
    Result<std::optional<nlohmann::json>> answer = api_.get("/api/v4/account?with=users_groups", op);
    if (!answer) return answer.error();
    if (!answer.value()) return Error{ErrorCode::crm_bad_response, op + ": amoCRM answered no account"};
    const std::string own = amo_id(answer.value()->value("current_user_id", nlohmann::json()));
    if (!own.empty()) learn_integration_user(own);
    Result<std::vector<nlohmann::json>> list = embedded_list(*answer.value(), "users_groups", op);
    if (!list) return list.error();
    std::vector<CrmGroup> groups;
    for (const nlohmann::json& item : list.value()) {
        Result<CrmGroup> group = read_group(item, op);
        if (!group) return group.error();
        groups.push_back(std::move(group.value()));
    }
    return groups;
}

Result<std::vector<CrmGroup>> AmoCrm::roles() {
    const std::string op = "listRoles";
    std::vector<CrmGroup> roles;
    for (int page = 1; page <= kMaxRolePages; ++page) {
        Result<std::optional<nlohmann::json>> answer =
            api_.get("/api/v4/roles?limit=" + std::to_string(kMaxPage) + "&page=" + std::to_string(page), op);
        if (!answer) return answer.error();
        if (!answer.value()) break;   // 204: no (more) roles
        Result<std::vector<nlohmann::json>> list = embedded_list(*answer.value(), "roles", op);
        if (!list) return list.error();
        for (const nlohmann::json& item : list.value()) {
            Result<CrmGroup> role = read_group(item, op);
            if (!role) return role.error();
            roles.push_back(std::move(role.value()));
        }
        if (!has_next_page(*answer.value())) break;
    }
    return roles;
}

// API v4 says nothing of licences (research §2.6): the active users that take one (not free), and
// source "unknown" for the proxy to add what the admin entered.
Result<SeatCount> AmoCrm::seats() {
    Result<std::vector<CrmUser>> all = users();
    if (!all) return all.error();
    SeatCount seats;
    seats.active = (int)std::count_if(all->begin(), all->end(), [](const CrmUser& u) { return u.active && !u.is_free; });
    seats.source = "unknown";
    return seats;
}

// ---------------------------------------------------------------------------------------------
// Adding a user
// ---------------------------------------------------------------------------------------------
// One user a request (amoCRM takes at most 10). The account's users are read first: an e-mail
// already here is refused on the e-mail field without asking amoCRM, and their number tells an
// "over 100 users" refusal from any other.
//
// An e-mail that has an account elsewhere: amoCRM logins are global, and an invited existing login
// keeps its own name and password (https://www.amocrm.ru/support/kb/create_free_users). Its UI
// warns and offers to add that account. What POST /api/v4/users does with such an e-mail is NOT
// in amoCRM's API documentation (https://www.amocrm.ru/developers/content/crm_platform/users-api):
// a validation error on "email" that says it is taken becomes crm_email_has_account, and
// existing_account sends the same add again with what the API requires (a name, a password that
// meets its rules: both stay unused, since the account keeps its own) and the admin's group and
// role. Should amoCRM refuse that too, the admin adds the account by hand (crm_add_unavailable).

Result<CrmUser> AmoCrm::add_user(const NewUser& user) {
    std::vector<FieldProblem> problems = check_new_user(user, abilities());
    if (!problems.empty()) return Error{ErrorCode::crm_user_invalid, problems.front().message.en, problems.front().field};
    if ((!user.group_id.empty() && user.group_id != "0" && !is_amo_id(user.group_id)) ||
        (!user.role_id.empty() && !is_amo_id(user.role_id)))
        return Error{ErrorCode::crm_user_invalid, "not an amoCRM group or role id",
                     user.role_id.empty() || is_amo_id(user.role_id) ? "group_id" : "role_id"};

    Result<std::vector<CrmUser>> present = users();
    if (!present) return present.error();
    const std::string email = lowercase_ascii(user.email);
    for (const CrmUser& u : present.value())
        if (lowercase_ascii(u.email) == email)
            return Error{ErrorCode::crm_email_in_account,
                         "amoCRM user " + u.id + (u.active ? "" : " (deactivated)") + " has this e-mail", "email"};

    nlohmann::json rights = user.role_id.empty() ? own_records_rights() : nlohmann::json::object();
    if (!user.role_id.empty()) rights["role_id"] = std::stoll(user.role_id);   // the role's rights replace any sent
    if (!user.group_id.empty()) rights["group_id"] = std::stoll(user.group_id);
    nlohmann::json item = {{"name", user.existing_account ? existing_account_name(user) : user.first_name + " " + user.last_name},
                           {"email", user.email},
                           {"password", user.existing_account ? unused_password() : user.password},
                           {"rights", rights},
                           {"request_id", "0"}};
    return send_new_user(item, user, present->size() > kAddLimitUsers);
}

Result<CrmUser> AmoCrm::send_new_user(const nlohmann::json& item, const NewUser& asked, bool account_over_100) {
    const std::string op = "addUser";
    const std::string password = item.at("password").get<std::string>();
    Result<UpstreamResponse> answer = api_.post_answer("/api/v4/users", nlohmann::json::array({item}), op);
    if (!answer) return Error{answer.error().code, without(answer.error().detail, password)};
    UpstreamResponse response = answer.value();
    response.body = without(response.body, password);

    if (amo_success(response)) {
        Result<nlohmann::json> body = amo_json_object(response, op);
        if (!body) return body.error();
        Result<std::vector<nlohmann::json>> list = embedded_list(body.value(), "users", op);
        if (!list) return list.error();
        if (list->empty()) return Error{ErrorCode::crm_bad_response, op + ": amoCRM answered no user"};
        return read_user(list->front(), op);
    }

    for (const AmoFieldComplaint& complaint : amo_field_complaints(response.body)) {
        const std::string field = new_user_field(complaint.path);
        const std::string said = op + ": amoCRM: " + complaint.path + ": " + complaint.detail;
        if (field == "email" && says_email_taken(complaint)) {
            if (asked.existing_account)
                return Error{ErrorCode::crm_add_unavailable,
                             said + "; amoCRM did not add the existing account through its API: add it by hand", "email"};
            return Error{ErrorCode::crm_email_has_account, said, "email"};
        }
        if (!field.empty()) return Error{ErrorCode::crm_user_invalid, said, field};
    }
    if (account_over_100 && response.status >= 400 && response.status < 500 && response.status != 429)
        return Error{ErrorCode::crm_add_unavailable,
                     amo_error(response, op).detail + "; amoCRM adds users through its API only while the account has "
                                                      "at most 100 users: add this one in amoCRM's settings"};
    return amo_error(response, op);
}

// ---------------------------------------------------------------------------------------------
// Deactivating a user
// ---------------------------------------------------------------------------------------------
// POST /api/v4/users/deactivate [{"id":N}] answers 204 (amoCRM's PHP SDK, Users::deactivate,
// https://github.com/amocrm/amocrm-api-php). It refuses administrators and, below the Enterprise
// plan, everyone: both are checked or turned into the steps by hand.

Result<Done> AmoCrm::deactivate_user(const std::string& user_id) {
    if (!is_amo_id(user_id)) return Error{ErrorCode::crm_user_not_found, "not an amoCRM user id"};
    Result<std::string> own = integration_user_id();
    if (!own) return own.error();
    if (own.value() == user_id)
        return Error{ErrorCode::crm_user_is_integration,
                     "amoCRM user " + user_id + " is the one GroupDesk's tokens belong to; not asked"};

    Result<std::optional<CrmUser>> target = user_now(user_id);
    if (!target) return target.error();
    if (!target.value()) return Error{ErrorCode::crm_user_not_found, "amoCRM has no user " + user_id};
    if (target.value()->is_admin)
        return Error{ErrorCode::crm_user_is_admin, "amoCRM user " + user_id + " is an administrator; not asked"};
    if (!target.value()->active) return Done{};   // already deactivated

    const std::string op = "deactivateUser";
    Result<UpstreamResponse> answer =
        api_.post_answer("/api/v4/users/deactivate", nlohmann::json::array({{{"id", std::stoll(user_id)}}}), op);
    if (!answer) return answer.error();
    const UpstreamResponse& response = answer.value();
    if (amo_success(response)) return Done{};
    const std::string said = amo_error(response, op).detail;
    const std::string words = lowercase_ascii(amo_problem_text(response.body));
    if (response.status == 400 && words.find("not associated") != std::string::npos)
        return Error{ErrorCode::crm_user_not_found, said};
    if (words.find("admin") != std::string::npos) return Error{ErrorCode::crm_user_is_admin, said};
    if (response.status == 402 || response.status == 403 || response.status == 404 || response.status == 405)
        return Error{ErrorCode::crm_deactivate_unavailable,
                     said + "; amoCRM deactivates users through its API only on its Enterprise plan: deactivate "
                            "«" + target.value()->name + "» by hand in amoCRM, Settings › Users"};
    return amo_error(response, op);
}

} // namespace gd
