#include "proxy/connectors/green_api/green_api_ids.h"

namespace gd::green {

namespace {

// E.164: a country code that does not start with 0, at most 15 digits in all; 7 is the shortest
// whole number any country issues.
bool is_e164_digits(std::string_view digits) {
    return digits.size() >= 7 && digits.size() <= 15 && digits.front() != '0' &&
           digits.find_first_not_of("0123456789") == std::string_view::npos;
}

} // namespace

Result<std::string> digits_of(const std::string& e164) {
    if (e164.size() < 2 || e164.front() != '+' || !is_e164_digits(std::string_view(e164).substr(1)))
        return Error{ErrorCode::invalid_phone, e164};
    return e164.substr(1);
}

Result<std::string> chat_id_of(const std::string& e164) {
    Result<std::string> digits = digits_of(e164);
    if (!digits) return digits.error();
    return digits.value() + "@c.us";
}

std::string phone_of(std::string_view id) {
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

} // namespace gd::green
