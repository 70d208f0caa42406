#pragma once
// `groupdesk-proxy --add-user / --remove-user / --list-users`: the admin manages the standalone
// page's logins on the proxy's own machine; no HTTP route can create a login.
#include "proxy/auth/logins.h"
#include "proxy/config/config.h"

#include <iosfwd>

namespace gd {

// Returns the process exit code: 0 done, 2 refused (the reason went to `err`).
int run_login_command(const LoginCommand& command, Logins& logins, std::istream& in, std::ostream& out,
                      std::ostream& err);

} // namespace gd
