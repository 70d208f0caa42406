#pragma once
// The connected number's state, as every write to WhatsApp must see it: a banned, warned or
// logged-out number receives nothing. An answer older than trust_for is asked again, so a
// running job notices a warning within seconds; racing callers share one look (single-flight)
// and no lock is held while the gateway answers.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/whatsapp_gateway.h"

#include <condition_variable>
#include <mutex>

namespace gd {

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
    Result<ConnectionState> look(bool must_be_new);

    WhatsAppGateway& gateway_;
    Clock& clock_;
    Clock::Duration trust_for_;
    std::mutex mutex_;
    std::condition_variable answered_;
    bool asking_ = false;
    uint64_t looks_ = 0;   // answers so far: a caller that must see a new one waits for the next
    bool known_ = false;
    Clock::Duration asked_at_{0};
    Result<ConnectionState> last_ = Error{ErrorCode::unknown, "not asked yet"};
};

} // namespace gd
