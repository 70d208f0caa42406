#pragma once
// The Idempotency-Key header (the IETF draft "The Idempotency-Key HTTP Header Field",
// draft-ietf-httpapi-idempotency-key-header): a redelivered request names the job it created.
#include "proxy/transport/router.h"

namespace gd {

// "" when absent; present, it must be 1-128 printable ASCII characters (invalid_idempotency_key).
Result<std::string> idempotency_key(const Call& c);

} // namespace gd
