#pragma once
// Turns a proxy answer into a value or an Error the user can read.
#include "shared/result.h"
#include "web/state/http.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace gd {

// No answer, a non-2xx answer, or a body that does not parse as T: each becomes an Error.
Error error_from_response(const HttpResponse& response);

template <class T>
Result<T> decode_response(const HttpResponse& response) {
    if (response.status < 200 || response.status > 299) return error_from_response(response);
    // Parsed as a string_view like every other body (shared/errors.cpp): one parser in the bundle.
    nlohmann::json j = nlohmann::json::parse(std::string_view(response.body), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Error{ErrorCode::bad_response, "not JSON"};
    try {
        return j.get<T>();
    } catch (const nlohmann::json::exception& e) {
        return Error{ErrorCode::bad_response, e.what()};
    }
}

} // namespace gd
