#include "web/state/start_context.h"

#include "web/state/admin_screens.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <string_view>

namespace gd {

namespace {

std::string text_at(const nlohmann::json& j, const char* key, size_t max_bytes) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    std::string text = it->get<std::string>();
    return text.size() <= max_bytes ? text : std::string{};
}

// A WhatsApp group id as the gateways write it ("120363...@g.us"): anything else is no choice.
bool looks_like_group_id(const std::string& id) {
    if (id.empty()) return false;
    for (char ch : id)
        if (!std::isalnum((unsigned char)ch) && ch != '@' && ch != '.' && ch != '-' && ch != '_') return false;
    return true;
}

} // namespace

StartContext read_start_context(const std::string& json) {
    StartContext start;
    nlohmann::json j = nlohmann::json::parse(std::string_view(json), nullptr, /*allow_exceptions=*/false);   // one parser: api_decode.h
    if (!j.is_object()) return start;
    start.session_token = text_at(j, "session", 256);
    start.entity = text_at(j, "entity", 80);
    start.lang = Lang::ru;
    for (const char* key : {"lang", "crm_lang"}) {   // the URL's explicit choice first
        const std::string code = text_at(j, key, 8);
        if (code != "ru" && code != "en") continue;
        start.lang = code == "en" ? Lang::en : Lang::ru;
        break;
    }
    // The panel the CRM gives us; a view we do not know draws the whole widget.
    start.compact = text_at(j, "view", 16) == "compact";
    const std::string group = text_at(j, "group", 128);
    if (looks_like_group_id(group)) start.group_id = group;
    start.screen = admin_screen_named(text_at(j, "screen", 16));
    return start;
}

} // namespace gd
