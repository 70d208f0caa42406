#pragma once
// The rules a new CRM user must meet, checked by the widget as the admin types and again by the
// proxy before the CRM is asked: «Имя Фамилия» (two words, no patronymic), an e-mail as the login,
// and a password the CRM accepts (amoCRM: at least 6 characters with a digit, a lower-case and an
// upper-case letter, https://www.amocrm.ru/developers/content/crm_platform/users-api).
#include "shared/i18n.h"
#include "shared/types.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gd {

struct FieldProblem {
    std::string field;   // "name", "email", "password", "group_id"
    Text message;
};

// Every problem of the new user under this CRM's rules; empty when it may be sent. An existing
// account (NewUser::existing_account) is checked for its e-mail and group only.
std::vector<FieldProblem> check_new_user(const NewUser& user, const CrmAdminAbilities& rules);

// "Иван Петров" -> first and last; false (and a message) unless it is exactly two words.
bool split_full_name(const std::string& full_name, std::string& first, std::string& last, Text* problem = nullptr);

// A password every CRM's rules accept: `length` characters (at least 12) with digits, lower- and
// upper-case letters and a sign, none that read alike (0/O, 1/l/I). `random` gives uniform 32-bit
// values from a cryptographic source (the browser's crypto.getRandomValues, the OS).
std::string generate_password(const std::function<uint32_t()>& random, int length = 14);

} // namespace gd
