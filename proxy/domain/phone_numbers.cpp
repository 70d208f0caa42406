#include "proxy/domain/phone_numbers.h"

#include <phonenumbers/phonenumberutil.h>

#include <set>

namespace gd {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

Result<std::string> normalize_phone(std::string_view written, const std::string& default_region) {
    std::string input(written);
    if (input.size() > 64) return Error{ErrorCode::invalid_phone, input.substr(0, 64) + "…"};
    // libphonenumber quietly drops trailing letters ("916 123 45 6x"); a manager's typo must not
    // turn into a valid but wrong number, so anything but digits and punctuation is refused.
    int digits = 0;
    for (char c : input) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '\t')
            return Error{ErrorCode::invalid_phone, input};
    }
    if (digits < 7 || digits > 15) return Error{ErrorCode::invalid_phone, input};

    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util->Parse(input, default_region, &number) != PhoneNumberUtil::NO_PARSING_ERROR || !util->IsValidNumber(number))
        return Error{ErrorCode::invalid_phone, input};
    std::string e164;
    util->Format(number, PhoneNumberUtil::E164, &e164);
    return e164;
}

bool is_known_region(const std::string& region) {
    std::set<std::string> regions;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
    return regions.count(region) > 0;
}

std::string chat_id_of(const std::string& e164) {
    return (e164.size() > 1 && e164[0] == '+' ? e164.substr(1) : e164) + "@c.us";
}

} // namespace gd
