#include "web/platform/secure_random.h"

#ifdef __EMSCRIPTEN__
#include <unistd.h>   // getentropy: crypto.getRandomValues underneath
#else
#include <exception>
#include <random>
#endif

namespace gd {

namespace {

#ifdef __EMSCRIPTEN__
class BrowserRandom : public SecureRandom {
public:
    bool next(uint32_t& value) override { return getentropy(&value, sizeof value) == 0; }
};
using PlatformRandom = BrowserRandom;
#else
class OsRandom : public SecureRandom {
public:
    bool next(uint32_t& value) override {
        try {
            static std::random_device device;   // opened on first use; a failed open is tried again
            value = device();
            return true;
        } catch (const std::exception&) {   // no entropy source: std::random_device throws
            return false;
        }
    }
};
using PlatformRandom = OsRandom;
#endif

} // namespace

SecureRandom& platform_random() {
    static PlatformRandom instance;
    return instance;
}

} // namespace gd
