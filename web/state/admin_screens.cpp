#include "web/state/admin_screens.h"

#include "web/state/links.h"
#include "web/state/robot_runs.h"
#include "web/state/sandbox_pipeline.h"
#include "web/state/users_admin.h"

#include <cctype>

namespace gd {

namespace {

const char* screen_name(Screen screen) {
    return screen == Screen::robots ? "robots" : screen == Screen::users ? "users" : screen == Screen::pipeline ? "pipeline" : "";
}

// What may go in a query or fragment as it is (RFC 3986's unreserved characters); the rest is %XX.
std::string url_encoded(const std::string& text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char ch : text) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            out += (char)ch;
        } else {
            out += '%';
            out += hex[ch >> 4];
            out += hex[ch & 15];
        }
    }
    return out;
}

} // namespace

bool is_admin_screen(Screen screen) { return screen == Screen::robots || screen == Screen::users || screen == Screen::pipeline; }

bool admin_screen_allowed(const AppState& s, Screen screen) {
    return screen == Screen::robots     ? robots_screen_allowed(s)
           : screen == Screen::users    ? users_screen_allowed(s)
           : screen == Screen::pipeline ? pipeline_screen_allowed(s)
                                        : false;
}

void open_admin_screen(App& app, Screen screen) {
    if (!admin_screen_allowed(app.state, screen)) return;
    if (app.admin) return app.admin->open(app, screen);
    if (app.links) app.links->open_here(console_address(app.state, screen));
}

std::string console_address(const AppState& s, Screen screen) {
    // Bitrix24 lets only the portal's own pages into its frame: there the proxy serves the console
    // framed by the portal the session belongs to ("bitrix24:<member_id>").
    const std::string_view bitrix24 = "bitrix24:";
    std::string address = s.user.tenant.rfind(bitrix24, 0) == 0
                              ? "crm/bitrix24/console?member=" + url_encoded(s.user.tenant.substr(bitrix24.size())) + "&"
                              : std::string("console.html?");
    address += std::string("screen=") + screen_name(screen) + "&lang=" + lang_code(s.lang);
    if (!s.card.ref.id.empty())
        address += "&entity=" + url_encoded(std::string(entity_kind_name(s.card.ref.kind)) + ":" + s.card.ref.id);
    return address + "#session=" + url_encoded(s.session_token);
}

Screen admin_screen_named(std::string_view name) {
    for (Screen screen : {Screen::robots, Screen::users, Screen::pipeline})
        if (name == screen_name(screen)) return screen;
    return Screen::groups;
}

} // namespace gd
