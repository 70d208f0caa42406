#pragma once
// Licence seats as a CRM administrator sees them: how many users may be active, and how many are.
// Where the licences come from, first that applies:
//   "crm"      the CRM says them (Bitrix24's answers);
//   "entered"  the administrator typed them in GroupDesk (amoCRM's API does not expose them);
//   "learned"  the CRM refused an add for want of a seat: the licences are the active users then;
//   "unknown"  nothing yet: adding is allowed and the CRM decides.
// Adding is refused before the CRM is asked when the seats are known and none is free.
#include "proxy/connectors/crm.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/storage/database.h"

#include <string>
#include <vector>

namespace gd {

class CrmSeats {
public:
    static constexpr int kMaxLicences = 100000;

    CrmSeats(Database& db, Clock& clock) : db_(db), clock_(clock) {}

    // The CRM's count of active users, with the licences from the first source that has them.
    // Where the CRM cannot count seats (not_supported) the active users are counted from its
    // users: `users` when the caller has read them already, else users().
    Result<SeatCount> read(const std::string& tenant, CrmAdmin& crm, const std::vector<CrmUser>* users = nullptr);
    // The CRM's answer with GroupDesk's own licences where the CRM did not say them.
    Result<SeatCount> complete(const std::string& tenant, SeatCount from_crm);
    // Keeps what the administrator read in the CRM's billing page. bad_request on the field when
    // a number is not 0..kMaxLicences.
    Result<Done> enter(const std::string& tenant, const SeatLicences& licences);
    // The CRM refused an add for want of a seat while `active` users took one.
    Result<Done> learn_full(const std::string& tenant, int active);

private:
    Result<Done> store(const std::string& tenant, const char* source, int paid, int technical);

    Database& db_;
    Clock& clock_;
};

// crm_no_free_seat when the seats are known and every one is taken.
Result<Done> seat_is_free(const SeatCount& seats);

} // namespace gd
