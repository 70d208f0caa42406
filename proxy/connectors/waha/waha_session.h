#pragma once
// The WAHA session (one connected WhatsApp number): GET /api/sessions/{session} answers
// SessionInfo {"name","status","me":{"id":"79161234567@c.us","pushName"}} (WAHA-SPEC 2025.2
// components.schemas.SessionInfo; newer WAHA adds "me.lid").
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gd {

struct WahaMe {
    std::string id;    // "79161234567@c.us"; empty until the number is logged in
    std::string lid;   // "123456789012345@lid" when WAHA knows it
};

struct WahaSession {
    std::string status;   // STOPPED, STARTING, SCAN_QR_CODE, WORKING, FAILED
    WahaMe me;
};

// gateway_bad_response when the answer is not a SessionInfo.
Result<WahaSession> read_session(const nlohmann::json& body);

// WORKING -> connected, STARTING -> starting, anything else -> logged_out.
ConnectionState connection_state_of(const WahaSession& session);

// What the administrator should do for a session that is not WORKING, in WAHA's words
// ("" when WORKING). ConnectionState has no room for it; logs and error details use it.
std::string session_status_advice(const std::string& status);

} // namespace gd
