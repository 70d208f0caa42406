#include "proxy/connectors/green_api/green_api_changes.h"

#include "proxy/connectors/green_api/green_api_answers.h"
#include "proxy/connectors/upstream/ascii_text.h"

#include <nlohmann/json.hpp>

namespace gd::green {

namespace {

bool says_not_admin(const std::string& words) {
    return contains_ignoring_case(words, "have to be group admin") || contains_ignoring_case(words, "no permission") || contains_ignoring_case(words, "not an admin") ||
           contains_ignoring_case(words, "not admin");
}

bool says_not_member(const std::string& words) {
    return contains_ignoring_case(words, "participant not found") || contains_ignoring_case(words, "not a participant");
}

// A refusal in words alone, without the flag: the phrases Green-API documents for these methods.
bool is_refusal(const std::string& words) {
    return says_not_admin(words) || says_not_member(words) || contains_ignoring_case(words, "failed to set group admin");
}

} // namespace

const char* method_of(ParticipantAction action) {
    switch (action) {
    case ParticipantAction::add: return "addGroupParticipant";
    case ParticipantAction::remove: return "removeGroupParticipant";
    case ParticipantAction::promote: return "setGroupAdmin";
    case ParticipantAction::demote: return "removeAdmin";
    }
    return "addGroupParticipant";
}

const char* flag_of(ParticipantAction action) {
    switch (action) {
    case ParticipantAction::add: return "addParticipant";
    case ParticipantAction::remove: return "removeParticipant";
    case ParticipantAction::promote: return "setGroupAdmin";
    case ParticipantAction::demote: return "removeAdmin";
    }
    return "addParticipant";
}

ChangeOutcome outcome_of_refusal(ParticipantAction action, const std::string& words) {
    if (says_not_admin(words)) return ChangeOutcome::not_admin;
    if (action != ParticipantAction::add && says_not_member(words)) return ChangeOutcome::not_a_member;
    if (action == ParticipantAction::remove && words.empty()) return ChangeOutcome::not_a_member;
    return ChangeOutcome::unknown;
}

std::optional<ChangeOutcome> read_change(const std::string& body, ParticipantAction action) {
    const nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    const std::string words = words_in(body);
    if (j.is_object()) {
        auto flag = j.find(flag_of(action));
        if (flag != j.end() && flag->is_boolean())
            return flag->get<bool>() ? ChangeOutcome::done : outcome_of_refusal(action, words);
    }
    if (is_refusal(words)) return outcome_of_refusal(action, words);   // the words without the flag
    return std::nullopt;
}

} // namespace gd::green
