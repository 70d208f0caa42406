#pragma once
// The automation robot «Управление группой WhatsApp» and the same step as a workflow action, as
// GroupDesk registers them in a portal at install and refreshes them when an administrator comes
// back. Plain data in (where Bitrix24 sends the calls, whose token they carry, the groups to
// offer), REST calls out:
//   bizproc.robot.add     https://apidocs.bitrix24.com/api-reference/bizproc/bizproc-robot/bizproc-robot-add.html
//   bizproc.activity.add  https://apidocs.bitrix24.com/api-reference/bizproc/bizproc-activity/bizproc-activity-add.html
// and their .update (CODE + FIELDS) when the code is registered already.
//
// The property ids are the robot handler's contract: it reads `group`, `action`, `whom`, `phones`
// and `invite_on_failure`, and answers through bizproc.event.send with `result_code`,
// `result_message`, `succeeded` and `failed`. Change them together or not at all.
//
// TRAPS:
//   - USE_SUBSCRIPTION is sent as "Y" explicitly: the old docs let an empty value mean "the user
//     chooses in the designer", the new ones "wait". Only "Y" lets bizproc.event.send return values.
//   - Option titles are plain strings: NAME, DESCRIPTION and a property's Name may be {ru, en}
//     objects, a select's Options are documented as value -> title only. So each title carries both
//     languages ("Добавить в группу / Add to the group").
#include "proxy/connectors/bitrix24/bitrix24_rest.h"
#include "proxy/connectors/bitrix24/bitrix24_robot_call.h"   // kRobotCode: the robot's and the action's CODE
#include "shared/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gd {

struct RobotSetup {
    std::string handler_url;     // where Bitrix24 posts a run: <public_url>/crm/bitrix24/robot
    std::string auth_user_id;    // whose token a run carries: the installing administrator; "" omits it
    std::vector<Group> groups;   // the connected number's groups; those it administers are offered
    bool groups_known = true;    // false: the number could not be read; a registered list is kept
};

// The groups the select offers: id -> name, only where the connected number is an admin (anywhere
// else every run would fail). Two groups of one name are told apart by their id.
nlohmann::json group_options(const std::vector<Group>& groups);

// bizproc.robot.add's parameters without CODE, which are also the FIELDS of an update. Without
// known groups the group select has no options; register_robot() then leaves PROPERTIES out of an
// update, so the options registered before stay.
nlohmann::json robot_fields(const RobotSetup& setup);

struct RobotRegistration {
    size_t groups_offered = 0;
    bool groups_known = true;
};

// Registers the robot and the workflow action under kRobotCode with the portal's stored pair; a
// code already registered (ERROR_ACTIVITY_ALREADY_INSTALLED) is updated with the same fields, so
// installing again refreshes it. A refusal by bizproc is crm_robot_not_allowed (rights, scope,
// plan) or crm_robot_rejected (the description or the handler address); token and rate problems
// keep their usual codes.
Result<RobotRegistration> register_robot(Bitrix24Rest& rest, const RobotSetup& setup);

} // namespace gd
