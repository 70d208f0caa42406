#pragma once
// amoCRM's HAL records (leads, contacts, users) read into GroupDesk's types. Ids are required
// (a record without one is an unreadable answer); everything else is read tolerantly, because
// real answers carry nulls and undocumented odd fields (research §2.1: status_rights null,
// catalog_rights with strange content crashed amoCRM's own SDK).
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gd {

struct AmoLead {
    std::string id;
    std::string name;
    std::string responsible_user_id;
    std::string pipeline_id;
    std::string status_id;
    std::vector<std::string> contact_ids;   // from _embedded.contacts (with=contacts), main contact first
};

Result<AmoLead> read_lead(const nlohmann::json& lead, const std::string& operation);

// Name and the values of the PHONE field (field_code "PHONE", values[].value), research §5.4.
Result<CrmContact> read_contact(const nlohmann::json& contact, const std::string& operation);

// rights.is_admin, is_active, is_free, group_id and role_id; the group's and role's names from
// _embedded.groups and _embedded.roles (with=role,group). A user in the account's main group has
// group_id null or 0 and is given group "0".
Result<CrmUser> read_user(const nlohmann::json& user, const std::string& operation);

// A user group from /api/v4/account?with=users_groups ({"id":0,"name":"Отдел продаж"}) or a role
// from /api/v4/roles: the main group's id is 0, so unlike records a group id may be "0".
Result<CrmGroup> read_group(const nlohmann::json& group, const std::string& operation);

// What a handover needs of a lead, contact, company or task: its id and who is responsible.
struct AmoOwnedRecord {
    std::string id;
    int64_t number = 0;              // the id as a number, for "after this id"
    std::string responsible_user_id;
};
Result<AmoOwnedRecord> read_owned_record(const nlohmann::json& record, const std::string& operation);

// Who may view what, as a user's `rights` say (developers.kommo.com/reference/users-and-roles):
// A all, G the user's group's (the responsible user is in the same group), M their own, D none.
// A stage's own view right (status_rights, A or D) replaces the general one for leads there.
struct AmoStageRight {
    std::string pipeline_id;
    std::string status_id;
    std::string view;
};
struct AmoRights {
    std::string user_id;
    bool is_admin = false;
    std::string group_id = "0";       // "0": the account's main group
    std::string leads_view = "D";     // anything unreadable is D: a refusal, never a leak
    std::string contacts_view = "D";
    std::vector<AmoStageRight> stage_rights;   // entity_type "leads" only
};
Result<AmoRights> read_rights(const nlohmann::json& user, const std::string& operation);

// A list page's _embedded.<key> array; crm_bad_response when it is missing or not an array.
Result<std::vector<nlohmann::json>> embedded_list(const nlohmann::json& page, const char* key,
                                                  const std::string& operation);

// The page says there is another after it (_links.next).
bool has_next_page(const nlohmann::json& page);

// A positive amoCRM id as text ("12345"), from a JSON number or a string of digits; "" otherwise.
std::string amo_id(const nlohmann::json& value);

// True for what may go into a path: 1 to 18 digits (amoCRM ids are 64-bit integers).
bool is_amo_id(const std::string& id);

} // namespace gd
