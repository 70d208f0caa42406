#include "proxy/connectors/waha/waha_invite.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace gd {

namespace {

constexpr std::string_view kLinkPrefix = "https://chat.whatsapp.com/";

// Invite codes are 20-24 characters of base64url-like text today; allow some room either way.
bool looks_like_code(const std::string& code) {
    if (code.size() < 6 || code.size() > 64) return false;
    for (char c : code)
        if (!std::isalnum((unsigned char)c) && c != '_' && c != '-') return false;
    return true;
}

} // namespace

Result<InviteLink> read_invite_link(const std::string& body, const std::string& operation) {
    std::string code = body;
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_string()) code = j.get<std::string>();
    while (!code.empty() && std::isspace((unsigned char)code.back())) code.pop_back();
    if (code.compare(0, kLinkPrefix.size(), kLinkPrefix) == 0) code = code.substr(kLinkPrefix.size());
    if (!looks_like_code(code))
        return Error{ErrorCode::gateway_bad_response, operation + ": WAHA's answer is not an invite code"};
    return InviteLink{std::string(kLinkPrefix) + code};
}

} // namespace gd
