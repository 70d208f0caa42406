#pragma once
// Phones and ids as Green-API writes them (GA "Chat Id", /en/docs/api/chat-id): a person is
// "79161234567@c.us" (the whole international number, no '+'), or a privacy id
// "123456789012345@lid" that hides the number; a group is "<digits>@g.us" or "<digits>-<digits>@g.us".
// getWaSettings names our own number by bare digits ("79161234567").
#include "shared/result.h"

#include <string>
#include <string_view>

namespace gd::green {

// "+79161234567" -> "79161234567"; invalid_phone (detail: the input) for anything not E.164.
Result<std::string> digits_of(const std::string& e164);
// "+79161234567" -> "79161234567@c.us".
Result<std::string> chat_id_of(const std::string& e164);

// The E.164 phone a Green-API id names: "79161234567@c.us", "79161234567@s.whatsapp.net",
// "79161234567:3@s.whatsapp.net" (a device) or bare digits; "" for @lid ids, groups and the rest.
std::string phone_of(std::string_view id);

} // namespace gd::green
