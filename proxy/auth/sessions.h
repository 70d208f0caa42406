#pragma once
// The proxy's own sessions. A session token is 256 random bits the widget keeps in memory and
// sends as "Authorization: Bearer <token>" (no cookie: third-party cookies are blocked in CRM
// iframes, and without one there is no CSRF). The store keeps only the token's SHA-256.
#include "proxy/connectors/upstream/clock.h"
#include "proxy/storage/database.h"
#include "shared/result.h"
#include "shared/types.h"

#include <string>

namespace gd {

// The key a session's rows are kept under: its token's SHA-256 (the token itself is never stored).
std::string session_key(const std::string& token);

class Sessions {
public:
    Sessions(Database& db, Clock& clock, int lifetime_minutes);

    Session open(const SessionUser& user);
    // not_signed_in for an unknown or revoked token, session_expired after its lifetime.
    Result<SessionUser> find(const std::string& token);
    void close(const std::string& token);
    // Every session of a tenant ("bitrix24:<member_id>" when the portal removes the app), with the
    // CRM pairs kept beside them. Returns how many were open.
    int close_tenant(const std::string& tenant);

private:
    Database& db_;
    Clock& clock_;
    int64_t lifetime_seconds_;
};

} // namespace gd
