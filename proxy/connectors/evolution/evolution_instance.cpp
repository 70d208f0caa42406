#include "proxy/connectors/evolution/evolution_instance.h"

#include "proxy/connectors/evolution/evolution_ids.h"

namespace gd::evolution {

namespace {

using nlohmann::json;

std::string string_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

} // namespace

Result<std::string> read_state(const json& body) {
    auto instance = body.is_object() ? body.find("instance") : body.end();
    if (!body.is_object() || instance == body.end() || !instance->is_object())
        return Error{ErrorCode::gateway_bad_response, "connectionState: no instance in Evolution's answer"};
    return string_at(*instance, "state");
}

ConnectionStatus connection_status_of(const std::string& state) {
    if (state == "open") return ConnectionStatus::connected;
    if (state == "connecting") return ConnectionStatus::starting;
    return ConnectionStatus::logged_out;
}

std::string state_advice(const std::string& state) {
    if (state == "open") return {};
    if (state == "connecting") return "Evolution is connecting the instance: wait a minute, or scan its QR code if it asks";
    if (state == "close") return "the instance is not connected: connect it in Evolution's manager and scan the QR code";
    if (state == "refused")
        return "the instance stopped offering QR codes (limit reached): connect it again in Evolution's manager";
    if (state.empty()) return "Evolution has not loaded the instance: restart it in Evolution's manager";
    return "the instance is " + state;
}

std::string read_owner_phone(const json& body, const std::string& instance) {
    const json rows = body.is_array() ? body : json::array({body});
    for (const json& row : rows) {
        if (!row.is_object()) continue;
        if (row.contains("instance") && row["instance"].is_object()) {   // v1
            const json& v1 = row["instance"];
            if (string_at(v1, "instanceName") == instance) return phone_of_id(string_at(v1, "owner"));
            continue;
        }
        if (string_at(row, "name") == instance) return phone_of_id(string_at(row, "ownerJid"));
    }
    return {};
}

} // namespace gd::evolution
