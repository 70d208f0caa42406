#include "proxy/connectors/evolution/evolution_changes.h"

#include "proxy/connectors/evolution/evolution_ids.h"

#include <optional>

namespace gd::evolution {

namespace {

using nlohmann::json;

// One person's line in the answer: the phone it names (if any) and WhatsApp's code.
struct PersonResult {
    std::string phone;   // E.164; "" when WhatsApp named the person by @lid only
    std::optional<int> code;
    bool taken = false;
};

const json* attrs_of(const json& entry) {
    auto content = entry.find("content");
    if (content == entry.end() || !content->is_object()) return nullptr;
    auto attrs = content->find("attrs");
    return attrs != content->end() && attrs->is_object() ? &*attrs : nullptr;
}

std::string text_at(const json* j, const char* key) {
    if (!j) return {};
    auto it = j->find(key);
    return it != j->end() && it->is_string() ? it->get<std::string>() : std::string{};
}

PersonResult read_entry(const json& entry) {
    PersonResult result;
    const json* attrs = attrs_of(entry);
    for (const std::string& id : {text_at(&entry, "jid"), text_at(attrs, "phone_number"), text_at(attrs, "jid")}) {
        result.phone = phone_of_id(id);
        if (!result.phone.empty()) break;
    }
    if (entry.contains("status")) result.code = whatsapp_code_of(entry["status"]);
    if (!result.code && attrs && attrs->contains("error")) result.code = whatsapp_code_of((*attrs)["error"]);
    return result;
}

// The phones an answer may name for this asked phone: as asked, and as Evolution rewrote it.
bool names(const PersonResult& result, const std::string& phone) {
    if (result.phone.empty()) return false;
    if (result.phone == phone) return true;
    Result<std::string> digits = digits_of_phone(phone);
    return digits && result.phone == "+" + rewritten_by_evolution(digits.value());
}

} // namespace

std::vector<ParticipantChange> read_participant_updates(const json& body, ParticipantAction action,
                                                        const std::vector<std::string>& phones) {
    const json* list = nullptr;
    if (body.is_object() && body.contains("updateParticipants")) list = &body["updateParticipants"];
    else if (body.is_array()) list = &body;

    std::vector<PersonResult> results;
    if (list && list->is_array())
        for (const json& entry : *list)
            if (entry.is_object()) results.push_back(read_entry(entry));

    std::vector<ParticipantChange> changes;
    for (size_t i = 0; i < phones.size(); ++i) {
        ParticipantChange change{phones[i], ChangeOutcome::unknown};
        PersonResult* match = nullptr;
        for (PersonResult& r : results)
            if (!r.taken && names(r, phones[i])) {
                match = &r;
                break;
            }
        // Named by @lid only: trust the order, but only when it lines up one to one.
        if (!match && results.size() == phones.size() && results[i].phone.empty() && !results[i].taken) match = &results[i];
        if (match) {
            match->taken = true;
            if (match->code) change.outcome = outcome_of_whatsapp_code(*match->code, action);
        }
        changes.push_back(change);
    }
    return changes;
}

} // namespace gd::evolution
