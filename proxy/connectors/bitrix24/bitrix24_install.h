#pragma once
// Installing GroupDesk in a portal (research/bitrix24.md §6, §1.1), the ONAPPINSTALL and
// ONAPPUNINSTALL events, and refreshing the robot when an administrator comes back.
//
// The install page is opened by an administrator with a POST like a card tab's: their AUTH_ID and
// REFRESH_ID, member_id, DOMAIN, PROTOCOL and, when Bitrix24 sends it, APPLICATION_TOKEN. install():
//   1. proves the pair is ours and learns its portal from the OAuth server, the one party we trust:
//      the posted REFRESH_ID is exchanged (§5.3), and the answer's member_id and client_endpoint
//      must be the posted member_id and PROTOCOL+DOMAIN. Anyone can POST to the install page;
//      without this a forged POST could point a stored portal at the sender's own server.
//   2. asks the portal (user.admin, with the new pair) whether its owner is an administrator:
//      every employee holds a genuine pair from any card tab they open, so without this anyone
//      could replace the portal's pair and application token (forbidden otherwise);
//   3. stores the new pair by member_id (crm "bitrix24"), keeping a stored application token when
//      the page did not bring one;
//   4. binds the lead, deal and contact card tabs with placement.bind. A tab bound before
//      ("Unable to set placement handler: Handler already binded", ERROR_CORE) is fine: re-install
//      works.
//   5. binds ONAPPUNINSTALL to the event handler (event.bind, same "already binded" rule), so the
//      proxy hears when the portal removes the app
//      (https://apidocs.bitrix24.com/api-reference/events/event-bind.html);
//   6. registers the robot and the workflow action (bitrix24_robot_setup.h) with the connected
//      WhatsApp number's groups. A number that cannot be read does not stop the install: the card
//      tabs work without it, and an admin who is installing wants the app in place, then the
//      number fixed. The robot is registered with no groups (or keeps the list it had) and the
//      install page says why and that reopening GroupDesk fills the list in.
// The page's HTML that calls BX24.installFinish() is the transport's; until it runs, the tabs stay
// hidden (§6).
//
// TRAP: the pair stored on install is the installing administrator's own. Every CRM call GroupDesk
// makes afterwards runs with that person's rights, and if they are dismissed the integration
// stops (§4: local apps are not moved to the system user). GroupDesk must never deactivate them.
// The page's REFRESH_ID is spent by the exchange: the page itself must not use it again.
#include "proxy/connectors/bitrix24/bitrix24_frame.h"
#include "proxy/connectors/bitrix24/bitrix24_oauth.h"
#include "proxy/connectors/upstream/crm_accounts.h"

#include "proxy/connectors/bitrix24/bitrix24_robot_setup.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gd {

// The connected WhatsApp number's groups, read when they are offered in the robot's settings.
using ReadGroups = std::function<Result<GroupList>()>;

struct InstallSettings {
    std::string handler_url;            // the card tab's page; public, reachable from Bitrix24 (§1.1)
    std::string tab_title = "GroupDesk";
    std::string robot_handler_url;      // where Bitrix24 posts a robot's or action's run
    std::string event_handler_url;      // where Bitrix24 posts ONAPPUNINSTALL
    ReadGroups whatsapp_groups;         // unset: no groups known
};

struct InstalledPortal {
    std::string member_id;
    std::string base_url;
    std::vector<std::string> placements;   // the tabs bound (or found bound)
    RobotRegistration robot;               // how many groups the robot offers
    std::optional<Error> groups_unread;    // why the number's groups could not be read
};

Result<InstalledPortal> install(CrmTokenKeeper& keeper, const FrameRequest& request, const Bitrix24App& app,
                                const InstallSettings& settings, Clock& clock, UpstreamPolicy policy = {});

// ONAPPINSTALL (§6): stores the event's pair and, above all, its application_token, checked the
// same way as the install page's pair. It may come before or after the install page.
Result<Done> accept_app_install(CrmTokenKeeper& keeper, const AppInstallEvent& event, const Bitrix24App& app,
                                Clock& clock, UpstreamPolicy policy = {});

// An administrator came back to a portal: the robot's and the action's group lists follow the
// number's groups now. Nothing is sent when the groups cannot be read (the registered list stays);
// AUTH_USER_ID is left as the install set it.
Result<RobotRegistration> refresh_robot(CrmTokenKeeper& keeper, const std::string& member_id, const Bitrix24App& app,
                                        const InstallSettings& settings, Clock& clock, UpstreamPolicy policy = {});

// ONAPPUNINSTALL: forgets the portal's account and pair when the event's application token is the
// one stored for its member_id (constant time). Nothing is asked of the portal: its tokens died
// with the app, and Bitrix24 removes the robot, the action and the tabs itself. forbidden, with
// nothing changed, for a wrong token, a portal stored without one, or a member_id we do not know
// (the answer does not tell which, so it cannot be used to learn who installed GroupDesk).
Result<Done> accept_app_uninstall(CrmTokenKeeper& keeper, const AppUninstallEvent& event);

} // namespace gd
