#include "proxy/connectors/bitrix24/bitrix24_query.h"

#include "shared/routes.h"

#include <cctype>

namespace gd {

namespace {

void append(std::string& out, const std::string& key, const nlohmann::json& value) {
    if (value.is_object() || value.is_array()) {
        size_t index = 0;
        for (auto it = value.begin(); it != value.end(); ++it, ++index) {
            std::string sub = value.is_object() ? it.key() : std::to_string(index);
            append(out, key + "[" + sub + "]", *it);
        }
        return;
    }
    std::string text;
    if (value.is_string()) text = value.get<std::string>();
    else if (value.is_boolean()) text = value.get<bool>() ? "1" : "0";
    else if (!value.is_null()) text = value.dump();
    if (!out.empty()) out += '&';
    out += routes::url_encode(key) + "=" + routes::url_encode(text);
}

} // namespace

std::string php_query(const nlohmann::json& params) {
    std::string out;
    if (!params.is_object()) return out;
    for (auto it = params.begin(); it != params.end(); ++it) append(out, it.key(), *it);
    return out;
}

} // namespace gd
