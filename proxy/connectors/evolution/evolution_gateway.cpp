#include "proxy/connectors/evolution/evolution_gateway.h"

#include "proxy/connectors/evolution/evolution_answers.h"
#include "proxy/connectors/evolution/evolution_changes.h"
#include "proxy/connectors/evolution/evolution_groups.h"
#include "proxy/connectors/evolution/evolution_ids.h"
#include "proxy/connectors/evolution/evolution_instance.h"
#include "shared/routes.h"
#include "shared/validation.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace gd {

// Index
// - Setup: rate keys, settings checks
// - Requests: one call() for every Evolution request
// - Instance and groups
// - Checks and changes
// - Invite links, texts, contacts

using namespace evolution;

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

namespace {

// Client-side ceilings per kind of request; the domain paces adds far slower than this. Existence
// checks are themselves a ban signal (research section 9), so they get their own, lower ceiling.
constexpr const char* kReads = "evolution_read";
constexpr const char* kChecks = "evolution_check";
constexpr const char* kWrites = "evolution_write";

const char* operation_of(ParticipantAction action) {
    switch (action) {
    case ParticipantAction::add: return "addParticipants";
    case ParticipantAction::remove: return "removeParticipants";
    case ParticipantAction::promote: return "promoteParticipants";
    case ParticipantAction::demote: return "demoteParticipants";
    }
    return "updateParticipant";
}

Error invalid_group(const std::string& group_id) { return {ErrorCode::invalid_group_id, group_id.substr(0, kMaxGroupIdLength)}; }

UpstreamPolicy with_room_for_group_lists(UpstreamPolicy policy) {
    policy.read_timeout = std::max(policy.read_timeout, Clock::Duration(120000));
    return policy;
}

// Every phone as digits, all or nothing: no request for a list with a typo in it.
Result<std::vector<std::string>> digits_of_all(const std::vector<std::string>& phones) {
    std::vector<std::string> digits;
    for (const std::string& phone : phones) {
        Result<std::string> d = digits_of_phone(phone);
        if (!d) return d.error();
        digits.push_back(d.value());
    }
    return digits;
}

// Evolution's JSON schemas refuse a list with the same number twice (uniqueItems): each number
// goes once, and every asked phone reads its answer.
std::vector<std::string> unique(const std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (const std::string& item : items)
        if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    return out;
}

} // namespace

EvolutionGateway::EvolutionGateway(EvolutionSettings settings, Clock& clock, UpstreamPolicy policy)
    : settings_(std::move(settings)),
      instance_path_(routes::url_encode(settings_.instance)),
      http_(settings_.base_url, with_room_for_group_lists(policy), clock) {
    const std::string& name = settings_.instance;
    // "." and ".." would survive encoding and could be resolved away by a proxy in front.
    if (name.empty() || name.size() > 128 || name == "." || name == "..")
        throw std::invalid_argument("Evolution instance name must be 1-128 characters and not \".\" or \"..\"");
    http_.set_rate(kReads, 5);
    http_.set_rate(kChecks, 2);
    http_.set_rate(kWrites, 1);
    http_.add_secret(settings_.api_key);   // an answer echoing the key must not carry it further
}

GatewayCapabilities EvolutionGateway::capabilities() const {
    GatewayCapabilities caps;
    caps.save_contact = false;   // no route for it in Evolution v2 (all routers read at EVO 3454bec)
    caps.revoke_invite_link = true;
    return caps;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

// Every request goes out as non-idempotent for the shared client: Evolution answers an uncaught
// Baileys error as HTTP 500 with the reason in the body ("rate-overlimit", "Connection Closed"),
// and repeating those only deepens a rate-overlimit. 429 and refused connections are still retried
// by the client; every other answer comes back here to be read.
Result<UpstreamResponse> EvolutionGateway::call(const std::string& method, const std::string& path,
                                                const std::string& operation, const std::string& rate_key,
                                                const nlohmann::json& body) {
    UpstreamRequest request;
    request.method = method;
    request.path = path;
    if (!body.is_null()) request.body = body.dump();
    request.headers.emplace_back("apikey", settings_.api_key);
    request.operation = operation;
    request.rate_key = rate_key;
    request.idempotent = false;
    return http_.send(request);
}

// "/group/inviteCode/{inst}?groupJid=120363041234567890%40g.us"
std::string EvolutionGateway::group_path(const char* route, const std::string& group_id) const {
    return std::string("/group/") + route + "/" + instance_path_ + "?groupJid=" + routes::url_encode(group_id);
}

// ---------------------------------------------------------------------------------------------
// Instance and groups
// ---------------------------------------------------------------------------------------------

Result<std::string> EvolutionGateway::my_phone() {
    const std::string op = "fetchInstances";
    Result<UpstreamResponse> r =
        call("GET", "/instance/fetchInstances?instanceName=" + instance_path_, op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::instance);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    return read_owner_phone(body.value(), settings_.instance);
}

Result<ConnectionState> EvolutionGateway::connection_state() {
    const std::string op = "connectionState";
    Result<UpstreamResponse> r = call("GET", "/instance/connectionState/" + instance_path_, op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::instance);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    Result<std::string> state = read_state(body.value());
    if (!state) return state.error();

    ConnectionState connection;
    connection.status = connection_status_of(state.value());
    // The number is for people to read; writes depend on the state alone, so a failed lookup
    // leaves the phone empty rather than making a working connection look broken.
    if (connection.status == ConnectionStatus::connected)
        if (Result<std::string> phone = my_phone()) connection.phone = phone.value();
    return connection;
}

Result<std::vector<Group>> EvolutionGateway::list_groups() {
    Result<std::string> me = my_phone();   // who "we" are, to tell where we are an admin
    if (!me) return me.error();
    const std::string op = "fetchAllGroups";
    Result<UpstreamResponse> r =
        call("GET", "/group/fetchAllGroups/" + instance_path_ + "?getParticipants=true", op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::other);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    return read_groups(body.value(), me.value());
}

// findGroupInfos alone would give the name and the members, but only /group/participants adds
// the names Evolution's contact store knows, which the widget shows and searches.
Result<ParticipantList> EvolutionGateway::participants(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    Result<std::string> me = my_phone();
    if (!me) return me.error();

    std::string op = "findGroupInfos";
    Result<UpstreamResponse> r = call("GET", group_path("findGroupInfos", group_id), op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::group);
    Result<nlohmann::json> info = read_json(r.value(), op);
    if (!info) return info.error();
    std::optional<Group> group = read_group(info.value(), me.value());
    if (!group) return Error{ErrorCode::gateway_bad_response, op + ": Evolution's answer is not a group"};

    op = "findParticipants";
    r = call("GET", group_path("participants", group_id), op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::group);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    Result<std::vector<Participant>> people = read_members(body.value());
    if (!people) return people.error();

    ParticipantList list;
    list.group = *group;
    list.group.id = group_id;
    describe_members(list.group, people.value(), me.value());
    list.participants = std::move(people.value());
    return list;
}

// ---------------------------------------------------------------------------------------------
// Checks and changes
// ---------------------------------------------------------------------------------------------

// One request for the whole list. Evolution answers from its own cache first and asks WhatsApp
// (onWhatsApp) only for the rest; each answer echoes the `number` it was asked as, which is how
// answers are matched to phones (EVO whatsappNumber: [{"exists","jid","number","name"?,"lid"?}]).
Result<std::vector<WhatsAppCheck>> EvolutionGateway::check_whatsapp(const std::vector<std::string>& phones) {
    Result<std::vector<std::string>> digits = digits_of_all(phones);
    if (!digits) return digits.error();
    if (phones.empty()) return std::vector<WhatsAppCheck>{};
    std::vector<std::string> asked;
    for (const std::string& d : digits.value()) asked.push_back(number_for_evolution(d));
    asked = unique(asked);

    const std::string op = "whatsappNumbers";
    Result<UpstreamResponse> r = call("POST", "/chat/whatsappNumbers/" + instance_path_, op, kChecks, {{"numbers", asked}});
    if (!r) return r.error();
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::other);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    if (!body->is_array()) return Error{ErrorCode::gateway_bad_response, op + ": Evolution's answer is not a list"};

    std::map<std::string, bool> exists;   // by the number as asked
    for (const nlohmann::json& entry : body.value()) {
        if (!entry.is_object() || !entry.contains("exists") || !entry["exists"].is_boolean()) continue;
        auto number = entry.find("number");
        if (number != entry.end() && number->is_string()) exists[number->get<std::string>()] = entry["exists"].get<bool>();
    }
    // An answer without echoed numbers (older Evolution) is read by position when it lines up.
    if (exists.empty() && body->size() == asked.size())
        for (size_t i = 0; i < asked.size(); ++i)
            if (body.value()[i].is_object() && body.value()[i].value("exists", nlohmann::json()).is_boolean())
                exists[asked[i]] = body.value()[i]["exists"].get<bool>();

    std::vector<WhatsAppCheck> checks;
    for (size_t i = 0; i < phones.size(); ++i) {
        auto it = exists.find(number_for_evolution(digits.value()[i]));
        // Never guess "not on WhatsApp": that outcome is recorded against the person.
        if (it == exists.end()) return Error{ErrorCode::gateway_bad_response, op + ": Evolution's answer leaves out " + phones[i]};
        checks.push_back({phones[i], it->second});
    }
    return checks;
}

Result<std::vector<ParticipantChange>> EvolutionGateway::change_participants(
    const std::string& group_id, ParticipantAction action, const std::vector<std::string>& phones) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    Result<std::vector<std::string>> digits = digits_of_all(phones);
    if (!digits) return digits.error();
    if (phones.empty()) return std::vector<ParticipantChange>{};
    const std::vector<std::string> people = unique(phones);
    std::vector<std::string> numbers;
    for (const std::string& phone : people) numbers.push_back(number_for_evolution(digits_of_phone(phone).value()));

    const std::string op = operation_of(action);
    nlohmann::json body = {{"action", nlohmann::json(action)}, {"participants", numbers}};
    Result<UpstreamResponse> r = call("POST", group_path("updateParticipant", group_id), op, kWrites, body);
    if (!r) return r.error();
    // A refusal of the whole request (not-authorized, rate-overlimit, item-not-found) is an Error:
    // see the header for why not-authorized is not a per-person outcome here.
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::group);
    nlohmann::json answer = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
    std::vector<ParticipantChange> results = read_participant_updates(answer, action, people);

    std::vector<ParticipantChange> changes;
    for (const std::string& phone : phones)
        for (const ParticipantChange& result : results)
            if (result.phone == phone) {
                changes.push_back(result);
                break;
            }
    return changes;
}

// ---------------------------------------------------------------------------------------------
// Invite links, texts, contacts
// ---------------------------------------------------------------------------------------------

Result<InviteLink> EvolutionGateway::invite_link(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    const std::string op = "inviteCode";
    Result<UpstreamResponse> r = call("GET", group_path("inviteCode", group_id), op, kReads);
    if (!r) return r.error();
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::group);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    return read_invite_link(body.value(), op);
}

Result<InviteLink> EvolutionGateway::revoke_invite_link(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    const std::string op = "revokeInviteCode";
    Result<UpstreamResponse> r = call("POST", group_path("revokeInviteCode", group_id), op, kWrites);
    if (!r) return r.error();
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::group);
    Result<nlohmann::json> body = read_json(r.value(), op);
    if (!body) return body.error();
    return read_invite_link(body.value(), op);   // the new code: every copy of the old link stops working
}

// Evolution checks the number itself before sending and refuses one that is not on WhatsApp with
// 400 {"response":{"message":[{"exists":false,"jid","number"}]}} (EVO sendMessageWithTyping).
Result<Done> EvolutionGateway::send_text(const std::string& phone, const std::string& text) {
    Result<std::string> digits = digits_of_phone(phone);
    if (!digits) return digits.error();
    if (text.empty()) return Error{ErrorCode::bad_request, "sendText: empty text"};
    const std::string op = "sendText";
    nlohmann::json body = {{"number", number_for_evolution(digits.value())}, {"text", text}};
    Result<UpstreamResponse> r = call("POST", "/message/sendText/" + instance_path_, op, kWrites, body);
    if (!r) return r.error();
    if (r->status == 400) {
        nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
        const nlohmann::json* message = j.is_object() && j.contains("response") && j["response"].is_object() &&
                                                j["response"].contains("message")
                                            ? &j["response"]["message"]
                                            : nullptr;
        const nlohmann::json* first = message && message->is_array() && !message->empty() ? &(*message)[0] : nullptr;
        if (first && first->is_object() && first->contains("exists") && (*first)["exists"] == false)
            return Error{ErrorCode::invalid_phone, phone + " is not on WhatsApp"};
    }
    if (!is_success(r.value())) return evolution_error(r.value(), op, Subject::other);
    return Done{};
}

Result<Done> EvolutionGateway::save_contact(const std::string& phone, const std::string&, const std::string&) {
    Result<std::string> digits = digits_of_phone(phone);
    if (!digits) return digits.error();
    return Error{ErrorCode::not_supported, "Evolution API cannot save contacts: save " + phone +
                                               " in the connected phone's contacts by hand, then add again"};
}

} // namespace gd
