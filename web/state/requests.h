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

// A Remote<T> seen without its T: everything but reading the answer is the same for every type,
// so send_request is made once (a per-type copy cost the bundle 20 KB, bench/README.md).
struct RemoteSlot {
    LoadStatus* status;
    Error* error;
    double* started_at;
    uint32_t* generation;
    void* data;
    ReadAnswer read;
};
void send_request(App& app, const RemoteSlot& slot, HttpRequest request);

// Read: how the answer becomes the slot's T (the whole answer by default; a part of it, as the
// groups list's `groups`, by a function of one's own).
template <class T, bool (*Read)(const nlohmann::json&, T&) = read_whole<T>>
void request_into(App& app, Remote<T>& slot, HttpRequest request) {
    send_request(app, RemoteSlot{&slot.status, &slot.error, &slot.started_at, &slot.generation, &slot.data, read_typed<T, Read>},
                 std::move(request));
}

template <class T>
void get_into(App& app, Remote<T>& slot, const std::string& path) {
    request_into(app, slot, HttpRequest{"GET", path, {}});
}

template <class T, class Body>
void post_into(App& app, Remote<T>& slot, const std::string& path, const Body& body) {
    request_into(app, slot, HttpRequest{"POST", path, json_of(body).dump()});
}

} // namespace gd
