#include "proxy/connectors/amocrm/amo_pipeline_hook.h"

#include "proxy/connectors/amocrm/amo_records.h"
#include "shared/outside_json.h"
#include "shared/validation.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>

namespace gd {

namespace {

constexpr int kLeadStatusChanged = 14;
// A form has a handful of fields; a body with more is not amoCRM's and is not unpacked.
constexpr size_t kMaxFormFields = 200;
constexpr int kMaxFormDepth = 8;

Error refused(const std::string& why) { return {ErrorCode::bad_request, "Digital Pipeline hook: " + why}; }

// "event[data][id]" -> {"event", "data", "id"}; empty when the key is not of that shape.
std::vector<std::string> key_path(const std::string& key) {
    std::vector<std::string> path;
    const size_t open = key.find('[');
    path.push_back(key.substr(0, open));
    for (size_t at = open; at != std::string::npos && at < key.size();) {
        if (key[at] != '[') return {};
        const size_t close = key.find(']', at);
        if (close == std::string::npos) return {};
        path.push_back(key.substr(at + 1, close - at - 1));
        at = close + 1;
        if (at == key.size()) break;
    }
    if (path.front().empty() || (int)path.size() > kMaxFormDepth) return {};
    return path;
}

// PHP's reading of a form: bracketed keys become nested objects, every value a string. A key
// both a value and an object ("a=1&a[b]=2") keeps what came first.
Result<nlohmann::json> nested_form(const std::string& body) {
    std::multimap<std::string, std::string> fields;
    httplib::detail::parse_query_text(body, fields);
    if (fields.size() > kMaxFormFields) return refused("too many form fields");
    nlohmann::json root = nlohmann::json::object();
    for (const auto& [key, value] : fields) {
        const std::vector<std::string> path = key_path(key);
        if (path.empty()) continue;
        nlohmann::json* node = &root;
        bool clash = false;
        for (size_t i = 0; i + 1 < path.size() && !clash; ++i) {
            nlohmann::json& next = (*node)[path[i]];
            if (next.is_null()) next = nlohmann::json::object();
            clash = !next.is_object();
            node = &next;
        }
        if (clash || path.back().empty()) continue;   // "a[]=" lists: nothing of ours
        if (!node->contains(path.back())) (*node)[path.back()] = value;
    }
    return root;
}

const nlohmann::json* at(const nlohmann::json& object, std::initializer_list<const char*> path) {
    const nlohmann::json* node = &object;
    for (const char* key : path) {
        if (!node->is_object()) return nullptr;
        auto it = node->find(key);
        if (it == node->end() || it->is_null()) return nullptr;
        node = &*it;
    }
    return node;
}

std::string text(const nlohmann::json& object, std::initializer_list<const char*> path) {
    const nlohmann::json* value = at(object, path);
    if (!value) return "";
    if (value->is_string()) return value->get<std::string>();
    if (value->is_number_integer() || value->is_number_unsigned()) return value->dump();
    return "";
}

std::string id(const nlohmann::json& object, std::initializer_list<const char*> path) {
    const nlohmann::json* value = at(object, path);
    return value ? amo_id(*value) : std::string();
}

// A checkbox of the action's form: amoCRM stores "Y"/"N" or "1"/"0"; JSON may bring a bool.
bool flag(const nlohmann::json& object, std::initializer_list<const char*> path) {
    const nlohmann::json* value = at(object, path);
    if (!value) return false;
    if (value->is_boolean()) return value->get<bool>();
    if (value->is_number_integer()) return value->get<int64_t>() != 0;
    if (!value->is_string()) return false;
    std::string v = value->get<std::string>();
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
    return v == "y" || v == "yes" || v == "1" || v == "true" || v == "on";
}

// Not nlohmann's enum mapping: it reads an unknown name as the first value (add).
std::optional<ParticipantAction> action_of(const std::string& name) {
    if (name == "add") return ParticipantAction::add;
    if (name == "remove") return ParticipantAction::remove;
    if (name == "promote") return ParticipantAction::promote;
    if (name == "demote") return ParticipantAction::demote;
    return std::nullopt;
}

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

} // namespace

bool AmoPipelineHook::lead_entered_stage() const {
    const bool status_changed = event_type == kLeadStatusChanged || type_code == "lead_status_changed";
    return status_changed && element_type == "2" && (direction.empty() || direction == "went_to_trigger");
}

Result<AmoPipelineHook> parse_pipeline_hook(const std::string& content_type, const std::string& body) {
    std::string type = content_type.substr(0, content_type.find(';'));
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    while (!type.empty() && type.back() == ' ') type.pop_back();
    Result<nlohmann::json> parsed = type == "application/json" ? parse_outside_json(body)
                                    : type == "application/x-www-form-urlencoded"
                                        ? nested_form(body)
                                        : Result<nlohmann::json>(refused("the body must be a form or JSON"));
    if (!parsed) return parsed.error().code == ErrorCode::invalid_json ? refused("the body is not JSON") : parsed.error();
    const nlohmann::json& j = parsed.value();
    if (!j.is_object()) return refused("the body is not an object");

    AmoPipelineHook hook;
    hook.account_id = id(j, {"account_id"});
    if (hook.account_id.empty()) return refused("account_id is missing");
    hook.subdomain = text(j, {"subdomain"});
    const std::string event_type = text(j, {"event", "type"});
    hook.event_type = all_digits(event_type) && event_type.size() < 6 ? std::stoi(event_type) : 0;
    hook.type_code = text(j, {"event", "type_code"});
    hook.element_type = text(j, {"event", "data", "element_type"});
    hook.direction = text(j, {"event", "data", "direction_of_movement"});
    hook.lead_id = id(j, {"event", "data", "id"});
    hook.pipeline_id = id(j, {"event", "data", "pipeline_id"});
    hook.status_id = id(j, {"event", "data", "status_id"});
    hook.event_time = text(j, {"event", "time"});
    if (!hook.event_time.empty() && !all_digits(hook.event_time)) return refused("event[time] is not unix seconds");

    hook.group_id = text(j, {"action", "settings", "widget", "settings", "group"});
    hook.action_name = text(j, {"action", "settings", "widget", "settings", "action"});
    hook.invite_on_failure = flag(j, {"action", "settings", "widget", "settings", "invite_on_failure"});
    hook.secret = text(j, {"action", "settings", "widget", "settings", "secret"});
    if (hook.secret.empty()) return refused("the action's secret is missing: open the action's settings in amoCRM and save them");

    if (hook.lead_entered_stage()) {
        if (hook.lead_id.empty()) return refused("event[data][id] is missing");
        if (hook.pipeline_id.empty() || hook.status_id.empty()) return refused("event[data] has no pipeline_id and status_id");
        if (hook.event_time.empty()) return refused("event[time] is missing");
    }
    if (std::optional<ParticipantAction> action = action_of(hook.action_name)) hook.action = *action;
    return hook;
}

Result<Done> check_pipeline_settings(const AmoPipelineHook& hook) {
    if (hook.group_id.empty() || !is_valid_group_id(hook.group_id))
        return refused("the action has no group: choose one in the action's settings");
    if (!action_of(hook.action_name)) return refused("the action's setting is not add, remove, promote or demote");
    return Done{};
}

std::string new_pipeline_secret() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : bytes) {
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    return hex;
}

bool pipeline_secret_matches(const std::string& stored, const std::string& posted) {
    if (stored.empty() || stored.size() != posted.size()) return false;   // the length is no secret: always 64
    return CRYPTO_memcmp(stored.data(), posted.data(), stored.size()) == 0;
}

} // namespace gd
