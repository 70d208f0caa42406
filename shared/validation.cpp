#include "shared/validation.h"

namespace gd {

bool is_valid_group_id(std::string_view id) {
    constexpr std::string_view suffix = "@g.us";
    if (id.size() > kMaxGroupIdLength || id.size() <= suffix.size()) return false;
    if (id.substr(id.size() - suffix.size()) != suffix) return false;
    std::string_view body = id.substr(0, id.size() - suffix.size());
    int dashes = 0;
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c == '-') {
            // One dash, with digits on both sides.
            if (++dashes > 1 || i == 0 || i + 1 == body.size()) return false;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

} // namespace gd
