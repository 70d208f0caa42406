#pragma once
// What the concurrency stories share: a call started on another thread that the test can ask
// "has it finished?" with a deadline (so a test that would hang fails instead), and a wait for a
// condition other threads make true.
#include <chrono>
#include <functional>
#include <future>
#include <thread>

namespace gd::test {

// Long enough for any loaded machine, short enough that a lock held across a blocked call shows
// as a failure rather than a hung suite.
inline constexpr std::chrono::seconds kPatience{5};

// Runs `call` on its own thread.
template <class Call>
auto on_another_thread(Call call) {
    return std::async(std::launch::async, std::move(call));
}

template <class T>
bool finishes(std::future<T>& running) {
    return running.wait_for(kPatience) == std::future_status::ready;
}

// True once `condition` holds, false if it still does not after kPatience.
inline bool eventually(const std::function<bool()>& condition) {
    const auto give_up = std::chrono::steady_clock::now() + kPatience;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

} // namespace gd::test
