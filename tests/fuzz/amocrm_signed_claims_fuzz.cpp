// Tokens signed with the integration's secret over fuzzed claims, the way amoCRM signs real ones
// (HS256 over base64url(header) "." base64url(claims)), so every input passes the signature and
// reaches the checks of the claims themselves: times, audience, client, issuer, ids, jti, replay.
// The claims' bytes are signed as they are (not re-encoded), so they reach libjwt's JSON reader too.
#include "amocrm_token_check.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <string>

namespace {

std::string base64url(const std::string& bytes) {
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const uint32_t n = (uint8_t)bytes[i] << 16 | (uint8_t)bytes[i + 1] << 8 | (uint8_t)bytes[i + 2];
        for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
    }
    if (i + 1 == bytes.size()) {
        const uint32_t n = (uint8_t)bytes[i] << 16;
        for (int shift : {18, 12}) out += kAlphabet[(n >> shift) & 63];
    } else if (i + 2 == bytes.size()) {
        const uint32_t n = (uint8_t)bytes[i] << 16 | (uint8_t)bytes[i + 1] << 8;
        for (int shift : {18, 12, 6}) out += kAlphabet[(n >> shift) & 63];
    }
    return out;   // unpadded (RFC 7515 §2)
}

std::string hs256(const std::string& key, const std::string& message) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), (int)key.size(), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), mac, &length);
    return std::string(reinterpret_cast<const char*>(mac), length);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string claims(reinterpret_cast<const char*>(data), size);
    const std::string signed_part = base64url(R"({"typ":"JWT","alg":"HS256"})") + "." + base64url(claims);
    gd::fuzz::check_widget_token(signed_part + "." + base64url(hs256(gd::fuzz::kAmoSecret, signed_part)));
    return 0;
}
