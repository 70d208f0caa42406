#include "proxy/transport/session_routes.h"

#include "shared/routes.h"

#include <httplib.h>

namespace gd {

namespace {

constexpr size_t kMaxLoginField = 256;

} // namespace

CheckLogin login_check(Logins& logins, bool demo_login) {
    return [&logins, demo_login](const std::string& login, const std::string& password) -> Result<LoginInfo> {
        if (demo_login && login == kSandboxDemoLogin && password == kSandboxDemoPassword)
            return LoginInfo{kSandboxDemoLogin, "Демо-менеджер", true};
        return logins.check(login, password);
    };
}

std::vector<Route> session_routes(CheckLogin check, LoginThrottle& throttle, Sessions& sessions,
                                  std::function<void(const std::string&)> log) {
    return {
        {"POST", routes::kSession,
         [check, &throttle, &sessions, log](Call& c) {
             Result<LoginRequest> request = c.body_as<LoginRequest>();
             if (!request) return c.fail(request.error());
             const std::string& login = request->login;
             if (login.empty() || login.size() > kMaxLoginField || request->password.size() > kMaxLoginField)
                 return c.fail(Error{ErrorCode::wrong_login, {}});
             // Taken before the password is hashed: parallel guesses each need their own attempt.
             LoginAttempt attempt = throttle.try_take(login, c.request.remote_addr);
             if (!attempt.taken()) {
                 log("sign-in refused: too many attempts (for the login, from the address, or in all)");
                 const std::string seconds = std::to_string(attempt.retry_after_seconds());
                 c.response.set_header("Retry-After", seconds);
                 return c.fail(Error{ErrorCode::too_many_attempts, "retry after " + seconds + " s"});
             }
             Result<LoginInfo> info = check(login, request->password);
             if (!info) {
                 log("sign-in failed (wrong login or password)");
                 return c.fail(info.error());
             }
             attempt.password_was_right();
             c.reply(sessions.open(SessionUser{info->login, info->name, info->is_admin, "standalone"}));
         },
         Access::open},
        {"GET", routes::kSession, [](Call& c) { c.reply(nlohmann::json(*c.user)); }},
        {"DELETE", routes::kSession, [&sessions](Call& c) {
             sessions.close(c.bearer_token());
             c.reply(Ack{true});
         }},
    };
}

} // namespace gd
