#include "proxy/connectors/amocrm/amo_validation.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace gd {

namespace {

std::string text_of(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
    return {};
}

std::string lowercase_ascii(std::string text) {
    for (char& c : text) c = (char)std::tolower((unsigned char)c);
    return text;
}

} // namespace

std::vector<AmoFieldComplaint> amo_field_complaints(const std::string& body) {
    std::vector<AmoFieldComplaint> found;
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return found;
    auto list = j.find("validation-errors");
    if (list == j.end() || !list->is_array()) return found;
    for (const nlohmann::json& item : *list) {
        if (!item.is_object()) continue;
        const std::string request_id = text_of(item, "request_id");
        auto errors = item.find("errors");
        if (errors == item.end() || !errors->is_array()) continue;
        for (const nlohmann::json& e : *errors)
            if (e.is_object()) found.push_back({request_id, text_of(e, "code"), text_of(e, "path"), text_of(e, "detail")});
    }
    return found;
}

std::string new_user_field(const std::string& path) {
    for (size_t start = 0;;) {
        const size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const bool index = !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit);   // the item's
        if (part == "name" || part == "email" || part == "password" || part == "group_id" || part == "role_id")
            return part;
        // rights.group_id and rights.role_id are the same choices as group_id and role_id
        if ((!index && part != "rights") || dot == std::string::npos) return {};
        start = dot + 1;
    }
}

bool says_email_taken(const AmoFieldComplaint& complaint) {
    const std::string code = lowercase_ascii(complaint.code);
    const std::string detail = lowercase_ascii(complaint.detail);   // Cyrillic bytes pass through as they are
    for (const char* word : {"exist", "unique", "taken", "already", "used", "registered"})
        if (code.find(word) != std::string::npos || detail.find(word) != std::string::npos) return true;
    for (const char* word : {"уже", "Уже", "существ", "занят", "зарегистрир"})
        if (complaint.detail.find(word) != std::string::npos) return true;
    return false;
}

} // namespace gd
