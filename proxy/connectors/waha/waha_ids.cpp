#include "proxy/connectors/waha/waha_ids.h"

namespace gd {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// The user part of a jid: before '@', without the ":device" suffix.
std::string_view user_of(std::string_view id) {
    std::string_view user = id.substr(0, id.find('@'));
    return user.substr(0, user.find(':'));
}

std::string_view server_of(std::string_view id) {
    size_t at = id.find('@');
    return at == std::string_view::npos ? std::string_view{} : id.substr(at + 1);
}

} // namespace

Result<std::string> digits_of_phone(const std::string& e164) {
    // E.164: "+", a country code not starting with 0, at most 15 digits in all.
    std::string_view digits = std::string_view(e164).substr(e164.empty() ? 0 : 1);
    if (e164.empty() || e164[0] != '+' || !all_digits(digits) || digits[0] == '0' || digits.size() < 7 ||
        digits.size() > 15)
        return Error{ErrorCode::invalid_phone, e164};
    return std::string(digits);
}

Result<std::string> chat_id_of_phone(const std::string& e164) {
    Result<std::string> digits = digits_of_phone(e164);
    if (!digits) return digits.error();
    return digits.value() + "@c.us";
}

std::string phone_of_id(std::string_view id) {
    std::string_view server = server_of(id);
    if (server != "c.us" && server != "s.whatsapp.net") return {};
    std::string_view user = user_of(id);
    if (!all_digits(user)) return {};
    return "+" + std::string(user);
}

std::string cus_form(std::string_view id) {
    if (server_of(id) == "s.whatsapp.net") return std::string(user_of(id)) + "@c.us";
    return std::string(id);
}

bool is_lid(std::string_view id) { return server_of(id) == "lid"; }

} // namespace gd
