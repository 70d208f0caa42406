#include "proxy/domain/user_admin.h"

#include "proxy/connectors/upstream/upstream_http.h"
#include "shared/crm_user_rules.h"

#include <algorithm>

namespace gd {

namespace {

// A CRM that echoes the request in its error (a validation message quoting the field) must not
// carry the password into our answer or log: it is cut out wherever it appears.
Error without_password(Error error, const std::string& password) {
    for (std::string* text : {&error.detail, &error.field}) hide_secret(*text, password, "***");
    return error;
}

// A list the CRM may not have (groups, roles): not_supported reads as empty.
Result<std::vector<CrmGroup>> optional_list(Result<std::vector<CrmGroup>> list) {
    if (!list && list.error().code == ErrorCode::not_supported) return std::vector<CrmGroup>{};
    return list;
}

} // namespace

bool is_valid_crm_user_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
               c == '.';
    });
}

Result<UserDirectory> UserAdmin::directory(const std::string& tenant) {
    Result<Crm*> crm = crms_.crm_for(tenant);
    if (!crm) return crm.error();
    CrmAdmin& admin = *crm.value();
    UserDirectory d;
    d.crm = admin.kind();
    d.abilities = admin.abilities();
    Result<std::vector<CrmUser>> users = admin.users();
    if (!users) return users.error();
    d.users = std::move(users.value());
    Result<std::vector<CrmGroup>> groups = optional_list(admin.groups());
    if (!groups) return groups.error();
    d.groups = std::move(groups.value());
    if (d.abilities.has_roles) {
        Result<std::vector<CrmGroup>> roles = optional_list(admin.roles());
        if (!roles) return roles.error();
        d.roles = std::move(roles.value());
    }
    Result<SeatCount> seats = seats_.read(tenant, admin, &d.users);
    if (!seats) return seats.error();
    d.seats = seats.value();
    return d;
}

Result<CrmUser> UserAdmin::add_user(const Actor& actor, const NewUser& user, Lang lang) {
    Result<Crm*> crm = crms_.crm_for(actor.tenant);
    if (!crm) return crm.error();
    CrmAdmin& admin = *crm.value();
    const CrmAdminAbilities abilities = admin.abilities();
    if (!abilities.add_users) return Error{ErrorCode::crm_add_unavailable, {}, {}};
    // The widget checks the same rules as the admin types; this is for any other caller.
    std::vector<FieldProblem> problems = check_new_user(user, abilities);
    if (!problems.empty())
        return Error{ErrorCode::crm_user_invalid, problems.front().message.in(lang), problems.front().field};

    // The audit row names the person asked for (an existing account's name is the CRM's).
    const std::string asked_name = user.existing_account ? std::string() : user.first_name + " " + user.last_name;
    auto audit = [&](const std::string& id, const std::string& name, const std::string& email, const std::string& outcome) {
        audit_.record(actor, {{}, {}, "crm_user_added", id, name, email, outcome});
    };
    Result<SeatCount> seats = seats_.read(actor.tenant, admin);
    if (!seats) return seats.error();
    if (Result<Done> free = seat_is_free(seats.value()); !free) {
        audit({}, asked_name, user.email, error_code_name(free.error().code));
        return free.error();
    }

    Result<CrmUser> added = admin.add_user(user);
    if (!added) {
        Error refused = without_password(added.error(), user.password);
        // The CRM knows its licences better than we did: from now on adding stops at this count.
        if (refused.code == ErrorCode::crm_no_free_seat && seats->source != "crm")
            seats_.learn_full(actor.tenant, seats->active);
        audit({}, asked_name, user.email, error_code_name(refused.code));
        return refused;
    }
    audit(added->id, added->name, added->email, "done");
    return added;
}

Result<RecordCounts> UserAdmin::record_counts(const std::string& tenant, const std::string& user_id) {
    if (!is_valid_crm_user_id(user_id)) return Error{ErrorCode::bad_request, "malformed user id", "id"};
    Result<Crm*> crm = crms_.crm_for(tenant);
    if (!crm) return crm.error();
    CrmAdmin& admin = *crm.value();
    Result<std::vector<CrmUser>> users = admin.users();
    if (!users) return users.error();
    if (std::none_of(users->begin(), users->end(), [&](const CrmUser& u) { return u.id == user_id; }))
        return Error{ErrorCode::crm_user_not_found, {}, {}};
    RecordCounts counts;
    counts.user_id = user_id;
    for (RecordKind kind : admin.abilities().record_kinds) {
        Result<int> count = admin.count_records(user_id, kind);
        if (!count) return count.error();
        counts.kinds.push_back({kind, count.value()});
    }
    return counts;
}

Result<SeatCount> UserAdmin::enter_seats(const Actor& actor, const SeatLicences& licences) {
    Result<Crm*> crm = crms_.crm_for(actor.tenant);
    if (!crm) return crm.error();
    Result<Done> kept = seats_.enter(actor.tenant, licences);
    if (!kept) return kept.error();
    audit_.record(actor, {{}, {}, "crm_seats_entered", {}, {}, {},
                          std::to_string(licences.paid) + " paid, " + std::to_string(licences.technical) + " technical"});
    return seats_.read(actor.tenant, *crm.value());
}

} // namespace gd
