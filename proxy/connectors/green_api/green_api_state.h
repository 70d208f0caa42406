#pragma once
// The instance's state (one connected WhatsApp number): GET getStateInstance answers
// {"stateInstance": "..."} (GA /en/docs/api/account/GetStateInstance), and a bare null while a
// new instance is still being created (GA "Creating and configuring an instance"). GET
// getWaSettings answers {"avatar","phone":"79161234567","stateInstance","deviceId"}, the phone
// empty unless a number is linked (GA /en/docs/api/account/GetWaSettings).
#include "shared/result.h"
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace gd::green {

// The stateInstance of a getStateInstance answer; "starting" for null (instance being created);
// gateway_bad_response for anything else.
Result<std::string> read_state(const nlohmann::json& body);

// authorized -> connected; yellowCard -> warned; blocked -> banned; starting and sleepMode ->
// starting (both pass by themselves within minutes); notAuthorized and anything unknown ->
// logged_out, which stops every write.
ConnectionStatus status_of_state(std::string_view state);

// Whether a number is linked in this state, so getWaSettings can name it.
bool number_is_linked(std::string_view state);

// What the administrator should do, in Green-API's terms ("" when authorized). ConnectionState
// has no room for it; logs and error details use it.
std::string state_advice(std::string_view state);

// Our own number from a getWaSettings answer, E.164; "" when none is linked or the answer is odd.
std::string phone_of_wa_settings(const nlohmann::json& body);

} // namespace gd::green
