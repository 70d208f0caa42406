#pragma once
// The platform's cryptographic random source: in the browser Emscripten's getentropy() (the page's
// crypto.getRandomValues), natively std::random_device (the OS). Builds for both, unlike the rest
// of web/platform/, so the native UI tests generate passwords as the browser does.
#include "web/state/secure_random.h"

namespace gd {

SecureRandom& platform_random();

} // namespace gd
