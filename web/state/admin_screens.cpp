#include "web/state/admin_screens.h"

#include "shared/routes.h"
#include "web/state/links.h"
#include "web/state/robot_runs.h"
#include "web/state/sandbox_pipeline.h"
#include "web/state/users_admin.h"

namespace gd {

namespace {

const char* screen_name(Screen screen) {
    return screen == Screen::robots ? "robots" : screen == Screen::users ? "users" : screen == Screen::pipeline ? "pipeline" : "";
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
                              ? "crm/bitrix24/console?member=" + routes::url_encode(s.user.tenant.substr(bitrix24.size())) + "&"
                              : std::string("console.html?");
    address += std::string("screen=") + screen_name(screen) + "&lang=" + lang_code(s.lang);
    if (!s.card.ref.id.empty())
        address += "&entity=" + routes::url_encode(std::string(entity_kind_name(s.card.ref.kind)) + ":" + s.card.ref.id);
    return address + "#session=" + routes::url_encode(s.session_token);
}

Screen admin_screen_named(std::string_view name) {
    for (Screen screen : {Screen::robots, Screen::users, Screen::pipeline})
        if (name == screen_name(screen)) return screen;
    return Screen::groups;
}

} // namespace gd
