// Every request body the API reads, read the way the routes read it: Call::json_body() and
// Call::body_as<T>() (proxy/transport/router.h) for each T a route takes, then answered the way a
// route answers (Call::reply / Call::fail). The same bytes also go through the path parameter's
// percent-decoding and the group id check, as a `{id}` segment would.
#include "proxy/transport/router.h"
#include "shared/routes.h"
#include "shared/types.h"
#include "shared/validation.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

// A body a route accepted reads back the same after a trip through its own JSON.
template <class T>
void read_as(const httplib::Request& request) {
    httplib::Response response;
    gd::Call call(request, response, {});
    gd::Result<T> body = call.body_as<T>();
    if (!body) {
        call.fail(body.error());
        if (response.status < 400 || response.status >= 500) std::abort();   // bad input is the caller's fault
        return;
    }
    const nlohmann::json once = body.value();
    const nlohmann::json twice = once.get<T>();
    if (once != twice) std::abort();
    call.reply(once);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    httplib::Request request;
    request.method = "POST";
    request.body.assign(reinterpret_cast<const char*>(data), size);
    request.set_header("Content-Type", "application/json");

    read_as<gd::LoginRequest>(request);      // POST /api/v1/session
    read_as<gd::ChangeRequest>(request);     // POST /api/v1/groups/{id}/changes
    read_as<gd::InviteSend>(request);        // POST /api/v1/groups/{id}/invite-link/send
    read_as<gd::ContactToSave>(request);     // POST /api/v1/contacts
    read_as<gd::NewUser>(request);           // POST /api/v1/crm/users
    read_as<gd::DeactivationRequest>(request);   // POST /api/v1/crm/users/{id}/deactivate

    std::string id;
    if (gd::routes::url_decode(request.body, id)) (void)gd::is_valid_group_id(id);
    (void)gd::is_valid_group_id(request.body);
    return 0;
}
