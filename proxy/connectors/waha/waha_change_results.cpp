#include "proxy/connectors/waha/waha_change_results.h"

#include "proxy/connectors/waha/waha_answers.h"
#include "proxy/connectors/waha/waha_ids.h"
#include "proxy/connectors/upstream/whatsapp_ids.h"

#include <optional>

namespace gd {

namespace {

using nlohmann::json;

// One person's line in the answer: the phone it names (if any) and WhatsApp's code.
struct PersonResult {
    std::string phone;   // E.164; "" when the engine named the person by @lid only
    std::optional<int> code;
};

std::string phone_in(const json& entry, std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        auto it = entry.find(key);
        if (it != entry.end() && it->is_string()) {
            std::string phone = phone_of_id(it->get<std::string>());
            if (!phone.empty()) return phone;
        }
    }
    return {};
}

PersonResult read_entry(const json& entry, const std::string& key_id = {}) {
    PersonResult result;
    result.phone = key_id.empty() ? phone_in(entry, {"PhoneNumber", "jid", "JID", "id", "wid"}) : phone_of_id(key_id);
    if (entry.contains("status")) result.code = whatsapp_code_of(entry["status"]);            // NOWEB
    else if (entry.contains("code")) result.code = whatsapp_code_of(entry["code"]);           // WEBJS
    else if (entry.contains("Error")) {                                              // GOWS
        std::optional<int> error = whatsapp_code_of(entry["Error"]);
        result.code = error && *error != 0 ? error : std::optional<int>(200);
    } else if (entry.contains("JID")) result.code = 200;                             // GOWS, no error field
    return result;
}

std::vector<ParticipantChange> everyone(const std::vector<std::string>& phones, ChangeOutcome outcome) {
    std::vector<ParticipantChange> changes;
    for (const std::string& phone : phones) changes.push_back({phone, outcome});
    return changes;
}

} // namespace

std::vector<ParticipantChange> read_change_results(const json& body, ParticipantAction action,
                                                   const std::vector<std::string>& phones) {
    if (body.is_string()) {
        const std::string said = body.get<std::string>();
        return everyone(phones, says_not_admin(said) ? ChangeOutcome::not_admin : ChangeOutcome::unknown);
    }
    // {"status":200} or nothing at all: whatsapp-web.js reports remove/promote/demote for the whole
    // request. Adds are never taken as done without a per-person answer.
    bool whole_request = body.is_null() || body.is_boolean() ||
                         (body.is_object() && body.contains("status") && !body["status"].is_object());
    if (whole_request) {
        if (action == ParticipantAction::add) return everyone(phones, ChangeOutcome::unknown);
        int code = 200;   // null or true: the engine raised nothing
        if (body.is_boolean() && !body.get<bool>()) code = 0;
        if (body.is_object()) code = whatsapp_code_of(body.at("status")).value_or(0);
        return everyone(phones, code == 0 ? ChangeOutcome::unknown : outcome_of_whatsapp_code(code, action));
    }

    std::vector<PersonResult> results;
    bool in_asked_order = body.is_array();   // an object's keys come back sorted, not in our order
    if (body.is_array()) {
        for (const json& entry : body)
            if (entry.is_object()) results.push_back(read_entry(entry));
    } else if (body.is_object()) {
        for (auto it = body.begin(); it != body.end(); ++it)
            if (it.value().is_object()) results.push_back(read_entry(it.value(), it.key()));
    }

    std::vector<ParticipantChange> changes;
    for (size_t i = 0; i < phones.size(); ++i) {
        ParticipantChange change{phones[i], ChangeOutcome::unknown};
        const PersonResult* match = nullptr;
        for (const PersonResult& r : results)
            if (r.phone == phones[i]) match = &r;
        // Answered by @lid only: trust the order, but only when it lines up one to one.
        if (!match && in_asked_order && results.size() == phones.size() && results[i].phone.empty()) match = &results[i];
        if (match && match->code) change.outcome = outcome_of_whatsapp_code(*match->code, action);
        changes.push_back(change);
    }
    return changes;
}

} // namespace gd
