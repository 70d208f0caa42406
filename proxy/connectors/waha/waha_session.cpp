#include "proxy/connectors/waha/waha_session.h"

#include "proxy/connectors/waha/waha_ids.h"

namespace gd {

namespace {

std::string string_at(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

} // namespace

Result<WahaSession> read_session(const nlohmann::json& body) {
    if (!body.is_object() || !body.contains("status") || !body["status"].is_string())
        return Error{ErrorCode::gateway_bad_response, "getSession: no session status in WAHA's answer"};
    WahaSession session;
    session.status = body["status"].get<std::string>();
    auto me = body.find("me");
    if (me != body.end() && me->is_object()) {
        session.me.id = cus_form(string_at(*me, "id"));
        session.me.lid = string_at(*me, "lid");
    }
    return session;
}

ConnectionState connection_state_of(const WahaSession& session) {
    ConnectionState state;
    if (session.status == "WORKING") state.status = ConnectionStatus::connected;
    else if (session.status == "STARTING") state.status = ConnectionStatus::starting;
    else state.status = ConnectionStatus::logged_out;
    state.phone = phone_of_id(session.me.id);
    return state;
}

std::string session_status_advice(const std::string& status) {
    if (status == "WORKING") return {};
    if (status == "STARTING") return "WAHA is starting the session: wait a minute";
    if (status == "SCAN_QR_CODE") return "the number is not logged in: scan the QR code in WAHA's dashboard";
    if (status == "STOPPED") return "the WAHA session is stopped: start it in WAHA's dashboard";
    if (status == "FAILED")
        return "the WAHA session failed (often the phone logged it out): restart it; if it fails again, scan a new QR code";
    return "the WAHA session is " + status;
}

} // namespace gd
