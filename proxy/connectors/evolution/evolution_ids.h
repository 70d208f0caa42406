#pragma once
// Phones, WhatsApp ids and URL pieces as Evolution API v2 writes them. People: "79161234567@s.whatsapp.net"
// (Baileys' own form), "79161234567:12@s.whatsapp.net" (one device), or a privacy id
// "123456789012345@lid" that hides the phone. Groups: "<digits>@g.us".
//
// Evolution takes people as bare digits and builds the jid itself (src/utils/createJid.ts), and on
// the way it rewrites three countries' mobile numbers: Mexico (52) and Argentina (54) lose their
// third digit when the number has 13 digits, Brazil (55) loses the mobile 9 for area codes 31 and
// up when the subscriber number starts with 7-9. WhatsApp then answers with the rewritten jid, so
// answers are matched against both forms.
#include "proxy/connectors/upstream/whatsapp_ids.h"

#include <string>
#include <string_view>

namespace gd::evolution {

// What Evolution's `number`, `numbers` and `participants` fields are sent: the bare digits, so
// Evolution applies its country rules above. Its JSON schemas want at least 10 characters in a
// participant, so a shorter number goes as a full jid, which createJid passes through unchanged
// (none of the country rules touches a number that short).
std::string number_for_evolution(const std::string& digits);

// The digits Evolution's createJid turns these digits into (unchanged for most of the world).
std::string rewritten_by_evolution(const std::string& digits);

} // namespace gd::evolution
