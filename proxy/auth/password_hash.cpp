#include "proxy/auth/password_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace gd {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;
constexpr int kMaxIterations = 10000000;   // a stored value asking for more is not ours

std::string base64(const unsigned char* data, size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, (int)size);
    out.resize((size_t)n);
    return out;
}

bool unbase64(const std::string& text, std::vector<unsigned char>& out) {
    if (text.empty() || text.size() % 4 != 0) return false;
    out.assign(3 * text.size() / 4, 0);
    int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), (int)text.size());
    if (n < 0) return false;
    size_t padding = text.size() - text.find_last_not_of('=') - 1;
    out.resize((size_t)n - padding);
    return true;
}

std::vector<unsigned char> random_bytes(int count) {
    std::vector<unsigned char> bytes((size_t)count);
    if (RAND_bytes(bytes.data(), count) != 1) throw std::runtime_error("the system has no random bytes to give");
    return bytes;
}

std::vector<unsigned char> pbkdf2(const std::string& password, const std::vector<unsigned char>& salt, int iterations) {
    std::vector<unsigned char> hash(kHashBytes);
    if (PKCS5_PBKDF2_HMAC(password.data(), (int)password.size(), salt.data(), (int)salt.size(), iterations,
                          EVP_sha256(), kHashBytes, hash.data()) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return hash;
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + 1;
    }
    parts.push_back(text.substr(start));
    return parts;
}

} // namespace

std::string hash_password(const std::string& password, int iterations) {
    std::vector<unsigned char> salt = random_bytes(kSaltBytes);
    std::vector<unsigned char> hash = pbkdf2(password, salt, iterations);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + base64(salt.data(), salt.size()) + "$" +
           base64(hash.data(), hash.size());
}

bool verify_password(const std::string& password, const std::string& stored) {
    std::vector<std::string> parts = split(stored, '$');
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
    int iterations = 0;
    try {
        iterations = std::stoi(parts[1]);
    } catch (const std::exception&) {
        return false;
    }
    std::vector<unsigned char> salt, expected;
    if (iterations < 1 || iterations > kMaxIterations || !unbase64(parts[2], salt) || !unbase64(parts[3], expected) ||
        expected.size() != (size_t)kHashBytes)
        return false;
    std::vector<unsigned char> actual = pbkdf2(password, salt, iterations);
    return CRYPTO_memcmp(actual.data(), expected.data(), kHashBytes) == 0;
}

std::string random_token(int bytes) {
    std::vector<unsigned char> raw = random_bytes(bytes);
    std::string text = base64(raw.data(), raw.size());
    while (!text.empty() && text.back() == '=') text.pop_back();
    for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return text;
}

std::string sha256_hex(const std::string& data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char byte : digest) {
        out += hex[byte >> 4];
        out += hex[byte & 15];
    }
    return out;
}

} // namespace gd
