#pragma once
// Whether nlohmann's get<T>() reads a JSON value without throwing, asked before reading it. The
// widget is built without exceptions (a throw aborts it), so an answer of the wrong shape must be
// found before it is read: web/state/api_decode.h. The answer is exactly nlohmann's:
//   - a struct: an object; each field of GD_JSON_TYPE present (j.at) and of the WITH_DEFAULT
//     variant absent or present (j.value), and present fields fit their types;
//   - a string: a string; a bool: a boolean; a number: a number (an int a boolean too);
//   - an enum (NLOHMANN_JSON_SERIALIZE_ENUM): anything (an unknown name reads as the first value);
//   - a std::vector: an array whose every element fits.
// tests/shared/json_fits_test.cpp holds each answer type to it, field by field, against get<T>().
#include <nlohmann/json.hpp>

#include <string>
#include <type_traits>
#include <vector>

namespace gd {

inline bool json_fits(const nlohmann::json& j, const std::string*) { return j.is_string(); }
inline bool json_fits(const nlohmann::json& j, const bool*) { return j.is_boolean(); }

// nlohmann reads its own number types (int64_t, uint64_t, double) from numbers only, and any other
// arithmetic type from a boolean too.
template <class T>
    requires std::is_arithmetic_v<T>
bool json_fits(const nlohmann::json& j, const T*) {
    constexpr bool json_number = std::is_same_v<T, nlohmann::json::number_integer_t> ||
                                 std::is_same_v<T, nlohmann::json::number_unsigned_t> ||
                                 std::is_same_v<T, nlohmann::json::number_float_t>;
    return j.is_number() || (!json_number && j.is_boolean());
}

template <class T>
    requires std::is_enum_v<T>
bool json_fits(const nlohmann::json&, const T*) {
    return true;
}

template <class T>
bool json_fits(const nlohmann::json& j, const std::vector<T>*);

// A struct of GD_JSON_TYPE: json_fields(type, visit) calls visit(name, field type pointer) per field.
template <class T>
    requires requires(const T* type) { json_fields_required(type); }
bool json_fits(const nlohmann::json& j, const T* type) {
    if (!j.is_object()) return false;
    const bool required = json_fields_required(type);
    bool fits = true;
    json_fields(type, [&](const char* name, auto field) {
        auto it = j.find(name);
        fits = fits && (it == j.end() ? !required : json_fits(*it, field));
    });
    return fits;
}

template <class T>
bool json_fits(const nlohmann::json& j, const std::vector<T>*) {
    if (!j.is_array()) return false;
    for (const nlohmann::json& item : j)
        if (!json_fits(item, static_cast<const T*>(nullptr))) return false;
    return true;
}

template <class T>
bool json_fits(const nlohmann::json& j) {
    return json_fits(j, static_cast<const T*>(nullptr));
}

} // namespace gd

#define GD_JSON_VISIT_FIELD(field) visit(#field, static_cast<const decltype(gd_json_type->field)*>(nullptr));
#define GD_JSON_FIELDS(Type, required, ...)                                                          \
    template <class Visit>                                                                         \
    void json_fields([[maybe_unused]] const Type* gd_json_type, Visit&& visit) {                   \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GD_JSON_VISIT_FIELD, __VA_ARGS__))                \
    }                                                                                              \
    constexpr bool json_fields_required(const Type*) { return required; }

// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE (every field required) and its WITH_DEFAULT variant (a field
// may be absent), each with the field list json_fits walks.
#define GD_JSON_TYPE(Type, ...)                                 \
    NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Type, __VA_ARGS__)       \
    GD_JSON_FIELDS(Type, true, __VA_ARGS__)
#define GD_JSON_TYPE_WITH_DEFAULT(Type, ...)                                \
    NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Type, __VA_ARGS__)      \
    GD_JSON_FIELDS(Type, false, __VA_ARGS__)
