#include "web/state/requests.h"

namespace gd {

void send_request(App& app, const RemoteSlot& slot, HttpRequest request) {
    *slot.status = LoadStatus::loading;
    *slot.started_at = app.state.now;
    const uint32_t generation = ++*slot.generation;
    request.bearer = app.state.session_token;
    App* owner = &app;   // App and its state outlive every request
    app.http->send(request, [owner, slot, generation](HttpResponse response) {
        if (*slot.generation != generation) return;
        Error error;
        if (read_response(response, slot.read, slot.data, error)) {
            *slot.status = LoadStatus::loaded;
            *slot.error = {};
            return;
        }
        if (error.code == ErrorCode::not_signed_in || error.code == ErrorCode::session_expired) session_ended(*owner, error);
        *slot.status = LoadStatus::failed;
        *slot.error = error;
    });
}

} // namespace gd
