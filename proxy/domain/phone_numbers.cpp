#include "proxy/domain/phone_numbers.h"

#include <phonenumbers/phonenumberutil.h>

#include <mutex>
#include <set>
#include <unordered_map>

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

namespace {

std::string format_for_people(const std::string& e164) {
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    // "ZZ": the number carries its country code, no default region applies.
    if (util->Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR || !util->IsValidNumber(number)) return e164;
    std::string shown;
    util->Format(number, PhoneNumberUtil::INTERNATIONAL, &shown);
    return shown.empty() ? e164 : shown;
}

} // namespace

std::string phone_for_people(const std::string& e164) {
    if (e164.size() < 2 || e164[0] != '+') return e164;
    // Reading and checking a number costs libphonenumber about 25 µs, and a group of 1236 members
    // is read again after every job: each number is formatted once per run of the proxy (the
    // table is emptied when it grows past any real use, so it cannot grow without end).
    static std::mutex mutex;
    static std::unordered_map<std::string, std::string> shown;
    {
        std::lock_guard lock(mutex);
        if (auto it = shown.find(e164); it != shown.end()) return it->second;
    }
    std::string formatted = format_for_people(e164);
    std::lock_guard lock(mutex);
    if (shown.size() >= 100000) shown.clear();
    shown.emplace(e164, formatted);
    return formatted;
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
