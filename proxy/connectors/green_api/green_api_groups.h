#pragma once
// Groups and their members as Green-API hands them over.
//   getChats (GA /en/docs/api/service/GetChats): GET, an array of every chat, most recently active
//     first: {"archive","id","ephemeralExpiration","ephemeralSettingTimestamp","name","type"} with
//     type "user" or "group". No member count, no roles: those come from getGroupData.
//     (getContacts?group=true would list groups too, but Green-API's forum tracks it returning no
//     groups after authorisation, with getChats as the workaround; research §1.2.)
//   getGroupData (GA /en/docs/api/groups/GetGroupData): POST {"groupId"}, answers {"groupId",
//     "owner","subject","size","groupInviteLink","participants":[{"id","lid"?,"isAdmin",
//     "isSuperAdmin"}],...}. groupInviteLink is empty unless our number is an admin or the owner
//     (documented). A participant's id may be an "@lid" privacy id; the docs give no phone field
//     beside it, so such a person has an empty phone.
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gd::green {

struct ChatGroup {
    std::string id;     // "120363041234567890@g.us"
    std::string name;
};

// The groups among getChats' chats, in its order; entries that are not groups with a valid group
// id are skipped. gateway_bad_response when the answer is not a list.
Result<std::vector<ChatGroup>> read_chat_groups(const nlohmann::json& body);

struct GroupData {
    Group group;
    std::vector<Participant> participants;
    std::string invite_link;   // "" when our number is not an admin
};

// One getGroupData answer. `my_phone` (E.164, may be empty when unknown) finds our own entry.
// We are an admin when our entry says so or when Green-API gave us the invite link, which it
// gives admins only: the link still tells when our entry is an @lid id we cannot recognise.
// gateway_bad_response when the answer has no participant list.
Result<GroupData> read_group_data(const nlohmann::json& body, const std::string& group_id, const std::string& my_phone);

// A 2xx getGroupData answer that is not group data but a refusal in words ("Error: item-not-found",
// "forbidden"): Green-API documents none, so any such body for a group is read as group_not_found.
bool says_group_is_unknown(const std::string& body);

// The group's invite link: not_group_admin when Green-API withheld it (our number is not an
// admin), gateway_bad_response when it is not a chat.whatsapp.com link.
Result<InviteLink> invite_link_of(const GroupData& data);

} // namespace gd::green
