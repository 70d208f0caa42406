#include "proxy/domain/crm_seats.h"

#include <algorithm>
#include <cstdio>

namespace gd {

namespace {

Error storage_failed(const StorageError& e) {
    std::fprintf(stderr, "crm seats: %s\n", e.what());
    return Error{ErrorCode::storage_failed, {}, {}};
}

} // namespace

Result<SeatCount> CrmSeats::read(const std::string& tenant, CrmAdmin& crm, const std::vector<CrmUser>* users) {
    Result<SeatCount> seats = crm.seats();
    if (!seats && seats.error().code == ErrorCode::not_supported) {
        Result<std::vector<CrmUser>> read = users ? Result<std::vector<CrmUser>>(*users) : crm.users();
        if (!read) return read.error();
        SeatCount counted;
        for (const CrmUser& u : read.value())
            if (u.active && !u.is_free) ++counted.active;
        seats = counted;
    }
    if (!seats) return seats.error();
    return complete(tenant, seats.value());
}

Result<SeatCount> CrmSeats::complete(const std::string& tenant, SeatCount seats) {
    if (seats.source == "crm") return seats;
    try {
        // 'entered' sorts before 'learned': the administrator's word wins.
        Statement st = db_.prepare("SELECT source, paid, technical FROM seat_licences WHERE tenant = ?1 "
                                   "ORDER BY source LIMIT 1");
        st.bind(1, tenant);
        if (st.step()) {
            seats.source = st.text(0);
            seats.paid = (int)st.integer(1);
            seats.technical = (int)st.integer(2);
        } else {
            seats.source = "unknown";
            seats.paid = seats.technical = 0;
        }
        return seats;
    } catch (const StorageError& e) {
        return storage_failed(e);
    }
}

Result<Done> CrmSeats::enter(const std::string& tenant, const SeatLicences& licences) {
    const std::string range = " must be a whole number from 0 to " + std::to_string(kMaxLicences);
    if (licences.paid < 0 || licences.paid > kMaxLicences) return Error{ErrorCode::bad_request, "paid" + range, "paid"};
    if (licences.technical < 0 || licences.technical > kMaxLicences)
        return Error{ErrorCode::bad_request, "technical" + range, "technical"};
    return store(tenant, "entered", licences.paid, licences.technical);
}

Result<Done> CrmSeats::learn_full(const std::string& tenant, int active) {
    return store(tenant, "learned", std::max(active, 0), 0);
}

Result<Done> CrmSeats::store(const std::string& tenant, const char* source, int paid, int technical) {
    try {
        db_.run("INSERT INTO seat_licences (tenant, source, paid, technical, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                "ON CONFLICT (tenant, source) DO UPDATE SET paid = ?3, technical = ?4, updated_at = ?5",
                tenant, std::string(source), paid, technical, clock_.unix_seconds());
        return Done{};
    } catch (const StorageError& e) {
        return storage_failed(e);
    }
}

Result<Done> seat_is_free(const SeatCount& seats) {
    if (seats.known() && seats.free() <= 0)
        return Error{ErrorCode::crm_no_free_seat,
                     std::to_string(seats.active) + " active of " + std::to_string(seats.paid + seats.technical) +
                         " licences (" + seats.source + ")",
                     {}};
    return Done{};
}

} // namespace gd
