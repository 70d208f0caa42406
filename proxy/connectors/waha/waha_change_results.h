#pragma once
// What happened to each person after POST .../participants/add|remove or .../admin/promote|demote.
// WAHA returns the engine's raw answer (research/whatsapp-gateways.md §2.5), one entry per person:
//   NOWEB  [{"status":"403","jid":"79161234567@s.whatsapp.net","content":{...add_request...}}]
//          (Baileys groupParticipantsUpdate: status is the WhatsApp code as a string)
//   WEBJS  {"79161234567@c.us":{"code":403,"message":"...","isInviteV4Sent":true}}
//          (whatsapp-web.js GroupChat.addParticipants), or a bare string such as
//          "You have no admin rights"; remove/promote/demote may answer {"status":200} for all
//   GOWS   [{"JID":"...@lid","PhoneNumber":"79161234567@s.whatsapp.net","Error":403,"AddRequest":{...}}]
//          (whatsmeow; Error 0 or absent = done; WAHA issue #2002)
// An HTTP 200 says nothing about any one person: only these entries do.
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gd {

// One ParticipantChange per asked phone (E.164), in the asked order. A person the answer does not
// mention gets `unknown`; never `done` by default.
std::vector<ParticipantChange> read_change_results(const nlohmann::json& body, ParticipantAction action,
                                                   const std::vector<std::string>& phones);

} // namespace gd
