#include "web/state/start_context.h"

#include <nlohmann/json.hpp>

namespace gd {

namespace {

std::string text_at(const nlohmann::json& j, const char* key, size_t max_bytes) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    std::string text = it->get<std::string>();
    return text.size() <= max_bytes ? text : std::string{};
}

} // namespace

StartContext read_start_context(const std::string& json) {
    StartContext start;
    nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
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
    return start;
}

} // namespace gd
