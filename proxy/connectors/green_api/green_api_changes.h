#pragma once
// One person's add, remove, promote or demote. Green-API changes one person per call (POST
// {"groupId","participantChatId"}) and answers with one boolean (research §1.5):
//   addGroupParticipant    {"addParticipant": bool}     false, HTTP 200, for any of: we are not an
//       admin, the person is not in the phone's contacts, they are already a member (GA
//       AddGroupParticipant, "Why is the request response false?"), or, as WhatsApp itself answers
//       everywhere else, their privacy settings forbid it. No reason comes with it: `unknown`.
//   removeGroupParticipant {"removeParticipant": bool}  false, HTTP 200, for exactly two documented
//       reasons: an incorrect participantChatId, or the number is not a participant. We send only
//       well-formed ids of numbers the group listed, so both mean the same: `not_a_member`.
//   setGroupAdmin          {"setGroupAdmin": bool}      HTTP 200 "failed to set group admin" (a
//       wrong groupId, our number is not an admin, or they are already one: `unknown`) or
//       "participant not found" (`not_a_member`); the body then reads
//       {"setGroupAdmin": false, "error": "participant not found"}.
//   removeAdmin            {"removeAdmin": bool}        the WhatsApp page documents no reason
//       (`unknown`); the same method for MAX answers {"removeAdmin": false, "error": "participant
//       not found"}, which is read as `not_a_member` wherever it appears.
// Words that say our number lacks the rights ("you have to be group admin", "no permission")
// give `not_admin` for every action.
#include "shared/types.h"

#include <optional>
#include <string>

namespace gd::green {

const char* method_of(ParticipantAction action);   // "addGroupParticipant", ...
const char* flag_of(ParticipantAction action);     // "addParticipant", ...

// The person's outcome from an answer's body; nullopt when the body is not one of the answers
// above (then the HTTP status decides what went wrong). Never `done` without the flag saying true.
std::optional<ChangeOutcome> read_change(const std::string& body, ParticipantAction action);

// The outcome of a refusal (flag false) with Green-API's words, "" when it gave none.
ChangeOutcome outcome_of_refusal(ParticipantAction action, const std::string& words);

} // namespace gd::green
