// A manager's pasted list of people (shared/pasted_people.h, the widget splits it), then every
// phone through the proxy's normalisation with libphonenumber (proxy/domain/phone_numbers.h), as
// POST /api/v1/groups/{id}/changes does with each person's phone.
#include "proxy/domain/phone_numbers.h"
#include "shared/pasted_people.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// A number the proxy accepted is E.164: "+" and at most 15 digits (ITU-T E.164 §6.1). Some
// countries' numbers are short: "+352 4371" (Luxembourg) is one.
void check_normalized(std::string_view written, const std::string& region) {
    gd::Result<std::string> e164 = gd::normalize_phone(written, region);
    if (!e164) {
        if (e164.error().code != gd::ErrorCode::invalid_phone) std::abort();
        return;
    }
    const std::string& number = e164.value();
    if (number.size() < 2 || number.size() > 16 || number[0] != '+' ||
        number.find_first_not_of("0123456789", 1) != std::string::npos)
        std::abort();
    if (gd::chat_id_of(number) != number.substr(1) + "@c.us") std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::vector<gd::PastedPerson> people = gd::read_pasted_people(text);
    if (people.size() > gd::kMaxPastedPeople) std::abort();

    const int lines = 1 + (int)std::count(text.begin(), text.end(), '\n');
    for (const gd::PastedPerson& person : people) {
        // A phone is read from its own line, as written there.
        if (person.phone.empty() || person.line < 1 || person.line > lines) std::abort();
        if (text.find(person.phone) == std::string_view::npos) std::abort();
        check_normalized(person.phone, "RU");
    }
    // A phone pasted into the card's add field alone, and read for another region.
    check_normalized(text, "KZ");
    return 0;
}
