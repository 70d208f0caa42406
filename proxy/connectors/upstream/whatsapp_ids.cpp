#include "proxy/connectors/upstream/whatsapp_ids.h"

#include <cctype>

namespace gd {

namespace {

// E.164 without the '+': a country code that does not start with 0, at most 15 digits in all;
// 7 is the shortest whole number any country issues.
bool is_e164_digits(std::string_view digits) {
    return digits.size() >= 7 && digits.size() <= 15 && digits.front() != '0' &&
           digits.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string_view server_of(std::string_view id) {
    size_t at = id.find('@');
    return at == std::string_view::npos ? std::string_view{} : id.substr(at + 1);
}

} // namespace

Result<std::string> digits_of_phone(const std::string& e164) {
    if (e164.size() < 2 || e164.front() != '+' || !is_e164_digits(std::string_view(e164).substr(1)))
        return Error{ErrorCode::invalid_phone, e164};
    return e164.substr(1);
}

Result<std::string> chat_id_of_phone(const std::string& e164) {
    Result<std::string> digits = digits_of_phone(e164);
    if (!digits) return digits.error();
    return digits.value() + "@c.us";
}

std::string phone_of_id(std::string_view id) {
    const size_t at = id.find('@');
    std::string_view user = id.substr(0, at);
    if (at != std::string_view::npos) {
        std::string_view server = id.substr(at + 1);
        if (server != "c.us" && server != "s.whatsapp.net") return {};
        user = user.substr(0, user.find(':'));
    }
    if (!is_e164_digits(user)) return {};
    return "+" + std::string(user);
}

bool is_lid(std::string_view id) { return server_of(id) == "lid"; }

std::optional<int> whatsapp_code_of(const nlohmann::json& value) {
    if (value.is_number_integer()) return value.get<int>();
    if (value.is_string()) {
        const std::string s = value.get<std::string>();
        if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        return std::stoi(s);
    }
    return std::nullopt;
}

ChangeOutcome outcome_of_whatsapp_code(int code, ParticipantAction action) {
    switch (code) {
    case 200: return ChangeOutcome::done;
    case 403: return ChangeOutcome::privacy_blocked;
    case 408: return ChangeOutcome::left_recently;
    case 409: return ChangeOutcome::already_member;
    case 417: return ChangeOutcome::privacy_blocked;   // a community: only an invitation works
    case 419: return ChangeOutcome::group_full;
    case 404: return action == ParticipantAction::add ? ChangeOutcome::unknown : ChangeOutcome::not_a_member;
    case 401: return ChangeOutcome::not_admin;
    case 429: return ChangeOutcome::rate_limited;
    default: return ChangeOutcome::unknown;
    }
}

bool is_invite_code(std::string_view code) {
    if (code.size() < 6 || code.size() > 64) return false;
    for (char c : code)
        if (!std::isalnum((unsigned char)c) && c != '_' && c != '-') return false;
    return true;
}

std::optional<InviteLink> invite_link_from_code(std::string_view code) {
    while (!code.empty() && std::isspace((unsigned char)code.back())) code.remove_suffix(1);
    if (code.substr(0, kInviteLinkPrefix.size()) == kInviteLinkPrefix) code.remove_prefix(kInviteLinkPrefix.size());
    if (!is_invite_code(code)) return std::nullopt;
    return InviteLink{std::string(kInviteLinkPrefix) + std::string(code)};
}

} // namespace gd
