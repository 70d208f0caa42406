#pragma once
// Sends a request and lands its decoded answer in a Remote<T> slot of the state, unless a newer
// request for the same slot replaced it. The one way actions talk to the proxy.
#include "web/state/api_decode.h"
#include "web/state/app_state.h"
#include "web/state/http.h"

#include <nlohmann/json.hpp>

namespace gd {

// A session that ended (expired, or the proxy forgot it) sends the user back to sign in, with why.
void session_ended(App& app, const Error& why);

template <class T, class Convert>
void request_into(App& app, Remote<T>& slot, HttpRequest request, Convert convert) {
    slot.status = LoadStatus::loading;
    slot.started_at = app.state.now;
    uint32_t generation = ++slot.generation;
    request.bearer = app.state.session_token;
    Remote<T>* target = &slot;   // App and its state outlive every request
    App* owner = &app;
    app.http->send(request, [owner, target, generation, convert](HttpResponse response) {
        if (target->generation != generation) return;
        auto decoded = convert(response);
        if (!decoded.ok() && (decoded.error().code == ErrorCode::not_signed_in ||
                              decoded.error().code == ErrorCode::session_expired))
            session_ended(*owner, decoded.error());
        if (decoded.ok()) {
            target->data = std::move(decoded.value());
            target->status = LoadStatus::loaded;
            target->error = {};
        } else {
            target->status = LoadStatus::failed;
            target->error = decoded.error();
        }
    });
}

template <class T>
void get_into(App& app, Remote<T>& slot, const std::string& path) {
    request_into(app, slot, HttpRequest{"GET", path, {}}, [](const HttpResponse& r) { return decode_response<T>(r); });
}

template <class T, class Body>
void post_into(App& app, Remote<T>& slot, const std::string& path, const Body& body) {
    request_into(app, slot, HttpRequest{"POST", path, json_of(body).dump()},
                 [](const HttpResponse& r) { return decode_response<T>(r); });
}

} // namespace gd
