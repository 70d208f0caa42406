#pragma once
// Groups and their members as WAHA hands them over. GET /api/{session}/groups is untyped in the
// spec: each engine returns its own objects (WAHA src/core/engines/...):
//   NOWEB  an object keyed by group id (lodash.keyBy, "for backward compatibility") of Baileys
//          GroupMetadata {id, subject, size, participants:[{id, phoneNumber?, admin:null|"admin"|"superadmin"}]}
//   WEBJS  an array of whatsapp-web.js chats {id:{_serialized}, name,
//          groupMetadata:{participants:[{id:{_serialized}, isAdmin, isSuperAdmin}]}}
//   GOWS   an array of whatsmeow GroupInfo {JID, Name, Participants:[{JID, PhoneNumber, IsAdmin, IsSuperAdmin}]}
// Members: GET .../participants/v2 (WAHA 2026) gives [{id, pn, role:participant|admin|superadmin|left}]
// for every engine; the legacy .../participants gives the engine's own participant objects above.
#include "proxy/connectors/waha/waha_session.h"
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace gd {

// Every group in the answer, in its order (object-keyed or array). gateway_bad_response when the
// answer is neither; entries without an id are skipped.
Result<std::vector<Group>> read_groups(const nlohmann::json& body, const WahaMe& me);

// One group object of any engine (also the answer of GET /api/{session}/groups/{id}).
std::optional<Group> read_group(const nlohmann::json& group, const WahaMe& me);

// Members from either participants endpoint; those who left are not members.
Result<std::vector<Participant>> read_participants(const nlohmann::json& body);

// The group's count and our admin status, from its members.
void describe_members(Group& group, const std::vector<Participant>& members, const WahaMe& me);

} // namespace gd
