#include "proxy/connectors/green_api/green_api_gateway.h"

#include "proxy/connectors/green_api/green_api_answers.h"
#include "proxy/connectors/green_api/green_api_changes.h"
#include "proxy/connectors/upstream/whatsapp_ids.h"
#include "proxy/connectors/green_api/green_api_state.h"
#include "shared/validation.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace gd {

// Index
// - Setup: rate keys, settings checks
// - Requests: one call() for every Green-API request
// - The instance and groups
// - Checks and changes
// - Invite links, texts, contacts

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

namespace {

using nlohmann::json;
using green::Subject;

// Green-API's documented per-method limits (GA /en/docs/api/ratelimiter) and what we keep to.
// The 1-a-second methods get 0.9 a second, so network jitter cannot land two of ours in one of
// Green-API's seconds. getChats is not in the table: it is treated like the other whole-account
// reads (1 a second). checkWhatsapp allows 10, but existence checks are themselves a ban signal
// (research §9) and the domain asks one at a time: 1 a second. Writes allow 10 (sendMessage 50);
// the domain paces adds far slower than either, this is only the ceiling.
struct MethodRate {
    const char* method;
    double per_second;
};
constexpr MethodRate kRates[] = {
    {"getStateInstance", 0.9},    {"getWaSettings", 0.9}, {"getChats", 0.9},          {"getGroupData", 0.9},
    {"checkWhatsapp", 1},         {"addGroupParticipant", 5}, {"removeGroupParticipant", 5},
    {"setGroupAdmin", 5},         {"removeAdmin", 5},     {"sendMessage", 5},
};

// SendMessage takes at most 20,000 characters (GA /en/docs/api/sending/SendMessage).
constexpr size_t kMaxMessageChars = 20000;
// checkWhatsapp takes "from 11 to 16 digits" and refuses others with HTTP 400.
constexpr size_t kMinCheckDigits = 11;

// How long to wait before asking getWaSettings again for a number it did not name.
constexpr Clock::Duration kAskMeAgainAfter{60 * 1000};

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_token(const std::string& s) {
    return !s.empty() && s.size() <= 256 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum((unsigned char)c) || c == '-' || c == '_'; });
}

size_t utf8_chars(const std::string& s) {
    return (size_t)std::count_if(s.begin(), s.end(), [](char c) { return ((unsigned char)c & 0xC0) != 0x80; });
}

Error invalid_group(const std::string& group_id) { return {ErrorCode::invalid_group_id, group_id.substr(0, kMaxGroupIdLength)}; }

} // namespace

GreenApiGateway::GreenApiGateway(GreenApiSettings settings, Clock& clock, UpstreamPolicy policy)
    : settings_(std::move(settings)), clock_(clock), http_(settings_.api_url, policy, clock) {
    if (!all_digits(settings_.id_instance) || settings_.id_instance.size() > 20)
        throw std::invalid_argument("Green-API idInstance must be digits, as the console shows it");
    if (!is_token(settings_.api_token))
        throw std::invalid_argument("Green-API apiTokenInstance must be the letters and digits the console shows");
    for (const MethodRate& rate : kRates) http_.set_rate(rate.method, rate.per_second);
    http_.add_secret(settings_.api_token);
}

GatewayCapabilities GreenApiGateway::capabilities() const {
    GatewayCapabilities caps;
    caps.save_contact = false;         // no such method (GA /en/docs/api/groups/, research §1.5)
    caps.revoke_invite_link = false;   // none documented (research §1.6)
    return caps;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

// The method name is the operation logs and errors show, and the rate key: Green-API's limits
// are per method. The path holds the token: UpstreamHttp never logs paths, and every answer has
// the token blanked (add_secret) before anything reads it, in case Green-API (or a proxy before
// it) echoes the path back ("Cannot POST /waInstance.../<token>").
Result<UpstreamResponse> GreenApiGateway::call(const char* method, const std::string& verb, const json& body, bool idempotent) {
    UpstreamRequest request;
    request.method = verb;
    request.path = "/waInstance" + settings_.id_instance + "/" + method + "/" + settings_.api_token;
    if (!body.is_null()) request.body = body.dump();
    request.operation = method;
    request.rate_key = method;
    request.idempotent = idempotent;
    return http_.send(request);
}

// A read: safe to repeat (UpstreamHttp retries 5xx for it, as Green-API asks for 502), and only
// a 2xx JSON answer is a value.
Result<json> GreenApiGateway::read(const char* method, const std::string& verb, const json& body, Subject subject) {
    Result<UpstreamResponse> r = call(method, verb, body, /*idempotent=*/true);
    if (!r) return r.error();
    if (!green::succeeded(r.value())) return green::error_of(r.value(), method, subject);
    return green::json_of(r.value(), method);
}

// ---------------------------------------------------------------------------------------------
// The instance and groups
// ---------------------------------------------------------------------------------------------

Result<std::string> GreenApiGateway::instance_state() {
    const char* op = "getStateInstance";
    Result<UpstreamResponse> r = call(op, "GET", nullptr, /*idempotent=*/true);
    if (!r) return r.error();
    if (!green::succeeded(r.value())) return green::error_of(r.value(), op, Subject::instance);
    if (r->body.find_first_not_of(" \t\r\n") == std::string::npos) return std::string("starting");   // null: being created
    Result<json> body = green::json_of(r.value(), op);
    if (!body) return body.error();
    return green::read_state(body.value());
}

Result<ConnectionState> GreenApiGateway::connection_state() {
    Result<std::string> state = instance_state();
    if (!state) return state.error();
    ConnectionState connection;
    connection.status = green::status_of_state(state.value());
    if (state.value() == "notAuthorized") {
        std::lock_guard lock(mutex_);
        me_.clear();   // the next number to log in may be another one
        me_asked_at_ = clock_.now() - kAskMeAgainAfter;
    }
    if (green::number_is_linked(state.value())) connection.phone = my_phone();
    return connection;
}

// Our number, from getWaSettings, kept once known. Best effort: without it a group's invite link
// still tells whether we are an admin, so a failure here is no one's error; a number not named
// is asked for again at most once a minute.
std::string GreenApiGateway::my_phone() {
    {
        std::lock_guard lock(mutex_);
        if (!me_.empty() || clock_.now() - me_asked_at_ < kAskMeAgainAfter) return me_;
        me_asked_at_ = clock_.now();
    }
    Result<json> settings = read("getWaSettings", "GET", nullptr, Subject::instance);
    std::string phone = settings ? green::phone_of_wa_settings(settings.value()) : std::string{};
    std::lock_guard lock(mutex_);
    if (!phone.empty()) me_ = phone;
    return me_;
}

// getGroupData for one group; every answer also refreshes what list_groups shows for it.
Result<green::GroupData> GreenApiGateway::group_data(const std::string& group_id) {
    const std::string me = my_phone();
    const char* op = "getGroupData";
    Result<UpstreamResponse> r = call(op, "POST", json{{"groupId", group_id}}, /*idempotent=*/true);
    if (!r) return r.error();
    if (!green::succeeded(r.value())) return green::error_of(r.value(), op, Subject::group);
    if (green::says_group_is_unknown(r->body))
        return Error{ErrorCode::group_not_found, std::string(op) + ": Green-API said \"" + green::words_in(r->body) + "\""};
    Result<json> body = green::json_of(r.value(), op);
    if (!body) return body.error();
    Result<green::GroupData> data = green::read_group_data(body.value(), group_id, me);
    if (!data) return data.error();
    std::lock_guard lock(mutex_);
    described_[group_id] = {data->group, clock_.now()};
    return data;
}

Result<std::vector<Group>> GreenApiGateway::list_groups() {
    Result<json> chats = read("getChats", "GET", nullptr, Subject::other);
    if (!chats) return chats.error();
    Result<std::vector<green::ChatGroup>> listed = green::read_chat_groups(chats.value());
    if (!listed) return listed.error();

    // Whose turn it is to be described: never described first (getChats' order: most recently
    // active first), then the stalest; fresh ones wait.
    std::vector<std::string> turn;
    {
        std::lock_guard lock(mutex_);
        const Clock::Duration now = clock_.now();
        std::vector<std::pair<Clock::Duration, std::string>> stale;
        for (const green::ChatGroup& g : listed.value()) {
            auto it = described_.find(g.id);
            if (it == described_.end()) turn.push_back(g.id);
            else if (now - it->second.at >= kGroupDescriptionFresh) stale.emplace_back(it->second.at, g.id);
        }
        std::stable_sort(stale.begin(), stale.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [at, id] : stale) turn.push_back(id);
        if (turn.size() > (size_t)kGroupsDescribedPerListing) turn.resize(kGroupsDescribedPerListing);
    }
    for (const std::string& id : turn) {
        Result<green::GroupData> data = group_data(id);
        if (data) continue;
        if (data.error().code != ErrorCode::group_not_found) break;   // throttled, out of quota, down: the list still goes out
        std::lock_guard lock(mutex_);   // listed but unreadable (we left it): not asked again until its turn
        described_[id] = {Group{id, {}, 0, false}, clock_.now()};
    }

    std::vector<Group> groups;
    std::lock_guard lock(mutex_);
    std::map<std::string, Description> kept;
    for (const green::ChatGroup& g : listed.value()) {
        Group group{g.id, g.name, 0, false};
        auto it = described_.find(g.id);
        if (it != described_.end()) {
            group.participant_count = it->second.group.participant_count;
            group.we_are_admin = it->second.group.we_are_admin;
            if (group.name.empty()) group.name = it->second.group.name;
            kept.insert(*it);
        }
        groups.push_back(std::move(group));
    }
    described_ = std::move(kept);   // forget groups no longer listed
    return groups;
}

Result<ParticipantList> GreenApiGateway::participants(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    Result<green::GroupData> data = group_data(group_id);
    if (!data) return data.error();
    return ParticipantList{std::move(data->group), std::move(data->participants)};
}

// ---------------------------------------------------------------------------------------------
// Checks and changes
// ---------------------------------------------------------------------------------------------

Result<std::vector<WhatsAppCheck>> GreenApiGateway::check_whatsapp(const std::vector<std::string>& phones) {
    std::vector<long long> numbers;
    for (const std::string& phone : phones) {   // all or nothing: no request for a list with a typo
        Result<std::string> digits = digits_of_phone(phone);
        if (!digits) return digits.error();
        if (digits->size() < kMinCheckDigits)
            return Error{ErrorCode::invalid_phone, phone + ": Green-API checks only numbers of 11 to 16 digits"};
        numbers.push_back(std::stoll(digits.value()));
    }
    const char* op = "checkWhatsapp";
    std::vector<WhatsAppCheck> checks;
    for (size_t i = 0; i < phones.size(); ++i) {
        Result<json> body = read(op, "POST", json{{"phoneNumber", numbers[i]}}, Subject::other);
        if (!body) return body.error();
        auto exists = body->is_object() ? body->find("existsWhatsapp") : body->end();
        if (!body->is_object() || exists == body->end() || !exists->is_boolean())
            return Error{ErrorCode::gateway_bad_response, std::string(op) + ": no existsWhatsapp in Green-API's answer"};
        checks.push_back({phones[i], exists->get<bool>()});
    }
    return checks;
}

// One person. Writes are never repeated on a 5xx: a second add after one that half-happened
// would answer false and hide the first one's success.
Result<ChangeOutcome> GreenApiGateway::change_one(const std::string& group_id, ParticipantAction action, const std::string& chat_id) {
    const char* op = green::method_of(action);
    Result<UpstreamResponse> r =
        call(op, "POST", json{{"groupId", group_id}, {"participantChatId", chat_id}}, /*idempotent=*/false);
    if (!r) return r.error();
    // The refusals come with HTTP 200 (and a malformed participantChatId with 400 and the flag).
    if (green::succeeded(r.value()) || r->status == 400)
        if (std::optional<ChangeOutcome> outcome = green::read_change(r->body, action)) return *outcome;
    if (green::succeeded(r.value()))
        return Error{ErrorCode::gateway_bad_response, std::string(op) + ": no " + green::flag_of(action) + " in Green-API's answer"};
    return green::error_of(r.value(), op, Subject::group);
}

Result<std::vector<ParticipantChange>> GreenApiGateway::change_participants(
    const std::string& group_id, ParticipantAction action, const std::vector<std::string>& phones) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    std::vector<std::string> chat_ids;
    for (const std::string& phone : phones) {
        Result<std::string> id = chat_id_of_phone(phone);   // phone ids: WhatsApp refuses to add an @lid
        if (!id) return id.error();
        chat_ids.push_back(id.value());
    }
    if (phones.empty()) return std::vector<ParticipantChange>{};

    std::vector<ParticipantChange> changes;
    for (size_t i = 0; i < phones.size(); ++i) {
        Result<ChangeOutcome> outcome = change_one(group_id, action, chat_ids[i]);
        if (outcome) {
            changes.push_back({phones[i], outcome.value()});
            continue;
        }
        if (i == 0) return outcome.error();
        const bool throttled = outcome.error().code == ErrorCode::upstream_rate_limited;
        changes.push_back({phones[i], throttled ? ChangeOutcome::rate_limited : ChangeOutcome::unknown});
        for (size_t rest = i + 1; rest < phones.size(); ++rest) changes.push_back({phones[rest], ChangeOutcome::pending});
        break;
    }
    std::lock_guard lock(mutex_);
    auto described = described_.find(group_id);   // its count or our role may have changed: due again
    if (described != described_.end()) described->second.at = clock_.now() - kGroupDescriptionFresh;
    return changes;
}

// ---------------------------------------------------------------------------------------------
// Invite links, texts, contacts
// ---------------------------------------------------------------------------------------------

Result<InviteLink> GreenApiGateway::invite_link(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    Result<green::GroupData> data = group_data(group_id);
    if (!data) return data.error();
    return green::invite_link_of(data.value());
}

Result<InviteLink> GreenApiGateway::revoke_invite_link(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return invalid_group(group_id);
    return Error{ErrorCode::not_supported,
                 "Green-API has no method to revoke an invite link: reset it on the phone (group info, Invite via link, "
                 "Reset link); links already sent stop working"};
}

Result<Done> GreenApiGateway::send_text(const std::string& phone, const std::string& text) {
    Result<std::string> chat_id = chat_id_of_phone(phone);
    if (!chat_id) return chat_id.error();
    if (text.empty()) return Error{ErrorCode::bad_request, "sendMessage: empty text"};
    if (utf8_chars(text) > kMaxMessageChars) return Error{ErrorCode::bad_request, "sendMessage: Green-API takes at most 20000 characters"};
    const char* op = "sendMessage";
    // Not repeated on a 5xx: the person would get the text twice.
    Result<UpstreamResponse> r = call(op, "POST", json{{"chatId", chat_id.value()}, {"message", text}}, /*idempotent=*/false);
    if (!r) return r.error();
    if (!green::succeeded(r.value())) return green::error_of(r.value(), op, Subject::other);
    Result<json> body = green::json_of(r.value(), op);
    if (!body) return body.error();
    // {"idMessage": "3EB0C767D097B7C7C030"}: queued for sending (GA SendMessage).
    auto id = body->is_object() ? body->find("idMessage") : body->end();
    if (!body->is_object() || id == body->end() || !id->is_string() || id->get<std::string>().empty())
        return Error{ErrorCode::gateway_bad_response, std::string(op) + ": no idMessage in Green-API's answer"};
    return Done{};
}

Result<Done> GreenApiGateway::save_contact(const std::string& phone, const std::string&, const std::string&) {
    Result<std::string> digits = digits_of_phone(phone);
    if (!digits) return digits.error();
    return Error{ErrorCode::not_supported,
                 "Green-API has no method to save a contact: save " + phone +
                     " in the connected phone's contacts by hand, then add again"};
}

} // namespace gd
