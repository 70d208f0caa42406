#pragma once
// HttpTransport over the browser's fetch(), same origin as the page. Answers arrive as a callback
// from JavaScript on the UI thread, between frames.
#include "web/state/http.h"

#include <map>

namespace gd {

class BrowserFetch : public HttpTransport {
public:
    // A request with no answer after this long fails with proxy_timeout.
    static constexpr int kTimeoutMs = 20000;

    void send(const HttpRequest& request, std::function<void(HttpResponse)> done) override;
    void complete(int id, HttpResponse response);

private:
    int next_id_ = 1;
    std::map<int, std::function<void(HttpResponse)>> pending_;
};

BrowserFetch& browser_fetch();

} // namespace gd
