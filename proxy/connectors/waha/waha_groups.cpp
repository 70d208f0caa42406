#include "proxy/connectors/waha/waha_groups.h"

#include "proxy/connectors/waha/waha_ids.h"

namespace gd {

namespace {

using nlohmann::json;

// A WAHA id: a string, or whatsapp-web.js's {"_serialized": "..."}.
std::string id_text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_object() && value.contains("_serialized") && value["_serialized"].is_string())
        return value["_serialized"].get<std::string>();
    return {};
}

// The first of these keys that holds an id or a string.
std::string first_text(const json& j, std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        auto it = j.find(key);
        if (it == j.end()) continue;
        std::string text = id_text(*it);
        if (!text.empty()) return text;
    }
    return {};
}

bool flag(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

// nullopt: the person left (v2 role "left"); they are listed but no longer a member.
std::optional<ParticipantRole> role_of(const json& p) {
    auto role = p.find("role");   // v2
    if (role != p.end() && role->is_string()) {
        const std::string r = role->get<std::string>();
        if (r == "left") return std::nullopt;
        if (r == "superadmin") return ParticipantRole::owner;
        if (r == "admin") return ParticipantRole::admin;
        return ParticipantRole::member;
    }
    auto admin = p.find("admin");   // Baileys
    if (admin != p.end() && admin->is_string()) {
        if (admin->get<std::string>() == "superadmin") return ParticipantRole::owner;
        if (admin->get<std::string>() == "admin") return ParticipantRole::admin;
    }
    if (flag(p, "isSuperAdmin") || flag(p, "IsSuperAdmin")) return ParticipantRole::owner;   // whatsapp-web.js, whatsmeow
    if (flag(p, "isAdmin") || flag(p, "IsAdmin")) return ParticipantRole::admin;
    return ParticipantRole::member;
}

std::optional<Participant> read_participant(const json& p) {
    if (p.is_string()) {   // some engines list bare ids
        Participant person{cus_form(p.get<std::string>()), phone_of_id(p.get<std::string>()), "", ParticipantRole::member};
        if (person.id.empty()) return std::nullopt;
        return person;
    }
    if (!p.is_object()) return std::nullopt;
    std::optional<ParticipantRole> role = role_of(p);
    if (!role) return std::nullopt;
    Participant person;
    person.id = cus_form(first_text(p, {"id", "JID"}));
    if (person.id.empty()) return std::nullopt;
    // An @lid id hides the phone; the engine may still tell it beside: "pn" (v2), "phoneNumber"
    // (Baileys), "PhoneNumber" (whatsmeow).
    std::string pn = first_text(p, {"pn", "phoneNumber", "PhoneNumber"});
    person.phone = phone_of_id(pn.empty() ? person.id : pn);
    if (person.phone.empty()) person.phone = phone_of_id(person.id);
    person.name = first_text(p, {"name", "DisplayName", "pushName"});
    person.role = *role;
    return person;
}

const json* members_of(const json& group) {
    for (const char* key : {"participants", "Participants"}) {
        auto it = group.find(key);
        if (it != group.end() && it->is_array()) return &*it;
    }
    auto meta = group.find("groupMetadata");   // whatsapp-web.js keeps them here
    if (meta != group.end() && meta->is_object()) {
        auto it = meta->find("participants");
        if (it != meta->end() && it->is_array()) return &*it;
    }
    return nullptr;
}

bool is_me(const Participant& person, const WahaMe& me) {
    if (!me.id.empty() && person.id == me.id) return true;
    if (!me.lid.empty() && person.id == me.lid) return true;
    std::string my_phone = phone_of_id(me.id);
    return !my_phone.empty() && person.phone == my_phone;
}

} // namespace

void describe_members(Group& group, const std::vector<Participant>& members, const WahaMe& me) {
    group.participant_count = (int)members.size();
    group.we_are_admin = false;
    for (const Participant& person : members)
        if (is_me(person, me) && person.role != ParticipantRole::member) group.we_are_admin = true;
}

Result<std::vector<Participant>> read_participants(const json& body) {
    if (!body.is_array()) return Error{ErrorCode::gateway_bad_response, "getParticipants: WAHA's answer is not a list"};
    std::vector<Participant> members;
    for (const json& p : body)
        if (std::optional<Participant> person = read_participant(p)) members.push_back(std::move(*person));
    return members;
}

std::optional<Group> read_group(const json& j, const WahaMe& me) {
    if (!j.is_object()) return std::nullopt;
    Group group;
    group.id = first_text(j, {"id", "JID"});
    if (group.id.empty()) return std::nullopt;
    group.name = first_text(j, {"subject", "name", "Name"});
    if (const json* list = members_of(j)) {
        std::vector<Participant> members;
        for (const json& p : *list)
            if (std::optional<Participant> person = read_participant(p)) members.push_back(std::move(*person));
        describe_members(group, members, me);
    } else if (j.contains("size") && j["size"].is_number_integer()) {
        group.participant_count = j["size"].get<int>();   // listed without members: admin status unknown
    }
    return group;
}

Result<std::vector<Group>> read_groups(const json& body, const WahaMe& me) {
    if (!body.is_array() && !body.is_object())
        return Error{ErrorCode::gateway_bad_response, "getGroups: WAHA's answer is neither a list nor an object"};
    std::vector<Group> groups;
    for (const json& entry : body)   // iterates array elements or object values alike
        if (std::optional<Group> group = read_group(entry, me)) groups.push_back(std::move(*group));
    return groups;
}

} // namespace gd
