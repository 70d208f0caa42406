#pragma once
// Who a CRM user is, by id, for a session opened from a card whose token names the user by id
// only (amoCRM's). The account's users are read once and kept a while: every card open asks, and
// the CRM's rate limit is shared with the card's own reads. Racing card opens of one account share
// one read; no lock is held while the CRM answers, so a slow account holds up no other.
#include "proxy/connectors/crm.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/domain/single_flight.h"

#include <map>
#include <mutex>
#include <string>

namespace gd {

class CrmUserNames {
public:
    CrmUserNames(CrmDirectory& crms, Clock& clock);

    // The user's name; "" when the CRM cannot say (it is down, or the token's user is not listed).
    std::string name_of(const std::string& tenant, const std::string& user_id);

    static constexpr Clock::Duration kKeepFor = std::chrono::minutes(10);
    // A user missing from a list read earlier than this may be new: the list is read again.
    static constexpr Clock::Duration kRereadForNewUserAfter = std::chrono::minutes(1);

private:
    struct Users {
        Clock::Duration read_at{0};
        std::map<std::string, std::string> names;   // id -> name
    };
    bool should_read(const std::string& tenant, const std::string& user_id);
    // Reads the account's list and keeps it; false (keeping the old one) when the CRM cannot say.
    bool read(const std::string& tenant);

    CrmDirectory& crms_;
    Clock& clock_;
    std::mutex mutex_;   // guards tenants_ only, never held while the CRM answers
    std::map<std::string, Users> tenants_;
    SingleFlight<std::string, bool> reads_;   // by tenant
};

} // namespace gd
