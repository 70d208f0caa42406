#pragma once
// Phones and WhatsApp ids as WAHA writes them. People: "79161234567@c.us" (WAHA's own form),
// "79161234567@s.whatsapp.net" (raw engine answers), "79161234567:12@s.whatsapp.net" (a device),
// or a privacy id "123456789012345@lid" that hides the phone. Groups: "<digits>@g.us".
#include "shared/result.h"

#include <string>
#include <string_view>

namespace gd {

// "+79161234567" -> "79161234567"; invalid_phone for anything that is not E.164.
Result<std::string> digits_of_phone(const std::string& e164);
// "+79161234567" -> "79161234567@c.us"; invalid_phone for anything that is not E.164.
Result<std::string> chat_id_of_phone(const std::string& e164);

// The phone inside a person's id, E.164; "" for @lid ids, groups and anything else.
std::string phone_of_id(std::string_view id);
// "79161234567@s.whatsapp.net" -> "79161234567@c.us"; other ids unchanged.
std::string cus_form(std::string_view id);
bool is_lid(std::string_view id);

} // namespace gd
