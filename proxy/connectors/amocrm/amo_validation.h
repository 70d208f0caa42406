#pragma once
// amoCRM's 400 "validation-errors": one entry per refused item of a batch, keyed by request_id
// (the item's position in the batch unless the request named it), each with the fields it
// refuses (https://www.amocrm.ru/developers/content/crm_platform/error-codes):
//   {"validation-errors":[{"request_id":"0","errors":[{"code":"NotSupportedChoice",
//     "path":"custom_fields_values.0.field_id","detail":"The value you selected is not a valid choice."}]}],
//    "title":"Bad Request","type":"https://httpstatus.es/400","status":400,"detail":"Request validation failed"}
#include <string>
#include <vector>

namespace gd {

struct AmoFieldComplaint {
    std::string request_id;
    std::string code;
    std::string path;     // "email", "rights.group_id", "0.name": as amoCRM wrote it
    std::string detail;
};

// Every complaint of the body, in order; empty when the body holds none (or is not JSON).
std::vector<AmoFieldComplaint> amo_field_complaints(const std::string& body);

// The field of a new user a path concerns, in GroupDesk's names ("name", "email", "password",
// "group_id", "role_id"); "" for anything else. A leading item index ("0.email") is skipped.
std::string new_user_field(const std::string& path);

// The complaint says the e-mail is already taken (by a user here or an account elsewhere), not
// that it is malformed. amoCRM documents no code for it, so the code and the words decide.
bool says_email_taken(const AmoFieldComplaint& complaint);

} // namespace gd
