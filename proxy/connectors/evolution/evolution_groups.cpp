#include "proxy/connectors/evolution/evolution_groups.h"

#include "proxy/connectors/evolution/evolution_ids.h"


namespace gd::evolution {

namespace {

using nlohmann::json;

std::string string_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool flag(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

ParticipantRole role_of(const json& p) {
    const std::string admin = string_at(p, "admin");
    if (admin == "superadmin") return ParticipantRole::owner;
    if (admin == "admin") return ParticipantRole::admin;
    return ParticipantRole::member;
}

std::optional<Participant> read_participant(const json& p) {
    if (!p.is_object()) return std::nullopt;
    Participant person;
    person.id = string_at(p, "id");
    if (person.id.empty()) return std::nullopt;
    // The id itself when it is a phone jid; else the phone Baileys read beside an @lid id.
    for (const char* key : {"id", "phoneNumber", "jid"}) {
        person.phone = phone_of_id(string_at(p, key));
        if (!person.phone.empty()) break;
    }
    person.name = string_at(p, "name");
    person.role = role_of(p);
    return person;
}

std::vector<Participant> read_list(const json& list) {
    std::vector<Participant> members;
    for (const json& p : list)
        if (std::optional<Participant> person = read_participant(p)) members.push_back(std::move(*person));
    return members;
}

} // namespace

void describe_members(Group& group, const std::vector<Participant>& members, const std::string& my_phone) {
    group.participant_count = (int)members.size();
    group.we_are_admin = false;
    if (my_phone.empty()) return;
    for (const Participant& person : members)
        if (person.phone == my_phone && person.role != ParticipantRole::member) group.we_are_admin = true;
}

std::optional<Group> read_group(const json& j, const std::string& my_phone) {
    if (!j.is_object()) return std::nullopt;
    Group group;
    group.id = string_at(j, "id");
    if (group.id.empty()) return std::nullopt;
    group.name = string_at(j, "subject");
    auto participants = j.find("participants");
    if (participants != j.end() && participants->is_array()) {
        describe_members(group, read_list(*participants), my_phone);
    } else if (j.contains("size") && j["size"].is_number_integer()) {
        group.participant_count = j["size"].get<int>();   // listed without members: admin status unknown
    }
    return group;
}

Result<std::vector<Group>> read_groups(const json& body, const std::string& my_phone) {
    if (!body.is_array()) return Error{ErrorCode::gateway_bad_response, "fetchAllGroups: Evolution's answer is not a list"};
    std::vector<Group> groups;
    for (const json& entry : body) {
        if (entry.is_object() && flag(entry, "isCommunity")) continue;
        if (std::optional<Group> group = read_group(entry, my_phone)) groups.push_back(std::move(*group));
    }
    return groups;
}

Result<std::vector<Participant>> read_members(const json& body) {
    const json* list = &body;
    if (body.is_object() && body.contains("participants")) list = &body["participants"];
    if (!list->is_array())
        return Error{ErrorCode::gateway_bad_response, "findParticipants: Evolution's answer has no list of participants"};
    return read_list(*list);
}

Result<InviteLink> read_invite_link(const json& body, const std::string& operation) {
    std::string code = body.is_object() ? string_at(body, "inviteCode") : std::string{};
    if (code.empty() && body.is_object()) code = string_at(body, "inviteUrl");
    // Evolution's own schema says inviteCode is [a-zA-Z0-9]{22}.
    std::optional<InviteLink> link = invite_link_from_code(code);
    if (!link) return Error{ErrorCode::gateway_bad_response, operation + ": Evolution's answer has no invite code"};
    return *link;
}

} // namespace gd::evolution
