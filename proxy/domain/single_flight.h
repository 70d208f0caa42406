#pragma once
// One call in flight per key: callers that ask for a key while a call for it is under way wait for
// that call's answer instead of making their own; callers for other keys never wait for it. The
// lock guards only the table of calls in flight, never the call itself, so one slow upstream
// answer holds up only the callers that need that very answer.
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace gd {

template <class Key, class Value>
class SingleFlight {
public:
    // call()'s answer, or the answer of the call for this key already in flight. An exception
    // thrown by the call reaches every caller that shared it.
    template <class Call>
    Value run(const Key& key, Call&& call) {
        std::shared_ptr<Flight> flight;
        {
            std::unique_lock lock(mutex_);
            auto found = flights_.find(key);
            if (found != flights_.end()) {
                flight = found->second;
                ++flight->sharing;
                flight->landed.wait(lock, [&] { return flight->done; });
                if (flight->failure) std::rethrow_exception(flight->failure);
                return *flight->value;
            }
            flight = std::make_shared<Flight>();
            flights_.emplace(key, flight);
        }
        std::optional<Value> value;
        std::exception_ptr failure;
        try {
            value.emplace(call());
        } catch (...) {
            failure = std::current_exception();
        }
        {
            std::lock_guard lock(mutex_);
            flight->value = value;
            flight->failure = failure;
            flight->done = true;
            flights_.erase(key);
        }
        flight->landed.notify_all();
        if (failure) std::rethrow_exception(failure);
        return std::move(*value);
    }

    // How many callers wait for the call for this key besides the one making it (0 when none is
    // in flight): lets a caller, or a test, see that racing callers joined one call.
    int sharing(const Key& key) const {
        std::lock_guard lock(mutex_);
        auto found = flights_.find(key);
        return found == flights_.end() ? 0 : found->second->sharing;
    }

private:
    struct Flight {
        std::condition_variable landed;
        bool done = false;
        int sharing = 0;
        std::optional<Value> value;
        std::exception_ptr failure;
    };
    mutable std::mutex mutex_;
    std::map<Key, std::shared_ptr<Flight>> flights_;
};

} // namespace gd
