#include "proxy/connectors/waha/waha_ids.h"

namespace gd {

std::string cus_form(std::string_view id) {
    const size_t at = id.find('@');
    if (at == std::string_view::npos || id.substr(at + 1) != "s.whatsapp.net") return std::string(id);
    std::string_view user = id.substr(0, at);
    return std::string(user.substr(0, user.find(':'))) + "@c.us";
}

} // namespace gd
