#include "proxy/connectors/bitrix24/bitrix24_records.h"

#include <algorithm>

namespace gd {

namespace {

std::string text_at(const nlohmann::json& record, const char* key) {
    auto it = record.find(key);
    if (it == record.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    return {};
}

std::string joined_name(const nlohmann::json& record) {
    std::string name;
    for (const char* part : {"NAME", "LAST_NAME"}) {
        std::string p = text_at(record, part);
        if (p.empty()) continue;
        if (!name.empty()) name += ' ';
        name += p;
    }
    return name;
}

} // namespace

std::string id_text(const nlohmann::json& value) {
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_string()) return value.get<std::string>();
    return {};
}

bool is_bitrix24_id(const std::string& id) {
    return !id.empty() && id.size() <= 18 && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<EntityContext> read_entity(const nlohmann::json& record, const EntityRef& ref) {
    if (!record.is_object() || id_text(record.value("ID", nlohmann::json())).empty())
        return Error{ErrorCode::crm_bad_response, "the portal's answer for the card is not a CRM record"};
    EntityContext ctx;
    ctx.entity = ref;
    // A contact card has no TITLE: its name is what the card shows.
    ctx.title = ref.kind == EntityKind::contact ? joined_name(record) : text_at(record, "TITLE");
    ctx.responsible_user_id = text_at(record, "ASSIGNED_BY_ID");
    return ctx;
}

CrmContact read_person(const nlohmann::json& record) {
    CrmContact person;
    if (!record.is_object()) return person;
    person.id = text_at(record, "ID");
    person.name = joined_name(record);
    auto phones = record.find("PHONE");
    if (phones == record.end() || !phones->is_array()) return person;
    for (const nlohmann::json& phone : *phones) {
        std::string value = phone.is_object() ? text_at(phone, "VALUE") : std::string{};
        if (!value.empty() && std::find(person.phones.begin(), person.phones.end(), value) == person.phones.end())
            person.phones.push_back(value);
    }
    return person;
}

Result<std::vector<std::string>> read_contact_links(const nlohmann::json& items, const std::string& operation) {
    if (!items.is_array()) return Error{ErrorCode::crm_bad_response, operation + ": not a list of contacts"};
    std::vector<std::string> ids;
    for (const nlohmann::json& item : items) {
        std::string id = item.is_object() ? id_text(item.value("CONTACT_ID", nlohmann::json())) : std::string{};
        if (is_bitrix24_id(id) && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
}

Result<CrmUser> read_user(const nlohmann::json& record) {
    if (!record.is_object() || id_text(record.value("ID", nlohmann::json())).empty())
        return Error{ErrorCode::crm_bad_response, "a user in the portal's answer has no ID"};
    CrmUser user;
    user.id = text_at(record, "ID");
    user.name = joined_name(record);
    user.email = text_at(record, "EMAIL");
    if (user.name.empty()) user.name = user.email;
    // user.get writes ACTIVE as true/false; older portals as "Y"/"N".
    auto active = record.find("ACTIVE");
    if (active != record.end()) user.active = active->is_boolean() ? active->get<bool>() : text_at(record, "ACTIVE") != "N";
    // is_admin stays false: user.get has no admin field, and user.admin answers only for the
    // token's own user (§4), so the portal cannot tell us who else is an administrator.
    // group stays empty: UF_DEPARTMENT holds department ids, whose names need department.get.
    return user;
}

} // namespace gd
