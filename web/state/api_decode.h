#pragma once
// Turns a proxy answer into a value or an Error the user can read.
#include "shared/json_fields.h"
#include "shared/result.h"
#include "web/state/http.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace gd {

// No answer, a non-2xx answer, or a body that does not parse as T: each becomes an Error.
Error error_from_response(const HttpResponse& response);

// A 2xx answer's body parsed into `body`, else false and the Error. Kept out of the template below,
// which is made once per answer type: the bundle carries one copy of it (bench/README.md).
bool parse_response(const HttpResponse& response, nlohmann::json& body, Error& error);
// An answer whose fields are not of the types expected: bad_response.
Error answer_of_wrong_shape();

// The widget is built without exceptions: json_read (shared/json_fields.h) says false where
// nlohmann's get<T>() would throw.
template <class T>
Result<T> decode_response(const HttpResponse& response) {
    nlohmann::json body;
    Error error;
    if (!parse_response(response, body, error)) return error;
    T value{};
    if (!json_read(body, value)) return answer_of_wrong_shape();
    return value;
}

} // namespace gd
