#pragma once
// Installing GroupDesk in a portal (research/bitrix24.md §6, §1.1) and the ONAPPINSTALL event.
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

#include <string>
#include <vector>

namespace gd {

struct InstallSettings {
    std::string handler_url;            // the card tab's page; public, reachable from Bitrix24 (§1.1)
    std::string tab_title = "GroupDesk";
};

struct InstalledPortal {
    std::string member_id;
    std::string base_url;
    std::vector<std::string> placements;   // the tabs bound (or found bound)
};

Result<InstalledPortal> install(CrmTokenKeeper& keeper, const FrameRequest& request, const Bitrix24App& app,
                                const InstallSettings& settings, Clock& clock, UpstreamPolicy policy = {});

// ONAPPINSTALL (§6): stores the event's pair and, above all, its application_token, checked the
// same way as the install page's pair. It may come before or after the install page.
Result<Done> accept_app_install(CrmTokenKeeper& keeper, const AppInstallEvent& event, const Bitrix24App& app,
                                Clock& clock, UpstreamPolicy policy = {});

} // namespace gd
