#pragma once
// Phone numbers as people write them -> E.164, with Google's libphonenumber. The proxy accepts no
// number it has not normalised: a typo must never reach WhatsApp as somebody else's number.
#include "shared/result.h"

#include <string>
#include <string_view>

namespace gd {

// "8 916 123-45-67" (region "RU") -> "+79161234567". Letters, too few or too many digits, or a
// number that no operator could have, give invalid_phone with the input in the detail.
Result<std::string> normalize_phone(std::string_view written, const std::string& default_region);

// "+79161234567" -> "+7 916 123-45-67": the number as people read it (libphonenumber's
// INTERNATIONAL format, the country's own grouping), sent to the widget next to the E.164. What
// libphonenumber cannot read comes back unchanged, so a phone is always shown somehow.
std::string phone_for_people(const std::string& e164);

// A region code libphonenumber knows ("RU", "KZ", "BY", ...).
bool is_known_region(const std::string& region);

// "+79161234567" -> "79161234567@c.us" and back: the id most gateways use for a person.
std::string chat_id_of(const std::string& e164);

} // namespace gd
