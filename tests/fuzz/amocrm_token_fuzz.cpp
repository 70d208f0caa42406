// The amoCRM card's X-Auth-Token exactly as a browser (or anyone) sends it: header, claims and
// signature all fuzzed. Few inputs get past the signature; amocrm_signed_claims_fuzz.cpp reaches
// the claim checks.
#include "amocrm_token_check.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    gd::fuzz::check_widget_token(std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
