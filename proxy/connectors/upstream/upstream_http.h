#pragma once
// The one HTTP client every connector uses to reach its upstream (a WhatsApp gateway, a CRM):
// client-side rate limits per key with memory of the upstream's 429/503 (lane_pacer.h), retries
// with backoff for answers that are safe to retry, timeouts, and logs that never show a URL
// (tokens live in some paths).
#include "proxy/connectors/upstream/clock.h"
#include "proxy/connectors/upstream/lane_pacer.h"
#include "shared/result.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace httplib { class Client; }

namespace gd {

struct UpstreamRequest {
    std::string method = "GET";
    std::string path;                 // appended to the base URL's path; may hold a token: never logged
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;   // may hold keys: never logged
    std::string operation;            // what logs and errors name instead of the URL ("getGroupData")
    std::string rate_key;             // requests sharing a key share a rate limit; empty = "default"
    // Safe to send twice: reads, and writes the upstream ignores when repeated. Non-idempotent
    // requests are retried only when they surely did not reach the upstream (connect failure, 429).
    bool idempotent = true;
};

struct UpstreamResponse {
    int status = 0;
    std::string body;
    std::multimap<std::string, std::string> headers;
    std::string header(const std::string& name) const;   // case-insensitive, first value or ""
};

struct UpstreamPolicy {
    int max_attempts = 3;
    Clock::Duration first_backoff{1000};
    Clock::Duration max_backoff{30000};
    Clock::Duration connect_timeout{5000};
    Clock::Duration read_timeout{30000};
    double default_rate_per_second = 5;   // for keys without their own rate
    // A 429/503 pauses its key for Retry-After (or the backoff), capped at max_backoff; then the
    // key runs at this share of its rate for this long.
    Clock::Duration slow_lane_for{60000};
    double slow_lane_share = 0.5;
    ErrorCode unavailable = ErrorCode::gateway_unavailable;   // what an unreachable upstream is
    // When retries run out on 429/5xx: an Error by default; true hands the last answer back, for
    // upstreams whose body says what the status meant (Bitrix24 answers 503 both for its rate
    // limit and for a block by its support).
    bool answer_when_retries_run_out = false;
};

// Replaces every occurrence of `secret` in `text` with `marker` (an empty secret changes nothing).
// The search goes on past each replacement, so a marker holding the secret cannot loop.
void hide_secret(std::string& text, std::string_view secret, std::string_view marker = "(hidden)");

class UpstreamHttp {
public:
    // base_url: "https://host[:port][/prefix]". Throws std::invalid_argument when it is not a URL.
    UpstreamHttp(const std::string& base_url, UpstreamPolicy policy, Clock& clock);
    ~UpstreamHttp();

    // At most `per_second` requests a second for this key, in every sliding window as the upstream
    // counts them at arrival (LanePacer).
    void set_rate(const std::string& rate_key, double per_second);

    // An HTTP answer of any status is a value (connectors read 4xx bodies); an Error means no
    // answer came: unreachable after retries, or the upstream kept saying 429/5xx.
    Result<UpstreamResponse> send(const UpstreamRequest& request);

    // A credential this client sends (API key, token in a path). An upstream may echo it back in
    // an error ("Cannot GET /waInstance1/x/<token>"); every answer has it replaced by "(hidden)"
    // before a connector reads it, so it cannot travel on into an error, a log or the audit log.
    void add_secret(const std::string& secret);

    int requests_sent() const;

private:
    void hide_secrets(std::string& text) const;

    UpstreamPolicy policy_;
    Clock& clock_;
    std::string prefix_;
    std::unique_ptr<httplib::Client> client_;
    LanePacer lanes_;
    mutable std::mutex mutex_;
    int sent_ = 0;
    std::vector<std::string> secrets_;
};

// Seconds from a Retry-After header ("120" or an HTTP date, which we treat as unknown: -1).
int retry_after_seconds(const std::string& value);

} // namespace gd
