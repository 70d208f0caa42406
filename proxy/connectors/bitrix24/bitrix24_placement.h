#pragma once
// Who opened a card tab (research/bitrix24.md §1.3, §2.5, §4). The POST names a portal (DOMAIN,
// member_id) and carries the user's token (AUTH_ID), and all of it can be forged. So:
//   - the portal must be one that installed GroupDesk (member_id stored), else crm_not_connected;
//   - the APPLICATION_TOKEN must equal the stored one when we have one (constant time), else
//     crm_token_rejected;
//   - AUTH_ID is checked by the portal itself: user.current and user.admin sent to the address WE
//     stored at install, never to the posted DOMAIN. A refused token is crm_token_rejected.
#include "proxy/connectors/bitrix24/bitrix24_frame.h"
#include "proxy/connectors/upstream/crm_accounts.h"
#include "proxy/connectors/upstream/upstream_http.h"

#include <string>

namespace gd {

struct PlacementUser {
    std::string user_id;     // the portal's user id
    std::string name;
    bool is_admin = false;   // user.admin: may manage the app's settings
    std::string member_id;
    EntityRef entity;        // the card the tab opened on
};

Result<PlacementUser> verify_placement_user(CrmTokenKeeper& keeper, const PlacementRequest& request, Clock& clock,
                                            UpstreamPolicy policy = {});

// Equal strings, compared without stopping at the first difference.
bool same_secret(const std::string& a, const std::string& b);

} // namespace gd
