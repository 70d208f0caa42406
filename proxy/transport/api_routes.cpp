#include "proxy/transport/api_routes.h"

#include "shared/routes.h"
#include "shared/types.h"

#ifndef GROUPDESK_VERSION
#define GROUPDESK_VERSION "dev"
#endif

namespace gd {

std::vector<Route> api_routes(GroupDirectory& groups, const std::string& mode, bool demo_login) {
    return {
        {"GET", routes::kHealth,
         [mode, demo_login](Call& c) { c.reply(Health{"ok", mode, GROUPDESK_VERSION, demo_login ? kSandboxDemoLogin : ""}); },
         Access::open},

        {"GET", routes::kGroups, [&groups](Call& c) { c.reply(groups.groups()); }},

        {"GET", std::string(routes::kGroups) + "/{id}/participants", [&groups](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::invalid_group_id, "malformed percent-escape"});
             c.reply(groups.participants(*id));
         }},
    };
}

} // namespace gd
