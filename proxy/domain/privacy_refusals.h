#pragma once
// Adds WhatsApp refused because of the person's privacy settings ("who can add me to groups"):
// asking again only repeats the refusal, and only an invitation gets them in. Remembered per group
// and number from a member change's outcome, shown with the card's people, and forgotten when
// someone chooses to retry or an add of that number to that group succeeds. Like the WhatsApp
// checks, this is a fact about the number, kept for every tenant of the connected number.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/storage/database.h"
#include "shared/types.h"

#include <map>
#include <string>
#include <vector>

namespace gd {

class PrivacyRefusals {
public:
    PrivacyRefusals(Database& db, Clock& clock) : db_(db), clock_(clock) {}

    // WhatsApp refused to add this E.164 number to the group for privacy: now is the refusal's date.
    void remember(const std::string& group_id, const std::string& e164);
    void forget(const std::string& group_id, const std::string& e164);
    // The refusals of these numbers in every group, in one read; numbers without one are not in
    // the map.
    std::map<std::string, std::vector<PrivacyRefusal>> of(const std::vector<std::string>& e164s);

private:
    Database& db_;
    Clock& clock_;
};

} // namespace gd
