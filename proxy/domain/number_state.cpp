#include "proxy/domain/number_state.h"

#include "shared/outcomes.h"

namespace gd {

NumberState::NumberState(WhatsAppGateway& gateway, Clock& clock, Clock::Duration trust_for)
    : gateway_(gateway), clock_(clock), trust_for_(trust_for) {}

Result<ConnectionState> NumberState::look(bool must_be_new) {
    std::unique_lock lock(mutex_);
    const uint64_t seen = looks_;
    for (;;) {
        const bool trusted = known_ && clock_.now() - asked_at_ < trust_for_;
        if (!must_be_new && trusted) return last_;
        if (must_be_new && looks_ > seen && !asking_) return last_;
        if (!asking_) break;
        // Somebody is asking: their answer is ours too.
        answered_.wait(lock);
        if (looks_ > seen) return last_;
    }
    asking_ = true;
    const Clock::Duration started = clock_.now();
    lock.unlock();
    Result<ConnectionState> answer = gateway_.connection_state();
    lock.lock();
    asking_ = false;
    last_ = answer;
    known_ = true;
    asked_at_ = started;   // trusted from when it was asked, not from when it came back
    ++looks_;
    answered_.notify_all();
    return answer;
}

Result<ConnectionState> NumberState::current() { return look(false); }
Result<ConnectionState> NumberState::fresh() { return look(true); }

Result<ConnectionState> NumberState::ready_for_writes() {
    Result<ConnectionState> state = current();
    if (!state) return state;
    if (state->status != ConnectionStatus::connected) return Error{connection_problem(state->status), {}};
    return state;
}

} // namespace gd
