#pragma once
// What a CRM administrator does with the CRM's users through GroupDesk, apart from the handover
// (handover_jobs.h): read the users screen, add a user within the licence seats, see how many
// records a user holds. The routes are administrators' only (user_admin_routes.h); the rules
// live here, so no caller can skip them:
//   - a new user meets the CRM's rules (shared/crm_user_rules.h) before the CRM is asked;
//   - nobody is added when the seats are known and none is free (crm_seats.h);
//   - every add is in the audit log with who did it, the new user's name and e-mail, and never
//     the password, which is not kept anywhere and is scrubbed from any error the CRM echoes.
#include "proxy/connectors/crm.h"
#include "proxy/domain/audit_log.h"
#include "proxy/domain/crm_seats.h"

#include <string>

namespace gd {

// A CRM user id as the routes take it: 1-64 letters, digits, '-', '_' or '.'.
bool is_valid_crm_user_id(const std::string& id);

class UserAdmin {
public:
    UserAdmin(CrmDirectory& crms, CrmSeats& seats, AuditLog& audit) : crms_(crms), seats_(seats), audit_(audit) {}

    // Everything the users screen shows: the CRM's abilities, users, groups, roles and seats.
    Result<UserDirectory> directory(const std::string& tenant);
    // Adds a user in the actor's tenant. crm_user_invalid with Error::field (the first problem,
    // its message in `lang` as the detail), crm_no_free_seat, crm_add_unavailable, or the CRM's
    // own refusal. The answer never holds the password.
    Result<CrmUser> add_user(const Actor& actor, const NewUser& user, Lang lang);
    // How many records of each kind a handover of this user would move.
    Result<RecordCounts> record_counts(const std::string& tenant, const std::string& user_id);
    // Keeps the licences the administrator entered; the seats as they now read.
    Result<SeatCount> enter_seats(const Actor& actor, const SeatLicences& licences);

private:
    CrmDirectory& crms_;
    CrmSeats& seats_;
    AuditLog& audit_;
};

} // namespace gd
