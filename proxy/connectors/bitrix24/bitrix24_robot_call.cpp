#include "proxy/connectors/bitrix24/bitrix24_robot_call.h"

#include "proxy/connectors/bitrix24/bitrix24_records.h"
#include "shared/pasted_people.h"
#include "shared/validation.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace gd {

namespace {

// Far above any real value (an event token is ~100 characters), low enough that junk is refused early.
constexpr size_t kMaxFieldLength = 2048;
// The settings the robot acts on are select values (a group id, "add", "phones").
constexpr size_t kMaxChoiceLength = 256;
// A list of phones written in the settings, or a template's text expanded into one.
constexpr size_t kMaxPropertyLength = 65536;

// "properties[phones][0]" -> {"properties", "phones", "0"}; nullopt for anything not name[..][..].
std::optional<std::vector<std::string>> key_parts(const std::string& key) {
    std::vector<std::string> parts;
    size_t open = key.find('[');
    parts.push_back(key.substr(0, open));
    while (open != std::string::npos) {
        const size_t close = key.find(']', open);
        if (close == std::string::npos) return std::nullopt;
        parts.push_back(key.substr(open + 1, close - open - 1));
        if (close + 1 == key.size()) break;
        if (key[close + 1] != '[') return std::nullopt;
        open = close + 1;
    }
    return parts;
}

// Where a value goes in its list: name=value first, then name[0], name[1], ..., then each name[]
// in the order sent (PHP's http_build_query writes indices; a hand-made form may not).
constexpr long kPlain = -1;
constexpr long kAfterIndexed = 1000000;

// "0", "1", ... -> the index; "" (name[]) -> after the indexed ones; nullopt for anything else.
std::optional<long> list_place(const std::string& text, size_t so_far) {
    if (text.empty()) return kAfterIndexed + (long)so_far;
    if (text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stol(text);
}

std::vector<std::string> in_order(std::vector<std::pair<long, std::string>> placed) {
    std::stable_sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> values;
    for (auto& [place, value] : placed) values.push_back(std::move(value));
    return values;
}

// bizproc.robot.add: a property id is a letter, then letters, digits and "_".
bool is_property_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || !std::isalpha((unsigned char)name[0])) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum((unsigned char)c) || c == '_'; });
}

Error missing(const std::string& name) { return {ErrorCode::bad_request, "Bitrix24 did not send " + name}; }

Result<std::string> required_field(const FormFields& form, const std::string& name) {
    auto it = form.find(name);
    if (it == form.end() || it->second.empty()) return missing(name);
    if (it->second.size() > kMaxFieldLength) return Error{ErrorCode::bad_request, name + " is too long"};
    return it->second;
}

std::string optional_field(const FormFields& form, const std::string& name) {
    auto it = form.find(name);
    return it != form.end() && it->second.size() <= kMaxFieldLength ? it->second : std::string{};
}

std::string trimmed(const std::string& text) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A setting's one value: the first sent, trimmed; "" when none.
std::string choice(const RobotCall& call, const std::string& name) {
    auto it = call.properties.find(name);
    if (it == call.properties.end()) return "";
    for (const std::string& value : it->second)
        if (!trimmed(value).empty()) return trimmed(value);
    return "";
}

// Text as it goes on into JSON (the job, bizproc.event.send), which takes UTF-8 only: a form may
// carry any bytes, and one that is no part of a valid UTF-8 character becomes U+FFFD.
std::string valid_utf8(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = text[i];
        const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = n > 0 && i + n <= text.size();
        for (size_t k = 1; ok && k < n; ++k) ok = ((unsigned char)text[i + k] & 0xC0) == 0x80;
        if (ok && n > 1) {   // no overlong forms, surrogates or code points past U+10FFFF
            const unsigned char c1 = text[i + 1];
            ok = !(n == 2 && c < 0xC2) && !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0) &&
                 !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90) && c <= 0xF4;
        }
        if (ok) out.append(text, i, n);
        else out += "\xEF\xBF\xBD";
        i += ok ? n : 1;
    }
    return out;
}

// What people read back in the workflow log: short, one line, and never more than we were sent.
std::string in_quotes(const std::string& value) {
    std::string shown = valid_utf8(value);
    const bool cut = shown.size() > 64;
    if (cut) {
        size_t end = 64;
        while (end > 0 && ((unsigned char)shown[end] & 0xC0) == 0x80) --end;   // not inside a character
        shown.resize(end);
    }
    for (char& c : shown)
        if ((unsigned char)c < 0x20 || c == 0x7F) c = ' ';
    return "«" + shown + (cut ? "…" : "") + "»";
}

RobotSettings problem(RobotSettings settings, std::string ru, std::string en) {
    settings.problem_ru = std::move(ru);
    settings.problem_en = std::move(en);
    return settings;
}

// A deal's document id is DEAL_<id>, a lead's LEAD_<id> (https://apidocs.bitrix24.com/tutorials/bizproc/activity.html).
std::optional<EntityRef> entity_of(const std::string& document) {
    for (auto [prefix, kind] : {std::pair{"DEAL_", EntityKind::deal}, std::pair{"LEAD_", EntityKind::lead}}) {
        const std::string p = prefix;
        if (document.rfind(p, 0) == 0 && is_bitrix24_id(document.substr(p.size()))) return EntityRef{kind, document.substr(p.size())};
    }
    return std::nullopt;
}

std::optional<ParticipantAction> action_of(const std::string& name) {
    for (ParticipantAction a : {ParticipantAction::add, ParticipantAction::remove, ParticipantAction::promote, ParticipantAction::demote})
        if (nlohmann::json(a).get<std::string>() == name) return a;
    return std::nullopt;
}

} // namespace

RobotCaller robot_caller(const FormFields& form) {
    return {optional_field(form, "auth[member_id]"), optional_field(form, "auth[application_token]")};
}

Result<RobotCall> parse_robot_call(const FormFields& form) {
    RobotCall call;
    for (auto [field, name] : {std::pair{&call.member_id, "auth[member_id]"}, std::pair{&call.event_token, "event_token"},
                               std::pair{&call.code, "code"}}) {
        Result<std::string> value = required_field(form, name);
        if (!value) return value.error();
        *field = *value;
    }
    // It goes into the job's completion hook and back to Bitrix24 as it came: printable ASCII only
    // (Bitrix24's are "<hex>.<digits>|<id>|<token>").
    if (std::any_of(call.event_token.begin(), call.event_token.end(), [](char c) { return c < 0x21 || c > 0x7E; }))
        return Error{ErrorCode::bad_request, "event_token is not printable ASCII"};
    call.workflow_id = optional_field(form, "workflow_id");
    call.user_id = optional_field(form, "auth[user_id]");
    call.use_subscription = optional_field(form, "use_subscription") == "Y";
    const std::string timeout = optional_field(form, "timeout_duration");
    if (!timeout.empty() && timeout.size() <= 9 && timeout.find_first_not_of("0123456789") == std::string::npos)
        call.timeout_duration = std::stoi(timeout);

    std::vector<std::pair<long, std::string>> document;
    std::map<std::string, std::vector<std::pair<long, std::string>>> properties;
    for (const auto& [key, value] : form) {
        std::optional<std::vector<std::string>> parts = key_parts(key);
        if (!parts) continue;
        if ((*parts)[0] == "document_id" && parts->size() == 2) {
            if (value.size() > kMaxFieldLength) return Error{ErrorCode::bad_request, "document_id is too long"};
            std::optional<long> place = list_place((*parts)[1], document.size());
            if (!place) return Error{ErrorCode::bad_request, "document_id has a malformed index"};
            document.emplace_back(*place, value);
        } else if ((*parts)[0] == "properties" && parts->size() >= 2 && parts->size() <= 3) {
            const std::string& name = (*parts)[1];
            if (!is_property_name(name)) return Error{ErrorCode::bad_request, "properties has a malformed name"};
            if (value.size() > kMaxPropertyLength) return Error{ErrorCode::bad_request, "properties[" + name + "] is too long"};
            std::vector<std::pair<long, std::string>>& values = properties[name];
            std::optional<long> place = parts->size() == 3 ? list_place((*parts)[2], values.size()) : std::optional<long>(kPlain);
            if (!place) return Error{ErrorCode::bad_request, "properties[" + name + "] has a malformed index"};
            values.emplace_back(*place, value);
        }
    }
    call.document_id = in_order(std::move(document));
    if (call.document_id.size() < 3 || call.document_id[2].empty()) return missing("document_id[2]");
    for (auto& [name, values] : properties) call.properties[name] = in_order(std::move(values));
    return call;
}

RobotSettings read_robot_settings(const RobotCall& call) {
    RobotSettings settings;
    if (call.code != kRobotCode)
        return problem(settings, "Bitrix24 вызвал GroupDesk с кодом действия " + in_quotes(call.code) + ", а GroupDesk выполняет только «" +
                                     kRobotCode + "». Переустановите приложение GroupDesk.",
                       "an unknown robot code");

    std::optional<EntityRef> entity = entity_of(call.document_id[2]);
    if (!entity)
        return problem(settings, "Робот GroupDesk работает только в сделках и лидах, а вызван для документа " + in_quotes(call.document_id[2]) + ".",
                       "the document is neither a deal nor a lead");
    settings.entity = *entity;

    settings.group_id = choice(call, "group");
    if (settings.group_id.empty())
        return problem(settings, "В настройках робота не выбрана группа WhatsApp.", "no group is set");
    if (settings.group_id.size() > kMaxChoiceLength || !is_valid_group_id(settings.group_id))
        return problem(settings, "Группа " + in_quotes(settings.group_id) + " в настройках робота указана неверно: выберите её из списка.",
                       "the group is not a WhatsApp group id");

    const std::string action = choice(call, "action");
    std::optional<ParticipantAction> parsed_action = action_of(action);
    if (!parsed_action)
        return problem(settings,
                       action.empty() ? std::string("В настройках робота не выбрано действие.")
                                      : "В настройках робота неизвестное действие " + in_quotes(action) + ".",
                       "no known action (add, remove, promote, demote) is set");
    settings.action = *parsed_action;

    const std::string whom = choice(call, "whom");
    if (whom == "contacts") {
        settings.whom = RobotWhom::contacts;
    } else if (whom == "phones") {
        settings.whom = RobotWhom::phones;
        auto phones = call.properties.find("phones");
        for (const std::string& value : phones == call.properties.end() ? std::vector<std::string>{} : phones->second) {
            // One value may hold several numbers (a template such as {{Телефон}} with many), with names.
            const std::string text = valid_utf8(value);
            std::vector<PastedPerson> people = read_pasted_people(text);
            for (PastedPerson& person : people) settings.people.push_back({std::move(person.phone), std::move(person.name), {}});
            // Text with no number at all is kept, so the run reports it as a wrong number.
            if (people.empty() && !trimmed(text).empty()) settings.people.push_back({trimmed(text), {}, {}});
        }
        if (settings.people.empty())
            return problem(settings, "В настройках робота выбрано действие с номерами телефонов, но ни одного номера не указано.",
                           "whom is phones, and no phone is set");
        if (settings.people.size() > kMaxPastedPeople)
            return problem(settings,
                           "В настройках робота " + std::to_string(settings.people.size()) + " номеров, а за один запуск можно не больше " +
                               std::to_string(kMaxPastedPeople) + ".",
                           "more than " + std::to_string(kMaxPastedPeople) + " phones");
    } else {
        return problem(settings, "В настройках робота не выбрано, с кем выполнить действие: с контактами сделки или лида или с номерами телефонов.",
                       "whom is neither contacts nor phones");
    }

    // A bool setting comes as "Y"/"N"; an empty one (null is sent as '') is "no".
    const std::string invite = choice(call, "invite_on_failure");
    if (invite != "Y" && invite != "N" && !invite.empty())
        return problem(settings, "Настройка «Отправить ссылку-приглашение, если добавить не удалось» должна быть «Да» или «Нет», а не " +
                                     in_quotes(invite) + ".",
                       "invite_on_failure is neither Y nor N");
    settings.invite_on_failure = invite == "Y";
    return settings;
}

std::string entity_card_url(const std::string& portal_base_url, const EntityRef& entity) {
    std::string base = portal_base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    const char* kind = entity.kind == EntityKind::lead ? "lead" : entity.kind == EntityKind::contact ? "contact" : "deal";
    return base + "/crm/" + kind + "/details/" + entity.id + "/";
}

} // namespace gd
