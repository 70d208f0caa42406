#pragma once
// The group's invite link from GET .../invite-code or POST .../invite-code/revoke. Both return
// the bare code as a string (WAHA-SPEC 2025.2: schema {"type":"string"}; NestJS sends a returned
// string as the raw body, some versions as a JSON string); the link is chat.whatsapp.com/{code}.
#include "shared/result.h"
#include "shared/types.h"

#include <string>

namespace gd {

// gateway_bad_response when the body is not a code.
Result<InviteLink> read_invite_link(const std::string& body, const std::string& operation);

} // namespace gd
