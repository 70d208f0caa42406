#pragma once
// What signing in stands on in the proxy's stories: a data file of its own, a manual clock,
// stored logins (with fast hashes), sessions and the sign-in throttle.
#include "proxy/auth/login_throttle.h"
#include "proxy/auth/logins.h"
#include "proxy/auth/sessions.h"
#include "proxy_test_support.h"

namespace gd::test {

inline constexpr int kFastIterations = 1000;   // the real default is 600000; the format carries the count

struct SignInStore {
    explicit SignInStore(ThrottleLimits limits = {}) : throttle(clock, limits) {}
    ScratchDir dir;
    std::unique_ptr<Database> db = open_data_file(dir / "data");
    ManualClock clock;
    Logins logins{*db, kFastIterations};
    Sessions sessions{*db, clock, 60};
    LoginThrottle throttle;
};

} // namespace gd::test
