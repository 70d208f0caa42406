#pragma once
// Passwords of the proxy's own logins (the standalone page), stored as salted slow hashes:
// PBKDF2-HMAC-SHA256 from OpenSSL, "pbkdf2-sha256$<iterations>$<salt>$<hash>" (base64). The
// iteration count travels with each hash, so raising the default later keeps old hashes valid.
#include <string>

namespace gd {

// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
inline constexpr int kPasswordIterations = 600000;

std::string hash_password(const std::string& password, int iterations = kPasswordIterations);

// False for a wrong password and for a stored value that is not one of our hashes. Compares in
// constant time.
bool verify_password(const std::string& password, const std::string& stored);

// Random bytes as URL-safe base64 without padding (session tokens, salts).
std::string random_token(int bytes);

// SHA-256 as lowercase hex: how session tokens are kept, so a stolen data file holds none.
std::string sha256_hex(const std::string& data);

} // namespace gd
