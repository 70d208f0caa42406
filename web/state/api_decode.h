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

// Reads a parsed answer into `data`; false when its fields are not of the expected types.
using ReadAnswer = bool (*)(const nlohmann::json& body, void* data);

// A 2xx answer's body read into `data` by `read`, else false and the Error (bad_response for a body
// that is no JSON or of the wrong shape). Not a template: the bundle carries one copy of it for
// every answer type (bench/README.md).
bool read_response(const HttpResponse& response, ReadAnswer read, void* data, Error& error);

// The answer as a whole T; `data` is left untouched unless all of it reads. The widget is built
// without exceptions: json_read (shared/json_fields.h) says false where nlohmann's get<T>() would
// throw.
template <class T>
bool read_whole(const nlohmann::json& body, T& data) {
    T value{};
    if (!json_read(body, value)) return false;
    data = std::move(value);
    return true;
}

// A typed reader as a ReadAnswer.
template <class T, bool (*Read)(const nlohmann::json&, T&)>
bool read_typed(const nlohmann::json& body, void* data) {
    return Read(body, *static_cast<T*>(data));
}

// The answer as a T, the way every request of the widget reads it (requests.h).
template <class T>
Result<T> decode_response(const HttpResponse& response) {
    T value{};
    Error error;
    if (!read_response(response, read_typed<T, read_whole<T>>, &value, error)) return error;
    return value;
}

} // namespace gd
