#pragma once
// What every WhatsApp gateway shares, because WhatsApp itself decides it: how people and groups are
// named (a person "79161234567@c.us" or "79161234567@s.whatsapp.net", one device of theirs
// "79161234567:12@s.whatsapp.net", a privacy id "123456789012345@lid" that hides the phone; a
// group "<digits>@g.us"), and the per-person codes WhatsApp answers a group change with.
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gd {

// "+79161234567" -> "79161234567"; invalid_phone (detail: the input) for anything not E.164.
Result<std::string> digits_of_phone(const std::string& e164);
// "+79161234567" -> "79161234567@c.us".
Result<std::string> chat_id_of_phone(const std::string& e164);

// The E.164 phone a person's id names: "...@c.us", "...@s.whatsapp.net", a device of either, or
// bare digits; "" for @lid ids, groups and anything else.
std::string phone_of_id(std::string_view id);
bool is_lid(std::string_view id);

// WhatsApp's code for one person ("403" from Baileys, 403 from whatsapp-web.js and whatsmeow);
// nullopt for anything else.
std::optional<int> whatsapp_code_of(const nlohmann::json& value);

// 200 done, 403 privacy (only an invitation works), 408 left recently, 409 already a member,
// 417 community (invite only), 419 full, 401 we are not admin, 429 rate limited. 404 is "not a
// member" for remove/promote/demote (Evolution issue #1239); for an add it is documented nowhere
// we read, so it stays unknown rather than guessed. Anything else: unknown.
ChangeOutcome outcome_of_whatsapp_code(int code, ParticipantAction action);

inline constexpr std::string_view kInviteLinkPrefix = "https://chat.whatsapp.com/";
// Invite codes are about 22 characters of base64url-like text today; allow some room either way.
bool is_invite_code(std::string_view code);
// The group's link from what a gateway answers: the code or the whole link, trailing spaces
// ignored; nullopt when it holds no invite code.
std::optional<InviteLink> invite_link_from_code(std::string_view code_or_link);

} // namespace gd
