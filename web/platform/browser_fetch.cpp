#include "web/platform/browser_fetch.h"

#include "web/platform/browser.h"

#include <emscripten.h>

namespace gd {

namespace {

BrowserFetch* g_active = nullptr;

EM_JS(void, js_fetch, (int id, const char* method, const char* path, const char* body, const char* bearer,
                       const char* idempotency_key, int timeout_ms), {
    GroupDeskBrowser.fetch(id, UTF8ToString(method), UTF8ToString(path), UTF8ToString(body), UTF8ToString(bearer),
                           UTF8ToString(idempotency_key), timeout_ms);
});

} // namespace

void BrowserFetch::send(const HttpRequest& request, std::function<void(HttpResponse)> done) {
    g_active = this;
    int id = next_id_++;
    pending_[id] = std::move(done);
    js_fetch(id, request.method.c_str(), request.path.c_str(), request.body.c_str(), request.bearer.c_str(),
             request.idempotency_key.c_str(), kTimeoutMs);
}

void BrowserFetch::complete(int id, HttpResponse response) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    auto done = std::move(it->second);
    pending_.erase(it);
    done(std::move(response));
}

} // namespace gd

// Called by the JS glue when a fetch settles. The glue owns `body` (malloc'd) until this returns.
extern "C" EMSCRIPTEN_KEEPALIVE void gd_fetch_done(int id, int status, int timed_out, const char* body) {
    if (!gd::g_active) return;
    gd::HttpResponse response;
    response.status = status;
    response.timed_out = timed_out != 0;
    response.body = body ? body : "";
    gd::g_active->complete(id, std::move(response));
    gd::request_frames();
}
