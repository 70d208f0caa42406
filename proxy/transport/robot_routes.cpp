#include "proxy/transport/robot_routes.h"

#include "shared/routes.h"

#include <httplib.h>

namespace gd {

std::vector<Route> robot_routes(RobotRuns& runs) {
    return {
        {"GET", routes::kRobotRuns, [&runs](Call& c) {
             int limit = 50;
             if (c.request.has_param("limit")) {
                 const std::string text = c.request.get_param_value("limit");
                 if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos ||
                     std::stoi(text) < 1 || std::stoi(text) > 100)
                     return c.fail(Error{ErrorCode::bad_request, "limit must be a number from 1 to 100"});
                 limit = std::stoi(text);
             }
             Result<RobotRunList> list = runs.recent(c.tenant(), limit);
             if (!list) return c.fail(list.error());
             c.reply(nlohmann::json(list.value()));
         },
         Access::admin},   // every robot of the account, with the people it acted on
    };
}

} // namespace gd
