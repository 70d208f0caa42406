#pragma once
// Groups, their members and their invite links as Evolution API v2 hands them over (EVO source,
// src/api/integrations/channel/whatsapp/whatsapp.baileys.service.ts):
//   GET /group/fetchAllGroups/{inst}?getParticipants=true
//       [{"id","subject","size","isCommunity","linkedParent",...,"participants":[...]}]
//   GET /group/findGroupInfos/{inst}?groupJid=   one such object
//   GET /group/participants/{inst}?groupJid=     {"participants":[...]}, each also with the
//       "name" Evolution's contact store knows (pushName) and "imgUrl"
// A participant is Baileys' GroupParticipant: {"id", "phoneNumber"?, "lid"?, "admin": null |
// "admin" | "superadmin"}. In a group addressed by privacy ids, "id" is "...@lid" and
// "phoneNumber" the phone jid beside it (Baileys 7 extractGroupMetadata); some Baileys forks also
// give "jid" (the phone when known).
//
// Whether our number is an admin: Evolution has no field for it, so fetchAllGroups is asked WITH
// participants and our own entry is looked for, by the phone of the instance's ownerJid (see
// evolution_instance.h). getParticipants=true costs WhatsApp nothing more: Evolution reads every
// group with one groupFetchAllParticipating query either way and only drops the lists afterwards.
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gd::evolution {

// Every group in fetchAllGroups' list, in its order, except community parents (isCommunity: a
// community is not a chat; WhatsApp refuses adds to it, EVO issue #2616, and its members join
// through its groups). gateway_bad_response when the answer is not a list.
Result<std::vector<Group>> read_groups(const nlohmann::json& body, const std::string& my_phone);

// One group object (fetchAllGroups entry or findGroupInfos answer); nullopt when it has no id.
std::optional<Group> read_group(const nlohmann::json& group, const std::string& my_phone);

// Members from /group/participants ({"participants":[...]}) or a bare list of participants.
Result<std::vector<Participant>> read_members(const nlohmann::json& body);

// The group's count and our admin status, from its members. my_phone is E.164 ("" = unknown:
// then we are an admin nowhere, which only ever withholds writes, never allows a wrong one).
void describe_members(Group& group, const std::vector<Participant>& members, const std::string& my_phone);

// GET /group/inviteCode: {"inviteUrl":"https://chat.whatsapp.com/<code>","inviteCode":"<code>"};
// POST /group/revokeInviteCode: {"revoked":true,"inviteCode":"<new code>"}.
Result<InviteLink> read_invite_link(const nlohmann::json& body, const std::string& operation);

} // namespace gd::evolution
