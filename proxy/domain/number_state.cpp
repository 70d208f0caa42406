#include "proxy/domain/number_state.h"

#include "shared/outcomes.h"

namespace gd {

namespace {
const int kTheNumber = 0;
}

NumberState::NumberState(WhatsAppGateway& gateway, Clock& clock, Clock::Duration trust_for)
    : gateway_(gateway), clock_(clock), trust_for_(trust_for) {}

std::optional<Result<ConnectionState>> NumberState::trusted() {
    std::lock_guard lock(mutex_);
    if (kept_ && clock_.now() - asked_at_ < trust_for_) return kept_;
    return std::nullopt;
}

Result<ConnectionState> NumberState::look(bool reuse_trusted) {
    if (reuse_trusted)
        if (std::optional<Result<ConnectionState>> kept = trusted()) return *kept;
    // Dated when asked, not when answered: the number may have changed while the gateway answered.
    const Clock::Duration asked_at = clock_.now();
    Result<ConnectionState> answer = gateway_.connection_state();
    std::lock_guard lock(mutex_);
    if (!kept_ || asked_at >= asked_at_) {
        kept_ = answer;
        asked_at_ = asked_at;
    }
    return answer;
}

Result<ConnectionState> NumberState::current() {
    if (std::optional<Result<ConnectionState>> kept = trusted()) return *kept;
    return looks_.run(kTheNumber, [this] { return look(true); });
}

Result<ConnectionState> NumberState::fresh() {
    return looks_.run(kTheNumber, [this] { return look(false); });
}

Result<ConnectionState> NumberState::ready_for_writes() {
    Result<ConnectionState> state = current();
    if (!state) return state.error();
    ErrorCode problem = connection_problem(state->status);
    // "starting" is refused as logged out: say which, since the number is about to be back.
    if (problem != ErrorCode::unknown) return Error{problem, state->status == ConnectionStatus::starting ? "starting" : ""};
    return state;
}

} // namespace gd
