#include "proxy/auth/login_command.h"

#include <istream>
#include <ostream>
#include <string>

namespace gd {

int run_login_command(const LoginCommand& command, Logins& logins, std::istream& in, std::ostream& out,
                      std::ostream& err) {
    switch (command.kind) {
    case LoginCommand::add: {
        // The password comes on stdin, never on the command line (where `ps` would show it).
        std::string password;
        std::getline(in, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
        Result<Done> set = logins.set({command.login, command.name, command.admin}, password);
        if (!set) {
            err << "groupdesk-proxy: login not saved: " << set.error().detail << "\n";
            return 2;
        }
        out << "login " << command.login << (command.admin ? " (admin)" : "") << " saved\n";
        return 0;
    }
    case LoginCommand::remove:
        if (!logins.remove(command.login)) {
            err << "groupdesk-proxy: there is no login " << command.login << "\n";
            return 2;
        }
        out << "login " << command.login << " removed; its open sessions end when they expire\n";
        return 0;
    case LoginCommand::list:
        for (const LoginInfo& info : logins.list())
            out << info.login << "\t" << info.name << (info.is_admin ? "\tadmin" : "") << "\n";
        return 0;
    case LoginCommand::none: break;
    }
    return 0;
}

} // namespace gd
