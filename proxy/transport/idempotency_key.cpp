#include "proxy/transport/idempotency_key.h"

#include <httplib.h>

namespace gd {

Result<std::string> idempotency_key(const Call& c) {
    if (!c.request.has_header("Idempotency-Key")) return std::string();
    const std::string key = c.request.get_header_value("Idempotency-Key");
    if (key.empty() || key.size() > 128) return Error{ErrorCode::invalid_idempotency_key, {}, {}};
    for (char ch : key)
        if (ch < 0x21 || ch > 0x7e) return Error{ErrorCode::invalid_idempotency_key, {}, {}};
    return key;
}

} // namespace gd
