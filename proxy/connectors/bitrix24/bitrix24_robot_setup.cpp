#include "proxy/connectors/bitrix24/bitrix24_robot_setup.h"

#include <algorithm>
#include <map>

namespace gd {

namespace {

using nlohmann::json;

json both(const char* ru, const char* en) { return {{"ru", ru}, {"en", en}}; }

json select_property(json name, json options, const char* default_value) {
    json property = {{"Name", std::move(name)}, {"Type", "select"}, {"Required", "Y"}, {"Multiple", "N"},
                     {"Options", std::move(options)}};
    if (default_value) property["Default"] = default_value;
    return property;
}

json properties(const std::vector<Group>& groups) {
    json group = select_property(both("Группа WhatsApp", "WhatsApp group"), group_options(groups), nullptr);
    group["Description"] = both("Группы, где подключённый номер WhatsApp — администратор",
                                "Groups the connected WhatsApp number is an admin of");
    return {
        {"group", group},
        {"action", select_property(both("Действие", "Action"),
                          {{"add", "Добавить в группу / Add to the group"},
                           {"remove", "Удалить из группы / Remove from the group"},
                           {"promote", "Сделать администратором / Make an admin"},
                           {"demote", "Снять права администратора / Take admin rights away"}},
                          "add")},
        {"whom", select_property(both("Кого", "Whom"),
                        {{"contacts", "Контакты этой сделки/лида / The contacts of this deal/lead"},
                         {"phones", "Номера телефонов ниже / The phone numbers below"}},
                        "contacts")},
        {"phones",
         {{"Name", both("Номера телефонов", "Phone numbers")},
          {"Description", both("С кодом страны, например +7 916 123-45-67; нужны, если выбрано «Номера телефонов ниже»",
                               "With the country code, e.g. +44 7700 900123; used when «The phone numbers below» is chosen")},
          {"Type", "string"},
          {"Required", "N"},
          {"Multiple", "Y"}}},
        {"invite_on_failure",
         {{"Name", both("Отправить пригласительную ссылку, если добавить не удалось", "Send the invite link if adding fails")},
          {"Type", "bool"},
          {"Required", "N"},
          {"Multiple", "N"},
          {"Default", "N"}}},
    };
}

json return_properties() {
    auto value = [](json name, const char* type) { return json{{"Name", std::move(name)}, {"Type", type}}; };
    return {{"result_code", value(both("Код результата", "Result code"), "string")},
            {"result_message", value(both("Что сделано", "What was done"), "string")},
            {"succeeded", value(both("Успешно", "Succeeded"), "int")},
            {"failed", value(both("Не удалось", "Failed"), "int")}};
}

bool is_user_id(const std::string& id) {
    return !id.empty() && id.size() <= 9 && id.find_first_not_of("0123456789") == std::string::npos;
}

bool any_of(const std::string& code, std::initializer_list<const char*> codes) {
    return std::any_of(codes.begin(), codes.end(), [&](const char* c) { return code == c; });
}

// A refusal of bizproc.*.add/update as the admin must read it: the portal will not let the app
// register robots, or it does not accept what we registered. Other refusals (tokens, limits, a
// portal down) mean what they mean everywhere.
Error bizproc_error(const RestAnswer& answer, const std::string& operation) {
    Error error = rest_error(answer, operation, TokenOwner::portal);
    if (any_of(answer.error, {"ACCESS_DENIED", "insufficient_scope", "INVALID_CREDENTIALS", "WRONG_AUTH_TYPE",
                              "PAYMENT_REQUIRED", "user_access_error"}))
        error.code = ErrorCode::crm_robot_not_allowed;
    else if (any_of(answer.error, {"ERROR_ACTIVITY_VALIDATION_FAILURE", "ERROR_WRONG_HANDLER_URL",
                                   "ERROR_UNSUPPORTED_PROTOCOL", "ERROR_HANDLER_URL_MATCH", "ERROR_ACTIVITY_ADD_FAILURE",
                                   "ERROR_ACTIVITY_NOT_FOUND"}))
        error.code = ErrorCode::crm_robot_rejected;
    return error;
}

// One kind ("robot" or "activity"): add, or update what is there.
Result<Done> register_kind(Bitrix24Rest& rest, const std::string& kind, const RobotSetup& setup, const json& fields) {
    const std::string add = "bizproc." + kind + ".add";
    json params = fields;
    params["CODE"] = kRobotCode;
    Result<RestAnswer> added = rest.answer(add, params);
    if (!added) return added.error();
    if (added->ok()) return Done{};
    if (added->error != "ERROR_ACTIVITY_ALREADY_INSTALLED") return bizproc_error(*added, add);

    const std::string update = "bizproc." + kind + ".update";
    json changed = fields;
    if (!setup.groups_known) changed.erase("PROPERTIES");   // keep the group list the portal has
    Result<RestAnswer> updated = rest.answer(update, {{"CODE", kRobotCode}, {"FIELDS", changed}});
    if (!updated) return updated.error();
    if (!updated->ok()) return bizproc_error(*updated, update);
    return Done{};
}

} // namespace

json group_options(const std::vector<Group>& groups) {
    std::map<std::string, int> named;
    for (const Group& g : groups)
        if (g.we_are_admin) ++named[g.name];
    json options = json::object();
    for (const Group& g : groups) {
        if (!g.we_are_admin || g.id.empty()) continue;
        std::string title = g.name.empty() ? g.id : g.name;
        if (!g.name.empty() && named[g.name] > 1) title += " (" + g.id + ")";
        options[g.id] = title;
    }
    return options;
}

json robot_fields(const RobotSetup& setup) {
    json fields = {
        {"HANDLER", setup.handler_url},
        {"USE_SUBSCRIPTION", "Y"},
        {"NAME", both("Управление группой WhatsApp", "WhatsApp group management")},
        {"DESCRIPTION", both("Добавляет, удаляет, назначает или снимает администраторов группы WhatsApp: контакты "
                             "сделки или лида либо указанные номера. Перед добавлением проверяет, есть ли у номера WhatsApp.",
                             "Adds people to a WhatsApp group, removes them, makes them admins or takes that away: the "
                             "deal's or lead's contacts, or the numbers given. Checks each number has WhatsApp before adding.")},
        {"PROPERTIES", properties(setup.groups)},
        {"RETURN_PROPERTIES", return_properties()},
        {"FILTER", {{"INCLUDE", json::array({json::array({"crm", "CCrmDocumentDeal"}), json::array({"crm", "CCrmDocumentLead"})})}}},
    };
    // An integer in the docs; a user id we cannot read is better left to the portal than sent wrong.
    if (is_user_id(setup.auth_user_id)) fields["AUTH_USER_ID"] = std::stoi(setup.auth_user_id);
    return fields;
}

Result<RobotRegistration> register_robot(Bitrix24Rest& rest, const RobotSetup& setup) {
    const json fields = robot_fields(setup);
    for (const char* kind : {"robot", "activity"})
        if (Result<Done> done = register_kind(rest, kind, setup, fields); !done) return done.error();
    return RobotRegistration{fields["PROPERTIES"]["group"]["Options"].size(), setup.groups_known};
}

} // namespace gd
