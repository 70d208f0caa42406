#include "proxy/connectors/green_api/green_api_state.h"

#include "proxy/connectors/upstream/whatsapp_ids.h"

namespace gd::green {

Result<std::string> read_state(const nlohmann::json& body) {
    if (body.is_null()) return std::string("starting");
    auto it = body.is_object() ? body.find("stateInstance") : body.end();
    if (!body.is_object() || it == body.end() || !it->is_string() || it->get<std::string>().empty())
        return Error{ErrorCode::gateway_bad_response, "getStateInstance: no stateInstance in Green-API's answer"};
    return it->get<std::string>();
}

ConnectionStatus status_of_state(std::string_view state) {
    if (state == "authorized") return ConnectionStatus::connected;
    if (state == "yellowCard") return ConnectionStatus::warned;
    if (state == "blocked") return ConnectionStatus::banned;
    if (state == "starting" || state == "sleepMode") return ConnectionStatus::starting;
    return ConnectionStatus::logged_out;
}

bool number_is_linked(std::string_view state) {
    return state == "authorized" || state == "yellowCard" || state == "sleepMode";
}

std::string state_advice(std::string_view state) {
    if (state == "authorized") return {};
    if (state == "notAuthorized") return "the number is not logged in: scan the QR code in the Green-API console";
    if (state == "starting") return "the instance is starting: wait up to 5 minutes; if it stays so, reboot it in the console";
    if (state == "sleepMode") return "the phone seems switched off: switch it on and wait up to 5 minutes";
    if (state == "yellowCard")
        return "WhatsApp suspended sending for spam: reduce activity, then reboot the instance in the Green-API console";
    if (state == "blocked") return "WhatsApp banned the number: contact WhatsApp support or connect another number";
    return "Green-API reports the instance as " + std::string(state);
}

std::string phone_of_wa_settings(const nlohmann::json& body) {
    if (!body.is_object()) return {};
    auto it = body.find("phone");
    if (it == body.end() || !it->is_string()) return {};
    return phone_of_id(it->get<std::string>());
}

} // namespace gd::green
