#include "proxy/connectors/amocrm/amo_records.h"

#include <algorithm>
#include <cctype>

namespace gd {

namespace {

const nlohmann::json* member(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string text_at(const nlohmann::json& object, const char* key) {
    const nlohmann::json* value = member(object, key);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

bool flag_at(const nlohmann::json& object, const char* key, bool otherwise) {
    const nlohmann::json* value = member(object, key);
    return value && value->is_boolean() ? value->get<bool>() : otherwise;
}

std::string id_at(const nlohmann::json& object, const char* key) {
    const nlohmann::json* value = member(object, key);
    return value ? amo_id(*value) : std::string();
}

// A group id: 0 (or null) is the account's main group, "Отдел продаж" (research §2.2).
std::string group_id_at(const nlohmann::json& object, const char* key) {
    const nlohmann::json* value = member(object, key);
    if (!value || (value->is_number_integer() && value->get<int64_t>() == 0)) return "0";
    return amo_id(*value);
}

Error unreadable(const std::string& operation, const std::string& what) {
    return {ErrorCode::crm_bad_response, operation + ": amoCRM's answer has " + what};
}

// A phone as stored: usually a string; a number when written through some integrations.
std::string phone_text(const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
    return {};
}

} // namespace

bool is_amo_id(const std::string& id) {
    return !id.empty() && id.size() <= 18 && std::all_of(id.begin(), id.end(), ::isdigit) && id != std::string(id.size(), '0');
}

std::string amo_id(const nlohmann::json& value) {
    if (value.is_number_unsigned() || (value.is_number_integer() && value.get<int64_t>() > 0))
        return value.is_number_unsigned() ? std::to_string(value.get<uint64_t>()) : std::to_string(value.get<int64_t>());
    if (value.is_string() && is_amo_id(value.get<std::string>())) return value.get<std::string>();
    return {};
}

Result<std::vector<nlohmann::json>> embedded_list(const nlohmann::json& page, const char* key,
                                                  const std::string& operation) {
    const nlohmann::json* embedded = member(page, "_embedded");
    const nlohmann::json* list = embedded ? member(*embedded, key) : nullptr;
    if (!list || !list->is_array()) return unreadable(operation, std::string("no _embedded.") + key + " list");
    return list->get<std::vector<nlohmann::json>>();
}

bool has_next_page(const nlohmann::json& page) {
    const nlohmann::json* links = member(page, "_links");
    return links && member(*links, "next") != nullptr;
}

Result<AmoLead> read_lead(const nlohmann::json& lead, const std::string& operation) {
    AmoLead out;
    out.id = id_at(lead, "id");
    if (out.id.empty()) return unreadable(operation, "a lead without an id");
    out.name = text_at(lead, "name");
    out.responsible_user_id = id_at(lead, "responsible_user_id");
    out.pipeline_id = id_at(lead, "pipeline_id");
    out.status_id = id_at(lead, "status_id");

    const nlohmann::json* embedded = member(lead, "_embedded");
    const nlohmann::json* contacts = embedded ? member(*embedded, "contacts") : nullptr;
    if (!contacts) return out;   // no with=contacts, or no contacts linked
    if (!contacts->is_array()) return unreadable(operation, "a lead whose contacts are not a list");
    std::vector<std::pair<bool, std::string>> linked;   // (is_main, id)
    for (const nlohmann::json& contact : *contacts) {
        std::string id = id_at(contact, "id");
        if (id.empty()) return unreadable(operation, "a lead's contact without an id");
        linked.emplace_back(flag_at(contact, "is_main", false), id);
    }
    std::stable_sort(linked.begin(), linked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [is_main, id] : linked) out.contact_ids.push_back(id);
    return out;
}

Result<CrmContact> read_contact(const nlohmann::json& contact, const std::string& operation) {
    CrmContact out;
    out.id = id_at(contact, "id");
    if (out.id.empty()) return unreadable(operation, "a contact without an id");
    out.name = text_at(contact, "name");
    if (out.name.empty()) {
        std::string first = text_at(contact, "first_name"), last = text_at(contact, "last_name");
        out.name = first.empty() || last.empty() ? first + last : first + " " + last;
    }
    const nlohmann::json* fields = member(contact, "custom_fields_values");   // null when none is filled in
    if (!fields || !fields->is_array()) return out;
    for (const nlohmann::json& field : *fields) {
        if (text_at(field, "field_code") != "PHONE") continue;
        const nlohmann::json* values = member(field, "values");
        if (!values || !values->is_array()) continue;
        for (const nlohmann::json& value : *values) {
            const nlohmann::json* phone = member(value, "value");
            std::string text = phone ? phone_text(*phone) : std::string();
            if (!text.empty()) out.phones.push_back(text);
        }
    }
    return out;
}

Result<CrmUser> read_user(const nlohmann::json& user, const std::string& operation) {
    CrmUser out;
    out.id = id_at(user, "id");
    if (out.id.empty()) return unreadable(operation, "a user without an id");
    out.name = text_at(user, "name");
    out.email = text_at(user, "email");
    const nlohmann::json* rights = member(user, "rights");
    out.is_admin = rights ? flag_at(*rights, "is_admin", false) : false;
    out.active = rights ? flag_at(*rights, "is_active", true) : true;
    out.is_free = rights ? flag_at(*rights, "is_free", false) : false;
    out.group_id = rights ? group_id_at(*rights, "group_id") : "0";
    out.role_id = rights ? id_at(*rights, "role_id") : std::string();
    const nlohmann::json* embedded = member(user, "_embedded");
    const nlohmann::json* groups = embedded ? member(*embedded, "groups") : nullptr;
    if (groups && groups->is_array() && !groups->empty()) out.group = text_at((*groups)[0], "name");
    const nlohmann::json* roles = embedded ? member(*embedded, "roles") : nullptr;
    if (roles && roles->is_array() && !roles->empty()) out.role = text_at((*roles)[0], "name");
    return out;
}

Result<CrmGroup> read_group(const nlohmann::json& group, const std::string& operation) {
    const nlohmann::json* id = member(group, "id");
    CrmGroup out{id && id->is_number_integer() && id->get<int64_t>() == 0 ? "0" : id_at(group, "id"), text_at(group, "name")};
    if (out.id.empty()) return unreadable(operation, "a group or role without an id");
    return out;
}

Result<AmoOwnedRecord> read_owned_record(const nlohmann::json& record, const std::string& operation) {
    AmoOwnedRecord out;
    out.id = id_at(record, "id");
    if (out.id.empty()) return unreadable(operation, "a record without an id");
    out.number = std::stoll(out.id);   // 1 to 18 digits: fits
    out.responsible_user_id = id_at(record, "responsible_user_id");
    return out;
}

namespace {

// A view right: one of A, G, M, D; anything else reads as D.
std::string view_right(const nlohmann::json* rights) {
    const std::string view = rights ? text_at(*rights, "view") : std::string();
    return view == "A" || view == "G" || view == "M" ? view : "D";
}

} // namespace

Result<AmoRights> read_rights(const nlohmann::json& user, const std::string& operation) {
    AmoRights out;
    out.user_id = id_at(user, "id");
    if (out.user_id.empty()) return unreadable(operation, "a user without an id");
    const nlohmann::json* rights = member(user, "rights");
    if (!rights) return out;   // no rights at all: sees nothing
    out.is_admin = flag_at(*rights, "is_admin", false);
    // Users outside any group of their own are in the account's main group, whose id is 0 and
    // whose users amoCRM lists with group_id null.
    const nlohmann::json* group = member(*rights, "group_id");
    out.group_id = !group ? "0" : group->is_number_integer() && group->get<int64_t>() >= 0 ? std::to_string(group->get<int64_t>())
                                                                                          : amo_id(*group);
    out.leads_view = view_right(member(*rights, "leads"));
    out.contacts_view = view_right(member(*rights, "contacts"));
    const nlohmann::json* stages = member(*rights, "status_rights");   // null on many accounts (research §2.1)
    if (stages && stages->is_array())
        for (const nlohmann::json& stage : *stages)
            if (text_at(stage, "entity_type") == "leads")
                out.stage_rights.push_back(
                    {id_at(stage, "pipeline_id"), id_at(stage, "status_id"), view_right(member(stage, "rights"))});
    return out;
}

} // namespace gd
