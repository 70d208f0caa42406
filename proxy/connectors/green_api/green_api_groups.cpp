#include "proxy/connectors/green_api/green_api_groups.h"

#include "proxy/connectors/green_api/green_api_answers.h"
#include "proxy/connectors/upstream/ascii_text.h"
#include "proxy/connectors/upstream/whatsapp_ids.h"
#include "shared/validation.h"

#include <algorithm>
#include <cctype>

namespace gd::green {

namespace {

using nlohmann::json;

std::string string_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool flag_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

ParticipantRole role_of(const json& p, const std::string& id, const std::string& owner) {
    if (flag_at(p, "isSuperAdmin") || (!owner.empty() && id == owner)) return ParticipantRole::owner;
    if (flag_at(p, "isAdmin")) return ParticipantRole::admin;
    return ParticipantRole::member;
}

// Invite codes are 22 characters of base64url-like text today; allow room either way.
} // namespace

Result<std::vector<ChatGroup>> read_chat_groups(const json& body) {
    if (!body.is_array()) return Error{ErrorCode::gateway_bad_response, "getChats: Green-API's answer is not a list"};
    std::vector<ChatGroup> groups;
    for (const json& chat : body) {
        if (!chat.is_object() || string_at(chat, "type") != "group") continue;
        ChatGroup group{string_at(chat, "id"), string_at(chat, "name")};
        if (is_valid_group_id(group.id)) groups.push_back(std::move(group));
    }
    return groups;
}

Result<GroupData> read_group_data(const json& body, const std::string& group_id, const std::string& my_phone) {
    auto list = body.is_object() ? body.find("participants") : body.end();
    if (!body.is_object() || list == body.end() || !list->is_array())
        return Error{ErrorCode::gateway_bad_response, "getGroupData: no participants in Green-API's answer"};

    GroupData data;
    data.invite_link = string_at(body, "groupInviteLink");
    data.group.id = group_id;
    data.group.name = string_at(body, "subject");
    const std::string owner = string_at(body, "owner");
    bool me_admin = false;
    for (const json& p : *list) {
        if (!p.is_object()) continue;
        Participant person;
        person.id = string_at(p, "id");
        if (person.id.empty()) continue;
        person.phone = phone_of_id(person.id);   // "" for an @lid id: no phone beside it in the docs
        person.role = role_of(p, person.id, owner);
        if (!my_phone.empty() && person.phone == my_phone && person.role != ParticipantRole::member) me_admin = true;
        data.participants.push_back(std::move(person));
    }
    // "size" is WhatsApp's own count; Green-API's forum tracks participant lists that miss people.
    auto size = body.find("size");
    int count = (int)data.participants.size();
    if (size != body.end() && size->is_number_integer()) count = std::max(count, size->get<int>());
    data.group.participant_count = count;
    data.group.we_are_admin = me_admin || !data.invite_link.empty();
    return data;
}

bool says_group_is_unknown(const std::string& body) {
    const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() || j.is_array() || is_html(body)) return false;
    return contains_ignoring_case(body, "not found") || contains_ignoring_case(body, "item-not-found") || contains_ignoring_case(body, "forbidden");
}

Result<InviteLink> invite_link_of(const GroupData& data) {
    if (data.invite_link.empty())
        return Error{ErrorCode::not_group_admin, "getGroupData: Green-API gives the invite link to group admins only"};
    std::string_view link = data.invite_link;
    if (link.substr(0, kInviteLinkPrefix.size()) != kInviteLinkPrefix || !is_invite_code(link.substr(kInviteLinkPrefix.size())))
        return Error{ErrorCode::gateway_bad_response, "getGroupData: groupInviteLink is not a chat.whatsapp.com link"};
    return InviteLink{data.invite_link};
}

} // namespace gd::green
