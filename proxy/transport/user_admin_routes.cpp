#include "proxy/transport/user_admin_routes.h"

#include "proxy/transport/idempotency_key.h"
#include "shared/routes.h"

#include <httplib.h>

#include <algorithm>
#include <climits>

namespace gd {

namespace {

Actor actor_of(const Call& c) { return {c.actor(), c.tenant()}; }

// The {id} of a user route: bad_request on the id field when its escapes are malformed.
Result<std::string> user_id(const Call& c) {
    std::optional<std::string> id = c.param("id");
    if (!id) return Error{ErrorCode::bad_request, "malformed percent-escape in the user id", "id"};
    return *id;
}

// {"paid": 10, "technical": 2}: both whole numbers, both present. A missing one is not taken as
// 0, nor 2.5 as 2: the administrator typed something else.
Result<SeatLicences> seat_licences(const Call& c) {
    Result<nlohmann::json> json = c.json_body();
    if (!json) return json.error();
    const nlohmann::json& j = json.value();
    if (!j.is_object()) return Error{ErrorCode::bad_request, "the body must be a JSON object", {}};
    SeatLicences licences;
    for (auto [name, value] : {std::pair{"paid", &licences.paid}, std::pair{"technical", &licences.technical}}) {
        auto it = j.find(name);
        if (it == j.end() || !it->is_number_integer())
            return Error{ErrorCode::bad_request, std::string(name) + " must be a whole number", name};
        // Out of range stays out of range: the domain refuses it with the field's name.
        const long long n = it->is_number_unsigned() ? (long long)std::min<unsigned long long>(it->get<unsigned long long>(), LLONG_MAX)
                                                     : it->get<long long>();
        *value = (int)std::clamp<long long>(n, -1, CrmSeats::kMaxLicences + 1);
    }
    return licences;
}

} // namespace

std::vector<Route> user_admin_routes(UserAdmin& users, HandoverJobs& handovers) {
    const std::string user = std::string(routes::kCrmUsers) + "/{id}";
    return {
        {"GET", routes::kCrmUsers, [&users](Call& c) { c.reply(users.directory(c.tenant())); }, Access::admin},

        {"POST", routes::kCrmUsers, [&users](Call& c) {
             Result<NewUser> body = c.body_as<NewUser>();
             if (!body) return c.fail(body.error());
             Result<CrmUser> added = users.add_user(actor_of(c), body.value(), c.lang);
             if (!added) return c.fail(added.error());
             // The widget shows the password it sent; it never comes back from here.
             c.reply(nlohmann::json(added.value()), 201);
         },
         Access::admin},

        {"GET", user + "/records", [&users](Call& c) {
             Result<std::string> id = user_id(c);
             if (!id) return c.fail(id.error());
             c.reply(users.record_counts(c.tenant(), id.value()));
         },
         Access::admin},

        {"POST", user + "/deactivate", [&handovers](Call& c) {
             Result<std::string> id = user_id(c);
             if (!id) return c.fail(id.error());
             Result<std::string> key = idempotency_key(c);
             if (!key) return c.fail(key.error());
             Result<DeactivationRequest> body = c.body_as<DeactivationRequest>();
             if (!body) return c.fail(body.error());
             Result<Handover> started = handovers.start(actor_of(c), id.value(), body.value(), key.value());
             if (!started) return c.fail(started.error());
             c.reply(nlohmann::json(started.value()), 202);
         },
         Access::admin},

        {"PUT", routes::kCrmSeats, [&users](Call& c) {
             Result<SeatLicences> licences = seat_licences(c);
             if (!licences) return c.fail(licences.error());
             c.reply(users.enter_seats(actor_of(c), licences.value()));
         },
         Access::admin},

        {"GET", routes::kCrmHandovers, [&handovers](Call& c) {
             Result<std::vector<Handover>> list = handovers.recent(c.tenant(), 20);
             if (!list) return c.fail(list.error());
             c.reply(nlohmann::json(HandoverList{std::move(list.value())}));
         },
         Access::admin},

        {"GET", std::string(routes::kCrmHandovers) + "/{id}", [&handovers](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::job_not_found, "malformed percent-escape", {}});
             c.reply(handovers.get(c.tenant(), *id));
         },
         Access::admin},
    };
}

} // namespace gd
