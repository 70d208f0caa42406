#pragma once
// The shared types' JSON read and written by one walk over each type's field list (GD_JSON_TYPE).
// nlohmann's own from_json/to_json, which the proxy uses, are made once per type and field and
// throw on a wrong shape. The widget is built without exceptions and is weighed by the byte: it
// reads answers with json_read, which says false instead of throwing, and writes requests with
// json_write; the code per field type is made once for all types (bench/README.md).
// Both agree with nlohmann exactly (tests/shared/json_fields_test.cpp holds every type to it):
//   - a struct: an object; each field of GD_JSON_TYPE present (j.at) and of the WITH_DEFAULT
//     variant absent (left as a default-made struct has it, j.value) or present; present fields read;
//   - a string: a string; a bool: a boolean; a number: a number (an int a boolean too);
//   - an enum (NLOHMANN_JSON_SERIALIZE_ENUM): anything (an unknown name reads as the first value);
//   - a std::vector: an array whose every element reads.
#include <nlohmann/json.hpp>

#include <string>
#include <type_traits>
#include <vector>

namespace gd {

template <class T>
concept JsonStruct = requires(const T* type) { json_fields_required(type); };

// Declared before the field walkers below, which find them by name from inside templates.
inline bool json_read(const nlohmann::json& j, std::string& out);
inline bool json_read(const nlohmann::json& j, bool& out);
template <class T>
    requires std::is_arithmetic_v<T> && (!std::is_same_v<T, bool>)
bool json_read(const nlohmann::json& j, T& out);
template <class T>
    requires std::is_enum_v<T>
bool json_read(const nlohmann::json& j, T& out);
template <class T>
bool json_read(const nlohmann::json& j, std::vector<T>& out);
template <JsonStruct T>
bool json_read(const nlohmann::json& j, T& out);

template <class T>
    requires std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, std::string>
void json_write(const T& value, nlohmann::json& out);
template <class T>
void json_write(const std::vector<T>& list, nlohmann::json& out);
template <JsonStruct T>
void json_write(const T& value, nlohmann::json& out);

// One per field type, shared by every struct with a field of that type.
struct JsonFieldReader {
    const nlohmann::json& object;
    bool required;
    bool ok = true;
    template <class Field>
    void operator()(const char* name, Field& field) {
        if (!ok) return;
        auto it = object.find(name);
        ok = it == object.end() ? !required : json_read(*it, field);
    }
};

struct JsonFieldWriter {
    nlohmann::json& object;
    template <class Field>
    void operator()(const char* name, const Field& field) {
        json_write(field, object[name]);
    }
};

inline bool json_read(const nlohmann::json& j, std::string& out) {
    if (!j.is_string()) return false;
    out = *j.get_ptr<const std::string*>();
    return true;
}

inline bool json_read(const nlohmann::json& j, bool& out) {
    if (!j.is_boolean()) return false;
    out = *j.get_ptr<const bool*>();
    return true;
}

// nlohmann reads its own number types (int64_t, uint64_t, double) from numbers only, and any other
// arithmetic type from a boolean too.
template <class T>
    requires std::is_arithmetic_v<T> && (!std::is_same_v<T, bool>)
bool json_read(const nlohmann::json& j, T& out) {
    constexpr bool json_number = std::is_same_v<T, nlohmann::json::number_integer_t> ||
                                 std::is_same_v<T, nlohmann::json::number_unsigned_t> ||
                                 std::is_same_v<T, nlohmann::json::number_float_t>;
    if (!j.is_number() && (json_number || !j.is_boolean())) return false;
    out = j.get<T>();
    return true;
}

template <class T>
    requires std::is_enum_v<T>
bool json_read(const nlohmann::json& j, T& out) {
    out = j.get<T>();
    return true;
}

template <class T>
bool json_read(const nlohmann::json& j, std::vector<T>& out) {
    if (!j.is_array()) return false;
    out.clear();
    out.reserve(j.size());
    for (const nlohmann::json& item : j) {
        T value{};
        if (!json_read(item, value)) return false;
        out.push_back(std::move(value));
    }
    return true;
}

// `out` is default-made: a WITH_DEFAULT field left out keeps its value there.
template <JsonStruct T>
bool json_read(const nlohmann::json& j, T& out) {
    if (!j.is_object()) return false;
    JsonFieldReader reader{j, json_fields_required(static_cast<const T*>(nullptr))};
    json_fields(out, reader);
    return reader.ok;
}

template <class T>
    requires std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, std::string>
void json_write(const T& value, nlohmann::json& out) {
    out = value;
}

template <class T>
void json_write(const std::vector<T>& list, nlohmann::json& out) {
    out = nlohmann::json::array();
    for (const T& item : list) json_write(item, out.emplace_back());
}

template <JsonStruct T>
void json_write(const T& value, nlohmann::json& out) {
    out = nlohmann::json::object();
    JsonFieldWriter writer{out};
    json_fields(value, writer);
}

template <class T>
nlohmann::json json_of(const T& value) {
    nlohmann::json out;
    json_write(value, out);
    return out;
}

} // namespace gd

#define GD_JSON_VISIT_FIELD(field) visit(#field, gd_json_object.field);
#define GD_JSON_FIELDS(Type, required, ...)                                                          \
    template <class Visit>                                                                         \
    void json_fields(Type& gd_json_object, Visit& visit) {                                         \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GD_JSON_VISIT_FIELD, __VA_ARGS__))                \
    }                                                                                              \
    template <class Visit>                                                                         \
    void json_fields(const Type& gd_json_object, Visit& visit) {                                   \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GD_JSON_VISIT_FIELD, __VA_ARGS__))                \
    }                                                                                              \
    constexpr bool json_fields_required(const Type*) { return required; }

// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE (every field required) and its WITH_DEFAULT variant (a field
// may be absent), each with the field list json_read and json_write walk.
#define GD_JSON_TYPE(Type, ...)                                 \
    NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Type, __VA_ARGS__)       \
    GD_JSON_FIELDS(Type, true, __VA_ARGS__)
#define GD_JSON_TYPE_WITH_DEFAULT(Type, ...)                                \
    NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Type, __VA_ARGS__)      \
    GD_JSON_FIELDS(Type, false, __VA_ARGS__)
