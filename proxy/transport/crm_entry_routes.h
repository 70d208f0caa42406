#pragma once
// Where Bitrix24 and amoCRM enter the proxy. Each route is open (no session yet): it checks what
// the CRM sent with the connector, then opens a proxy session for the card's user.
//   Bitrix24 (research/bitrix24.md §1.3, §6), served when the application's keys are configured:
//     POST /crm/bitrix24/install     the install page: binds the card tabs and the uninstall event,
//                                    registers the robot and the workflow action, then
//                                    BX24.installFinish()
//     POST /crm/bitrix24/event       ONAPPINSTALL: stores the portal's pair and application token;
//                                    ONAPPUNINSTALL: forgets them and closes the portal's card sessions
//     POST /crm/bitrix24/placement   the card tab: the widget's page with its session, card and language;
//                                    the user's AUTH_ID/REFRESH_ID stay here, with the session. An
//                                    administrator's tab also refreshes the robot's group list, after
//                                    the page is answered
//     GET  /crm/bitrix24/console     ?member=: the console page (console.html) framed by that
//                                    installed portal; the card widget brings its session along
//   amoCRM (research/amocrm.md §1.2, §5.3), served when the integration's keys are configured:
//     GET  /crm/amocrm/install       the Redirect URI: trades ?code for the account's token pair
//     POST /crm/amocrm/session       X-Auth-Token (the card's JWT) -> {"token", "expires_at"}
//     OPTIONS /crm/amocrm/session    the browser's CORS preflight for the header above
#include "proxy/auth/sessions.h"
#include "proxy/connectors/amocrm/amo_integration.h"
#include "proxy/connectors/amocrm/amo_widget_token.h"
#include "proxy/connectors/bitrix24/bitrix24_install.h"
#include "proxy/connectors/bitrix24/bitrix24_oauth.h"
#include "proxy/connectors/bitrix24/bitrix24_robot_refresh.h"
#include "proxy/connectors/upstream/crm_accounts.h"
#include "proxy/transport/router.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gd {

struct CrmEntrySettings {
    std::string public_url;                  // "https://groupdesk.example.org", no trailing slash
    std::filesystem::path web_root;          // where the widget's index.html is
    std::optional<Bitrix24App> bitrix24;     // nullopt: no Bitrix24 routes
    std::optional<AmoIntegration> amocrm;    // nullopt: no amoCRM routes
    std::string tab_title = "GroupDesk";     // the card tab's name in Bitrix24
    UpstreamPolicy bitrix24_policy;          // timeouts and backoff of the install's calls
    UpstreamPolicy amocrm_policy = amo_policy();
    // The name of a CRM user known by id only (tenant, user id) -> name or "" (amoCRM's token
    // names the user by id).
    std::function<std::string(const std::string&, const std::string&)> user_name;
    // Keeps a card user's own CRM token pair with their new session (session token, pair without
    // an id): that session's card reads go to the CRM with it. Never sent to the browser.
    std::function<Result<Done>(const std::string& session_token, CrmAccount pair)> keep_user_tokens;
    // The connected WhatsApp number's groups: the Bitrix24 robot offers those the number administers.
    ReadGroups whatsapp_groups;
    // Refreshes a portal's robot after an administrator's page is answered; made by the routes
    // when unset (a test passes its own to wait for it).
    std::shared_ptr<RobotRefresher> robot_refresher;
};

// `ledger` remembers the amoCRM tokens already used (the proxy's is in its data file); `log` gets
// one line per refusal, naming the reason and never a token.
std::vector<Route> crm_entry_routes(const CrmEntrySettings& settings, CrmTokenKeeper& keeper, Sessions& sessions,
                                    Clock& clock, JtiLedger& ledger, std::function<void(const std::string&)> log);

// Who may frame the widget's own page: itself, and every amoCRM account of the integration, whose
// card opens it in an iframe ("'self' https://*.amocrm.ru ..."). Bitrix24's card tab is a POST
// page of its own that names its one portal.
std::string widget_frame_ancestors(const CrmEntrySettings& settings);

// The widget's index.html with `<script nonce="...">window.GROUPDESK_START={...}</script>` before its
// first script, so the page starts signed in on the card. The JSON escapes '<', '>' and '&', so no
// value can close the script tag.
std::string page_with_start(const std::string& index_html, const std::string& start_json, const std::string& nonce);

// The Origin when its host is under one of the integration's account domains ("acme.amocrm.ru"
// under "amocrm.ru"), with the integration's scheme; "" otherwise.
std::string account_origin(const std::string& origin, const AmoIntegration& integration);

// CORS for the amoCRM widget's $authorizedAjax: the exact Origin, never "*" ("" sets none).
void allow_origin(httplib::Response& res, const std::string& origin);

// A CRM's form-encoded POST body as fields (PHP-style bracketed keys kept as they are); empty for
// any other Content-Type.
FormFields form_fields(const httplib::Request& req);

// Text safe inside HTML content and attribute values.
std::string html_escape(const std::string& text);

} // namespace gd
