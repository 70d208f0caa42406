#pragma once
// Signing in and out of the proxy:
//   POST   /api/v1/session   LoginRequest -> Session (open: this is how a session starts)
//   GET    /api/v1/session   -> SessionUser (who the token belongs to)
//   DELETE /api/v1/session   -> Ack (the token stops working at once)
#include "proxy/auth/login_throttle.h"
#include "proxy/auth/logins.h"
#include "proxy/auth/sessions.h"
#include "proxy/transport/router.h"

#include <functional>
#include <vector>

namespace gd {

// Checks a login and password: Logins::check, or in the full sandbox also the demo login.
using CheckLogin = std::function<Result<LoginInfo>(const std::string& login, const std::string& password)>;

// The stored logins, plus the demo login ("demo"/"demo", an admin) when demo_login is set: pass
// is_full_sandbox(config), never true where a session could reach a real gateway or CRM.
CheckLogin login_check(Logins& logins, bool demo_login);

std::vector<Route> session_routes(CheckLogin check, LoginThrottle& throttle, Sessions& sessions,
                                  std::function<void(const std::string&)> log);

} // namespace gd
