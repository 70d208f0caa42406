#include "proxy/connectors/amocrm/amo_widget_token.h"

#include "proxy/connectors/amocrm/amo_records.h"
#include "proxy/connectors/upstream/ascii_text.h"

#include <jwt.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <exception>
#include <memory>

namespace gd {

namespace {

constexpr int64_t kClockSkewSeconds = 60;
constexpr size_t kMaxTokenLength = 8192;   // amoCRM's are about 700 bytes

struct JwtFree {
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

Error rejected(const char* reason) { return {ErrorCode::crm_token_rejected, reason}; }

// libjwt decodes with the key given; without one it skips the signature, which is only ever used
// here to tell a malformed token from a forged one before the real check.
JwtPtr decode(const std::string& token, const std::string* key) {
    jwt_t* jwt = nullptr;
    int failed = key ? jwt_decode(&jwt, token.c_str(), reinterpret_cast<const unsigned char*>(key->data()), (int)key->size())
                     : jwt_decode(&jwt, token.c_str(), nullptr, 0);
    if (failed) {
        if (jwt) jwt_free(jwt);
        return nullptr;
    }
    return JwtPtr(jwt);
}

nlohmann::json claims_of(jwt_t* jwt) {
    char* text = jwt_get_grants_json(jwt, nullptr);
    if (!text) return nullptr;
    nlohmann::json claims = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    std::free(text);
    return claims;
}

bool time_claim(const nlohmann::json& claims, const char* key, int64_t& out) {
    auto it = claims.find(key);
    if (it == claims.end() || !it->is_number_integer()) return false;
    out = it->get<int64_t>();
    return true;
}

std::string string_claim(const nlohmann::json& claims, const char* key) {
    auto it = claims.find(key);
    return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// "acme.amocrm.ru" from "https://acme.amocrm.ru" (or ".../") when the scheme is the accounts'
// one; "" for anything else.
std::string host_of(const std::string& url, const std::string& account_scheme) {
    const std::string scheme = account_scheme + "://";
    if (url.rfind(scheme, 0) != 0) return {};
    std::string host = without_trailing_slash(url.substr(scheme.size()));
    if (host.empty() || host.find_first_of("/?#@") != std::string::npos) return {};
    return ascii_lowercase(host);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

std::string audience_of(const std::string& redirect_uri) {
    size_t scheme_end = redirect_uri.find("://");
    if (scheme_end == std::string::npos) return {};
    std::string scheme = ascii_lowercase(redirect_uri.substr(0, scheme_end));
    if (scheme != "https" && scheme != "http") return {};
    size_t host_end = redirect_uri.find_first_of("/?#", scheme_end + 3);
    std::string host = redirect_uri.substr(scheme_end + 3, host_end == std::string::npos ? std::string::npos
                                                                                         : host_end - scheme_end - 3);
    if (host.empty()) return {};
    return scheme + "://" + ascii_lowercase(host);
}

WidgetTokenSettings widget_token_settings(const AmoIntegration& integration) {
    return {integration.client_secret, integration.client_id, audience_of(integration.redirect_uri),
            integration.account_scheme};
}

// ---------------------------------------------------------------------------------------------
// Ledger
// ---------------------------------------------------------------------------------------------

MemoryJtiLedger::MemoryJtiLedger(Clock& clock) : clock_(clock) {}

bool MemoryJtiLedger::first_use(const std::string& jti, int64_t expires_at) {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.unix_seconds();
    for (auto it = seen_.begin(); it != seen_.end();)   // forget tokens that can no longer pass
        it = it->second <= now ? seen_.erase(it) : std::next(it);
    return seen_.emplace(jti, expires_at).second;
}

size_t MemoryJtiLedger::remembered() const {
    std::lock_guard lock(mutex_);
    return seen_.size();
}

// ---------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------

Result<WidgetIdentity> verify_widget_token(const std::string& jwt, const WidgetTokenSettings& settings, Clock& clock,
                                           JtiLedger& ledger) {
    // A proxy without its keys must refuse everything, not accept what an empty key signs.
    if (settings.client_secret.empty() || settings.client_id.empty() || settings.audience.empty())
        return rejected("not_configured");
    if (jwt.empty()) return rejected("empty");
    if (jwt.size() > kMaxTokenLength || std::count(jwt.begin(), jwt.end(), '.') != 2) return rejected("malformed");

    JwtPtr unverified = decode(jwt, nullptr);
    if (!unverified) return rejected("malformed");
    const char* header_alg = jwt_get_header(unverified.get(), "alg");
    if (!header_alg || std::string(header_alg) != "HS256") return rejected("algorithm");

    JwtPtr verified = decode(jwt, &settings.client_secret);
    if (!verified || jwt_get_alg(verified.get()) != JWT_ALG_HS256) return rejected("signature");
    unverified.reset();

    const nlohmann::json claims = claims_of(verified.get());
    if (!claims.is_object()) return rejected("claims");

    const int64_t now = clock.unix_seconds();
    int64_t exp = 0, nbf = 0, iat = 0;
    if (!time_claim(claims, "exp", exp)) return rejected("claims");
    if (now >= exp) return rejected("expired");
    if (claims.contains("nbf") && !time_claim(claims, "nbf", nbf)) return rejected("claims");
    if (claims.contains("iat") && !time_claim(claims, "iat", iat)) return rejected("claims");
    if (nbf > now + kClockSkewSeconds || iat > now + kClockSkewSeconds) return rejected("not_yet_valid");

    if (without_trailing_slash(string_claim(claims, "aud")) != without_trailing_slash(settings.audience))
        return rejected("audience");
    if (string_claim(claims, "client_uuid") != settings.client_id) return rejected("client");

    WidgetIdentity identity;
    identity.subdomain = ascii_lowercase(string_claim(claims, "subdomain"));
    identity.account_host = host_of(string_claim(claims, "iss"), settings.account_scheme);
    // The issuer is the account's own host, "<subdomain>.amocrm.ru" (or .com, .kommo.com).
    if (identity.subdomain.empty() || identity.account_host.rfind(identity.subdomain + ".", 0) != 0)
        return rejected("issuer");
    identity.account_id = claims.contains("account_id") ? amo_id(claims["account_id"]) : std::string();
    if (identity.account_id.empty()) return rejected("account");
    identity.user_id = claims.contains("user_id") ? amo_id(claims["user_id"]) : std::string();
    if (identity.user_id.empty()) return rejected("user");
    auto is_admin = claims.find("is_admin");
    identity.is_admin = is_admin != claims.end() && is_admin->is_boolean() && is_admin->get<bool>();
    identity.jti = string_claim(claims, "jti");
    if (identity.jti.empty() || identity.jti.size() > 128) return rejected("jti");
    identity.expires_at = exp;

    bool first = false;
    try {
        first = ledger.first_use(identity.jti, exp);
    } catch (const std::exception& e) {   // the data file's ledger throws StorageError
        return Error{ErrorCode::storage_failed, std::string("the used-token ledger: ") + e.what()};
    }
    if (!first) return rejected("replayed");
    return identity;
}

Result<Done> check_token_account(const WidgetIdentity& identity, const CrmAccount& account) {
    if (account.crm != "amocrm" || identity.account_id != account.id) return rejected("account");
    size_t scheme_end = account.base_url.find("://");
    std::string stored_host = scheme_end == std::string::npos ? std::string() : ascii_lowercase(without_trailing_slash(account.base_url.substr(scheme_end + 3)));
    if (stored_host != identity.account_host) return rejected("account");
    return Done{};
}

} // namespace gd
