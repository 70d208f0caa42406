#include "web/state/api_decode.h"

namespace gd {

Error error_from_response(const HttpResponse& response) {
    if (response.status == 0)
        return Error{response.timed_out ? ErrorCode::proxy_timeout : ErrorCode::proxy_unreachable, {}};
    return error_from_json_body(response.body, response.status);
}

bool read_response(const HttpResponse& response, ReadAnswer read, void* data, Error& error) {
    if (response.status < 200 || response.status > 299) {
        error = error_from_response(response);
        return false;
    }
    // Parsed as a string_view like every other body (shared/errors.cpp): one parser in the bundle.
    const nlohmann::json body = nlohmann::json::parse(std::string_view(response.body), nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) {
        error = Error{ErrorCode::bad_response, "not JSON"};
        return false;
    }
    if (read(body, data)) return true;
    error = Error{ErrorCode::bad_response, "the answer's fields are not of the expected types"};
    return false;
}

} // namespace gd
