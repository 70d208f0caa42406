#include "shared/outside_json.h"

namespace gd {

Result<nlohmann::json> parse_outside_json(std::string_view text, int max_depth) {
    struct TooDeep {};
    auto depth_guard = [max_depth](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        bool opens = event == nlohmann::json::parse_event_t::object_start ||
                     event == nlohmann::json::parse_event_t::array_start;
        if (opens && depth >= max_depth) throw TooDeep{};
        return true;
    };
    try {
        return nlohmann::json::parse(text, depth_guard);
    } catch (const nlohmann::json::parse_error& e) {
        // The byte offset helps whoever wrote the client; the text itself is never echoed back.
        return Error{ErrorCode::invalid_json, "at byte " + std::to_string(e.byte)};
    } catch (const nlohmann::json::exception&) {
        // out_of_range: a number no double holds (1e999999); the only other error parse() throws.
        return Error{ErrorCode::invalid_json, "a number is out of range"};
    } catch (const TooDeep&) {
        return Error{ErrorCode::invalid_json, "nested deeper than " + std::to_string(max_depth) + " levels"};
    }
}

} // namespace gd
