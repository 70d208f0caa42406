#pragma once
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/whatsapp_gateway.h"
#include "proxy/domain/single_flight.h"

#include <chrono>
#include <mutex>
#include <optional>

namespace gd {

// The connected number's state, as every write to WhatsApp must see it: a banned, warned or
// logged-out number receives nothing. An answer older than trust_for is asked again, so a
// running job notices a warning within seconds; racing callers share one look (single-flight)
// and no lock is held while the gateway answers.
class NumberState {
public:
    NumberState(WhatsAppGateway& gateway, Clock& clock, Clock::Duration trust_for = std::chrono::seconds(2));
    // The state, at most trust_for old.
    Result<ConnectionState> current();
    // The state now (a person asked, e.g. GET /api/v1/connection): joins a look already under way, else asks.
    Result<ConnectionState> fresh();
    // The state when a write may go out now; else Error{number_banned | number_warned |
    // number_logged_out (also for "starting") | the gateway's own error}. Uses current().
    Result<ConnectionState> ready_for_writes();

private:
    // The kept answer when it was asked less than trust_for ago.
    std::optional<Result<ConnectionState>> trusted();
    // Asks the gateway and keeps the answer; with reuse_trusted, first takes an answer that
    // landed while this caller was deciding to look.
    Result<ConnectionState> look(bool reuse_trusted);

    WhatsAppGateway& gateway_;
    Clock& clock_;
    const Clock::Duration trust_for_;
    std::mutex mutex_;   // guards the kept answer only, never held while the gateway answers
    std::optional<Result<ConnectionState>> kept_;
    Clock::Duration asked_at_{0};
    SingleFlight<int, Result<ConnectionState>> looks_;   // one number, one key
};

} // namespace gd
