#pragma once
// Cryptographic random numbers for what must not be guessed (a new user's password, an
// Idempotency-Key). The browser's crypto.getRandomValues or the OS: web/platform/secure_random.h.
#include <cstdint>

namespace gd {

class SecureRandom {
public:
    virtual ~SecureRandom() = default;
    // A uniform 32-bit value; false when the source has none to give (never a weak fallback).
    virtual bool next(uint32_t& value) = 0;
};

} // namespace gd
