#pragma once
// What Bitrix24 POSTs to the handler of GroupDesk's robot «Управление группой» and of the workflow
// action registered with the same code (https://apidocs.bitrix24.com/tutorials/bizproc/activity.html): a form with
// PHP-style brackets, application/x-www-form-urlencoded:
//   workflow_id, code, document_id[0..2], document_type[0..2] (newer portals only), event_token,
//   properties[group], properties[action], properties[whom], properties[phones][0..n],
//   properties[invite_on_failure], use_subscription, timeout_duration, ts,
//   auth[access_token], auth[refresh_token] (newer portals only), auth[member_id], auth[domain],
//   auth[application_token], auth[user_id], ...
// Like bitrix24_frame.h: parameter maps in, plain structs out. Nothing here is trusted until the
// route has compared auth[application_token] with the one stored for auth[member_id]; the posted
// access token is never used for anything.
#include "proxy/connectors/bitrix24/bitrix24_frame.h"

#include <map>
#include <string>
#include <vector>

namespace gd {

// The code the robot and the workflow action are registered with.
inline constexpr const char* kRobotCode = "groupdesk_group";

// Who the call says it comes from: read before anything else, so that a forged call is refused
// before any other field of it is looked at. Empty fields when they were not sent.
struct RobotCaller {
    std::string member_id;
    std::string application_token;
};
RobotCaller robot_caller(const FormFields& form);

// The call as Bitrix24 sent it.
struct RobotCall {
    std::string member_id;
    std::string user_id;                    // auth[user_id]: whose token came (the robot's AUTH_USER_ID)
    std::string workflow_id;
    std::string code;
    std::string event_token;                // names this run of the activity: its result goes back under it
    std::vector<std::string> document_id;   // ["crm", "CCrmDocumentDeal", "DEAL_123"]
    bool use_subscription = false;          // "Y": the workflow waits for bizproc.event.send
    int timeout_duration = 0;               // seconds the workflow waits; 0 for ever
    // properties[name] and properties[name][i], by name, the values in index order.
    std::map<std::string, std::vector<std::string>> properties;
};

// bad_request naming the missing or malformed field (never a token's value).
Result<RobotCall> parse_robot_call(const FormFields& form);

enum class RobotWhom { contacts, phones };

// What the administrator set in the robot's settings, checked. A setting GroupDesk cannot act on
// is not a refusal of the call (Bitrix24's queue would retry it and slow the portal's calls
// down): its text goes back to the workflow's log, where the administrator looks.
struct RobotSettings {
    EntityRef entity;                        // from document_id[2]: DEAL_123, LEAD_7
    std::string group_id;
    ParticipantAction action = ParticipantAction::add;
    RobotWhom whom = RobotWhom::contacts;
    std::vector<PersonInput> people;         // whom=phones: as written; contacts: empty (read when the job runs)
    bool invite_on_failure = false;
    std::string problem_ru;                  // empty when the settings can be acted on
    std::string problem_en;                  // the same for the proxy's log

    bool ok() const { return problem_ru.empty(); }
};
RobotSettings read_robot_settings(const RobotCall& call);

// The card of the deal or lead in the portal: "https://x.bitrix24.ru/crm/deal/details/123/".
std::string entity_card_url(const std::string& portal_base_url, const EntityRef& entity);

} // namespace gd
