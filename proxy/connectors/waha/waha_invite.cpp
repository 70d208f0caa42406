#include "proxy/connectors/waha/waha_invite.h"

#include "proxy/connectors/upstream/whatsapp_ids.h"

#include <nlohmann/json.hpp>


namespace gd {

Result<InviteLink> read_invite_link(const std::string& body, const std::string& operation) {
    std::string code = body;
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_string()) code = j.get<std::string>();
    std::optional<InviteLink> link = invite_link_from_code(code);
    if (!link) return Error{ErrorCode::gateway_bad_response, operation + ": WAHA's answer is not an invite code"};
    return *link;
}

} // namespace gd
