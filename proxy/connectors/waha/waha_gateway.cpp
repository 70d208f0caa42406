#include "proxy/connectors/waha/waha_gateway.h"

#include "proxy/connectors/waha/waha_answers.h"
#include "proxy/connectors/waha/waha_change_results.h"
#include "proxy/connectors/waha/waha_groups.h"
#include "proxy/connectors/waha/waha_ids.h"
#include "proxy/connectors/waha/waha_invite.h"
#include "shared/validation.h"

#include <cctype>
#include <stdexcept>

namespace gd {

// Index
// - Setup: rate keys, settings checks
// - Requests: one call() for every WAHA request
// - Session and groups
// - Checks and changes
// - Invite links, texts, contacts

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

namespace {

// Client-side ceilings per kind of request; the domain paces adds far slower than this. Existence
// checks are themselves a ban signal (research §9), so they get their own, lower ceiling.
constexpr const char* kReads = "waha_read";
constexpr const char* kChecks = "waha_check";
constexpr const char* kWrites = "waha_write";

bool is_session_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name)
        if (!std::isalnum((unsigned char)c) && c != '_' && c != '-') return false;
    return true;
}

const char* path_of(ParticipantAction action) {
    switch (action) {
    case ParticipantAction::add: return "/participants/add";
    case ParticipantAction::remove: return "/participants/remove";
    case ParticipantAction::promote: return "/admin/promote";
    case ParticipantAction::demote: return "/admin/demote";
    }
    return "/participants/add";
}

const char* operation_of(ParticipantAction action) {
    switch (action) {
    case ParticipantAction::add: return "addParticipants";
    case ParticipantAction::remove: return "removeParticipants";
    case ParticipantAction::promote: return "promoteToAdmin";
    case ParticipantAction::demote: return "demoteToUser";
    }
    return "changeParticipants";
}

Error invalid_group(const std::string& group_id) { return {ErrorCode::invalid_group_id, group_id.substr(0, kMaxGroupIdLength)}; }

} // namespace

WahaGateway::WahaGateway(WahaSettings settings, Clock& clock, UpstreamPolicy policy)
    : settings_(std::move(settings)), http_(settings_.base_url, policy, clock) {
    if (!is_session_name(settings_.session))
        throw std::invalid_argument("WAHA session name must be letters, digits, '_' or '-'");
    http_.add_secret(settings_.api_key);
    http_.set_rate(kReads, 5);
    http_.set_rate(kChecks, 2);
    http_.set_rate(kWrites, 1);
}

GatewayCapabilities WahaGateway::capabilities() const {
    GatewayCapabilities caps;
    caps.save_contact = can_save_contacts_.load();
    caps.revoke_invite_link = true;
    return caps;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

// Every WAHA request goes out as non-idempotent for the shared client: WAHA answers an engine's
// exception as HTTP 500 with the reason in the body (rate-overlimit, not-authorized, item-not-found),
// and repeating those only deepens a rate-overlimit (WAHA issue #462). 429 and refused connections
// are still retried by the client; every other answer comes back here to be read.
Result<UpstreamResponse> WahaGateway::call(const std::string& method, const std::string& path,
                                           const std::string& operation, const std::string& rate_key,
                                           const nlohmann::json& body) {
    UpstreamRequest request;
    request.method = method;
    request.path = path;
    if (!body.is_null()) request.body = body.dump();
    if (!settings_.api_key.empty()) request.headers.emplace_back("X-Api-Key", settings_.api_key);
    request.operation = operation;
    request.rate_key = rate_key;
    request.idempotent = false;
    return http_.send(request);
}

std::string WahaGateway::group_path(const std::string& group_id) const {
    return "/api/" + settings_.session + "/groups/" + group_id;
}

// ---------------------------------------------------------------------------------------------
// Session and groups
// ---------------------------------------------------------------------------------------------

Result<WahaSession> WahaGateway::session() {
    const std::string op = "getSession";
    Result<UpstreamResponse> r = call("GET", "/api/sessions/" + settings_.session, op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::session);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    return read_session(body.value());
}

Result<ConnectionState> WahaGateway::connection_state() {
    Result<WahaSession> s = session();
    if (!s) return s.error();
    return connection_state_of(s.value());
}

Result<std::vector<Group>> WahaGateway::list_groups() {
    Result<WahaSession> s = session();   // who "we" are, to tell where we are an admin
    if (!s) return s.error();
    const std::string op = "getGroups";
    Result<UpstreamResponse> r = call("GET", "/api/" + settings_.session + "/groups", op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::other);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    return read_groups(body.value(), s->me);
}

// v2 first (one shape for every engine, phones beside @lid ids); WAHA before 2026 has no such
// route and answers 404 ("Cannot GET ..."), so the engine's own list is read instead.
Result<std::vector<Participant>> WahaGateway::members(const std::string& path) {
    const std::string op = "getParticipants";
    Result<UpstreamResponse> r = call("GET", path + "/participants/v2", op + "V2", kReads);
    if (!r) return r.error();
    if (r->status == 404) {
        r = call("GET", path + "/participants", op, kReads);
        if (!r) return r.error();
    }
    if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::group);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    return read_participants(body.value());
}

Result<ParticipantList> WahaGateway::participants(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    Result<WahaSession> s = session();
    if (!s) return s.error();

    const std::string path = group_path(group_id);
    const std::string op = "getGroup";
    Result<UpstreamResponse> r = call("GET", path, op, kReads);   // the group's name
    if (!r) return r.error();
    if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::group);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    std::optional<Group> group = read_group(body.value(), s->me);
    if (!group) return Error{ErrorCode::gateway_bad_response, op + ": WAHA's answer is not a group"};

    Result<std::vector<Participant>> people = members(path);
    if (!people) return people.error();
    ParticipantList list;
    list.group = *group;
    list.group.id = group_id;
    describe_members(list.group, people.value(), s->me);
    list.participants = std::move(people.value());
    return list;
}

// ---------------------------------------------------------------------------------------------
// Checks and changes
// ---------------------------------------------------------------------------------------------

Result<std::vector<WhatsAppCheck>> WahaGateway::check_whatsapp(const std::vector<std::string>& phones) {
    std::vector<std::string> digits;
    for (const std::string& phone : phones) {   // all or nothing: no request for a list with a typo
        Result<std::string> d = digits_of_phone(phone);
        if (!d) return d.error();
        digits.push_back(d.value());
    }
    const std::string op = "checkNumberStatus";
    std::vector<WhatsAppCheck> checks;
    for (size_t i = 0; i < phones.size(); ++i) {
        Result<UpstreamResponse> r =
            call("GET", "/api/contacts/check-exists?phone=" + digits[i] + "&session=" + settings_.session, op, kChecks);
        if (!r) return r.error();
        if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::other);
        Result<nlohmann::json> body = read_json(r.value(), op);
        if (!body) return body.error();
        // WANumberExistResult {"numberExists": bool, "chatId"?}
        if (!body->is_object() || !body->contains("numberExists") || !body.value()["numberExists"].is_boolean())
            return Error{ErrorCode::gateway_bad_response, op + ": no numberExists in WAHA's answer"};
        checks.push_back({phones[i], body.value()["numberExists"].get<bool>()});
    }
    return checks;
}

Result<std::vector<ParticipantChange>> WahaGateway::change_participants(
    const std::string& group_id, ParticipantAction action, const std::vector<std::string>& phones) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    nlohmann::json people = nlohmann::json::array();
    for (const std::string& phone : phones) {
        Result<std::string> id = chat_id_of_phone(phone);
        if (!id) return id.error();
        people.push_back(nlohmann::json{{"id", id.value()}});   // phone ids: engines refuse to add an @lid (Baileys #2001)
    }
    if (phones.empty()) return std::vector<ParticipantChange>{};

    const std::string op = operation_of(action);
    Result<UpstreamResponse> r =
        call("POST", group_path(group_id) + path_of(action), op, kWrites, {{"participants", people}});
    if (!r) return r.error();
    if (!is_success(r.value())) {
        // Baileys throws "not-authorized" for the whole request when our number is not an admin:
        // that is everyone's outcome, not a broken gateway.
        if (r->status >= 500 && says_not_admin(r->body) && !says_rate_overlimit(r->body)) {
            std::vector<ParticipantChange> changes;
            for (const std::string& phone : phones) changes.push_back({phone, ChangeOutcome::not_admin});
            return changes;
        }
        return waha_error(r.value(), op, WahaSubject::group);
    }
    nlohmann::json body = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) {
        if (!r->body.empty()) body = r->body;   // a bare string such as "You have no admin rights"
        else body = nullptr;
    }
    return read_change_results(body, action, phones);
}

// ---------------------------------------------------------------------------------------------
// Invite links, texts, contacts
// ---------------------------------------------------------------------------------------------

Result<InviteLink> WahaGateway::invite_link(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    const std::string op = "getInviteCode";
    Result<UpstreamResponse> r = call("GET", group_path(group_id) + "/invite-code", op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::group);
    return read_invite_link(r->body, op);
}

Result<InviteLink> WahaGateway::revoke_invite_link(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    const std::string op = "revokeInviteCode";
    Result<UpstreamResponse> r = call("POST", group_path(group_id) + "/invite-code/revoke", op, kWrites);
    if (!r) return r.error();
    if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::group);
    return read_invite_link(r->body, op);   // the new code: every copy of the old link stops working
}

Result<Done> WahaGateway::send_text(const std::string& phone, const std::string& text) {
    Result<std::string> chat_id = chat_id_of_phone(phone);
    if (!chat_id) return chat_id.error();
    if (text.empty()) return Error{ErrorCode::bad_request, "sendText: empty text"};
    const std::string op = "sendText";
    nlohmann::json body = {{"session", settings_.session}, {"chatId", chat_id.value()}, {"text", text}};
    Result<UpstreamResponse> r = call("POST", "/api/sendText", op, kWrites, body);
    if (!r) return r.error();
    if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::other);
    return Done{};
}

Result<Done> WahaGateway::save_contact(const std::string& phone, const std::string& first_name,
                                       const std::string& last_name) {
    Result<std::string> chat_id = chat_id_of_phone(phone);
    if (!chat_id) return chat_id.error();
    const std::string op = "upsertContact";
    nlohmann::json body = {{"firstName", first_name}, {"lastName", last_name}};
    Result<UpstreamResponse> r = call("PUT", "/api/" + settings_.session + "/contacts/" + chat_id.value(), op, kWrites, body);
    if (!r) return r.error();
    // Only WAHA 2026+ has this route (src/api/contacts.session.controller.ts); older ones answer
    // 404, an engine without the feature 501. Remember, so the widget stops offering the button.
    if (r->status == 404 || r->status == 501) {
        can_save_contacts_ = false;
        return Error{ErrorCode::not_supported,
                     std::string(r->status == 404 ? "this WAHA is older than 2026" : "this WAHA engine") +
                         " cannot save contacts: save " + phone +
                         " in the connected phone's contacts by hand, then add again (or update WAHA)"};
    }
    if (!is_success(r.value())) return waha_error(r.value(), op, WahaSubject::other);
    return Done{};
}

} // namespace gd
