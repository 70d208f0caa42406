#include "proxy/connectors/upstream/upstream_http.h"

#include "proxy/connectors/upstream/ascii_text.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <stdexcept>

namespace gd {

namespace {

// 429 means "not now": nothing happened upstream. 5xx may have half-happened: only retried when
// the request is idempotent.
bool retryable(int status, bool idempotent) {
    if (status == 429) return true;
    return idempotent && (status == 500 || status == 502 || status == 503 || status == 504);
}

// The upstream's own word that it is overloaded or counting us: the whole key slows (lane_pacer.h).
bool throttled(int status) { return status == 429 || status == 503; }

// A booked turn handed back when the request ends, however it ends.
struct FinishedTurn {
    LanePacer& lanes;
    LaneTurn turn;
    ~FinishedTurn() { lanes.finish(turn); }
};

httplib::Result perform(httplib::Client& client, const std::string& method, const std::string& path,
                        const httplib::Headers& headers, const UpstreamRequest& request) {
    httplib::Client* client_ = &client;
    const char* type = request.content_type.c_str();
    if (method == "GET") return client_->Get(path.c_str(), headers);
    if (method == "DELETE") return client_->Delete(path.c_str(), headers, request.body, type);
    if (method == "PUT") return client_->Put(path.c_str(), headers, request.body, type);
    if (method == "PATCH") return client_->Patch(path.c_str(), headers, request.body, type);
    return client_->Post(path.c_str(), headers, request.body, type);
}

} // namespace

std::string UpstreamResponse::header(const std::string& name) const {
    for (const auto& [key, value] : headers)
        if (equals_ignoring_case(key, name)) return value;
    return {};
}

int retry_after_seconds(const std::string& value) {
    if (value.empty() || value.size() > 9) return -1;
    for (char c : value)
        if (c < '0' || c > '9') return -1;
    return std::stoi(value);
}

UpstreamHttp::UpstreamHttp(const std::string& base_url, UpstreamPolicy policy, Clock& clock)
    : policy_(policy), clock_(clock),
      lanes_(clock, {policy.default_rate_per_second, policy.slow_lane_for, policy.slow_lane_share}) {
    size_t scheme_end = base_url.find("://");
    if (scheme_end == std::string::npos) throw std::invalid_argument("not a URL (expected https://host)");
    std::string scheme = base_url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") throw std::invalid_argument("URL scheme must be http or https");
    size_t path_start = base_url.find('/', scheme_end + 3);
    std::string origin = path_start == std::string::npos ? base_url : base_url.substr(0, path_start);
    if (origin.size() <= scheme_end + 3) throw std::invalid_argument("URL has no host");
    if (path_start != std::string::npos) prefix_ = base_url.substr(path_start);
    while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();

    client_ = std::make_unique<httplib::Client>(origin);
    if (!client_->is_valid()) throw std::invalid_argument("URL is not usable");
    auto ms = [](Clock::Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d); };
    client_->set_connection_timeout(ms(policy_.connect_timeout));
    client_->set_read_timeout(ms(policy_.read_timeout));
    client_->set_write_timeout(ms(policy_.read_timeout));
    client_->set_keep_alive(true);
    // cpp-httplib writes a request's head and body in separate writes: on a kept-alive connection
    // Nagle's algorithm holds the body until the upstream's delayed ACK, about 40 ms a request.
    client_->set_tcp_nodelay(true);
}

UpstreamHttp::~UpstreamHttp() = default;

void UpstreamHttp::set_rate(const std::string& rate_key, double per_second) { lanes_.set_rate(rate_key, per_second); }

int UpstreamHttp::requests_sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
}

// Locked: a CRM connector adds each new token after a refresh while other threads' answers are
// being cleaned.
void UpstreamHttp::add_secret(const std::string& secret) {
    std::lock_guard lock(mutex_);
    if (!secret.empty()) secrets_.push_back(secret);
}

void hide_secret(std::string& text, std::string_view secret, std::string_view marker) {
    if (secret.empty()) return;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + marker.size()))
        text.replace(at, secret.size(), marker);
}

void UpstreamHttp::hide_secrets(std::string& text) const {
    std::lock_guard lock(mutex_);
    for (const std::string& secret : secrets_) hide_secret(text, secret);
}

Result<UpstreamResponse> UpstreamHttp::send(const UpstreamRequest& request) {
    const std::string key = request.rate_key.empty() ? "default" : request.rate_key;
    const std::string what = request.operation.empty() ? request.method : request.operation;
    httplib::Headers headers;
    for (const auto& [name, value] : request.headers) headers.emplace(name, value);
    const std::string path = prefix_ + request.path;

    Clock::Duration backoff = policy_.first_backoff;
    std::string last_problem;
    for (int attempt = 1; attempt <= policy_.max_attempts; ++attempt) {
        httplib::Result result = [&] {
            FinishedTurn turn{lanes_, lanes_.take_turn(key)};   // its slot frees a window after the answer
            {
                std::lock_guard lock(mutex_);
                ++sent_;
            }
            return perform(*client_, request.method, path, headers, request);
        }();

        bool last = attempt == policy_.max_attempts;
        if (!result) {
            // Connection refused or reset before an answer: retry only if the upstream surely did
            // not act (connect failed) or the request is idempotent.
            httplib::Error error = result.error();
            last_problem = httplib::to_string(error);
            bool never_sent = error == httplib::Error::Connection || error == httplib::Error::SSLConnection;
            std::cerr << "upstream " << what << ": no answer (" << last_problem << "), attempt " << attempt << "\n";
            if (last || !(never_sent || request.idempotent)) break;
            clock_.sleep_for(backoff);
            backoff = std::min(backoff * 2, policy_.max_backoff);
            continue;
        }

        UpstreamResponse response;
        response.status = result->status;
        response.body = std::move(result->body);
        hide_secrets(response.body);
        for (auto [name, value] : result->headers) {
            hide_secrets(value);
            response.headers.emplace(name, value);
        }
        // A throttled key waits out the pause before any of its requests, this one's retry too.
        int after = retry_after_seconds(response.header("Retry-After"));
        Clock::Duration pause = std::min(after >= 0 ? Clock::Duration(after * 1000LL) : backoff, policy_.max_backoff);
        if (throttled(response.status)) lanes_.slow_down(key, pause, response.status);
        if (!retryable(response.status, request.idempotent) || last) {
            if (retryable(response.status, request.idempotent) && !policy_.answer_when_retries_run_out)
                return Error{response.status == 429 ? ErrorCode::upstream_rate_limited : policy_.unavailable,
                             what + ": HTTP " + std::to_string(response.status)};
            return response;
        }
        std::cerr << "upstream " << what << ": HTTP " << response.status << ", retry in " << pause.count() << " ms\n";
        if (!throttled(response.status)) clock_.sleep_for(pause);
        backoff = std::min(backoff * 2, policy_.max_backoff);
    }
    return Error{policy_.unavailable, what + ": " + (last_problem.empty() ? "no answer" : last_problem)};
}

} // namespace gd
