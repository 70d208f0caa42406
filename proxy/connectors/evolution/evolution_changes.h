#pragma once
// What happened to each person after POST /group/updateParticipant/{inst}?groupJid=
// {"action":"add"|"remove"|"promote"|"demote","participants":["79161234567",...]}.
//
// Evolution answers 201 with Baileys' groupParticipantsUpdate list unchanged (EVO
// updateGParticipant):
//   {"updateParticipants":[
//      {"status":"200","jid":"79161234567@s.whatsapp.net","content":{...}},
//      {"status":"403","jid":"79035550000@s.whatsapp.net","content":{"tag":"participant",
//         "attrs":{"jid":"...","error":"403"},
//         "content":[{"tag":"add_request","attrs":{"code":"cV0o...","expiration":"1759028118"}}]}}]}
// `status` is the participant node's `error` attribute, or "200" when it has none (BAI
// src/Socket/groups.ts). In a group addressed by privacy ids the jid is "...@lid" and the phone is
// the node's `phone_number` attribute (EVO issue #2541). An HTTP 201 says nothing about any one
// person: only these entries do.
//
// Refusals of the whole request are thrown by Baileys and come back as HTTP 400 "Error updating
// participants" (see evolution_answers.h), never as entries here.
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gd::evolution {

// One ParticipantChange per asked phone (E.164), in the asked order. Entries are matched by phone
// (as asked, or as Evolution rewrote it: evolution_ids.h); an entry naming nobody we can read is
// taken by position only when the answer lines up one to one. A person the answer does not
// mention gets `unknown`, never `done`.
std::vector<ParticipantChange> read_participant_updates(const nlohmann::json& body, ParticipantAction action,
                                                        const std::vector<std::string>& phones);

} // namespace gd::evolution
