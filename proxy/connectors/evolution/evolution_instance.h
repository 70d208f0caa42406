#pragma once
// The Evolution instance (one connected WhatsApp number).
//   GET /instance/connectionState/{inst}  {"instance":{"instanceName","state"}}: the live socket's
//       state from Evolution's memory: "open", "connecting", "close", or "refused" (QR code limit
//       reached). "state" is missing when the instance exists but is not loaded (EVO
//       instance.controller.ts connectionState).
//   GET /instance/fetchInstances?instanceName={inst}  [{"name","connectionStatus","ownerJid",
//       "number","profileName","token",...}]: the stored row, the only place Evolution tells which
//       number the instance is ("ownerJid": "79990001122@s.whatsapp.net"). The row also carries the
//       instance's own api token: only ownerJid is ever read from it, and the body is never logged.
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gd::evolution {

// The "state" of a connectionState answer ("" when Evolution left it out); gateway_bad_response
// when the answer has no "instance" object.
Result<std::string> read_state(const nlohmann::json& body);

// open -> connected, connecting -> starting, anything else (close, refused, missing) -> logged_out.
ConnectionStatus connection_status_of(const std::string& state);

// What the administrator should do for a state that is not "open" ("" when open).
std::string state_advice(const std::string& state);

// The connected number, E.164, from fetchInstances' row for `instance` ("" when the instance has
// never been paired). Accepts v1's shape too ([{"instance":{"instanceName","owner"}}]).
std::string read_owner_phone(const nlohmann::json& body, const std::string& instance);

} // namespace gd::evolution
