#include "web/state/api_decode.h"

namespace gd {

Error error_from_response(const HttpResponse& response) {
    if (response.status == 0)
        return Error{response.timed_out ? ErrorCode::proxy_timeout : ErrorCode::proxy_unreachable, {}};
    return error_from_json_body(response.body, response.status);
}

} // namespace gd
