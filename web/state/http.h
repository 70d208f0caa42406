#pragma once
// The one way the widget talks to the proxy. The browser implements it with fetch(); tests with
// a fake or a native client. Single-threaded: `done` runs later on the UI thread, never inside send().
#include <functional>
#include <string>

namespace gd {

struct HttpRequest {
    std::string method = "GET";
    std::string path;   // "/api/v1/groups": same origin as the page
    std::string body;
    std::string bearer;   // the session token, sent as "Authorization: Bearer"; empty: none
    // Sent as "Idempotency-Key": the same key again makes the proxy answer the first request's
    // result instead of doing it twice (a retry after an answer was lost). Empty: none.
    std::string idempotency_key;
};

struct HttpResponse {
    int status = 0;           // 0: no answer (network error or timeout)
    bool timed_out = false;
    std::string body;
};

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    virtual void send(const HttpRequest& request, std::function<void(HttpResponse)> done) = 0;
};

} // namespace gd
