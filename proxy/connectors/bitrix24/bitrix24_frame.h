#pragma once
// What Bitrix24 POSTs to the app's pages (research/bitrix24.md §1.3, §6). Plain parameter maps in,
// plain structs out: the transport layer hands over the query and the form body; nothing here
// knows about HTTP routes.
//
// Every field is whatever the sender chose: the POST can come from anyone. Nothing parsed here is
// trusted until verify_placement_user() or install() has checked it with a party we trust (the
// portal address we stored, the OAuth server).
#include "shared/result.h"
#include "shared/types.h"

#include <map>
#include <string>

namespace gd {

using FormFields = std::multimap<std::string, std::string>;

// An app page opened inside Bitrix24 (a card tab, the install page): query DOMAIN, PROTOCOL, LANG,
// APP_SID; body AUTH_ID, AUTH_EXPIRES, REFRESH_ID, member_id, APPLICATION_TOKEN.
struct FrameRequest {
    std::string domain;              // "xxx.bitrix24.com": as posted, never called
    bool https = true;               // PROTOCOL: 0 http, 1 https
    std::string lang;
    std::string app_sid;
    std::string member_id;           // the portal's stable id
    std::string auth_id;             // the opening user's access token
    std::string refresh_id;          // that user's refresh token
    int auth_expires = 0;            // seconds
    std::string application_token;   // the installation's token; absent on some pages

    std::string claimed_base_url() const;   // PROTOCOL + DOMAIN: "https://xxx.bitrix24.com"
};

// A card tab (placement) being opened.
struct PlacementRequest {
    FrameRequest frame;
    std::string placement;   // CRM_DEAL_DETAIL_TAB, CRM_LEAD_DETAIL_TAB, CRM_CONTACT_DETAIL_TAB
    EntityRef entity;        // from PLACEMENT (the kind) and PLACEMENT_OPTIONS.ID
};

// The ONAPPINSTALL event (§6): event=ONAPPINSTALL, auth[access_token], auth[refresh_token],
// auth[member_id], auth[domain], auth[client_endpoint], auth[application_token], data[...].
struct AppInstallEvent {
    std::string member_id;
    std::string domain;
    std::string client_endpoint;     // "https://xxx.bitrix24.com/rest/"
    std::string access_token;
    std::string refresh_token;
    std::string application_token;

    std::string claimed_base_url() const;
};

// The ONAPPUNINSTALL event: event=ONAPPUNINSTALL, data[CLEAN] (1: the admin asked to delete the
// app's data), auth[member_id], auth[domain], auth[application_token]. No usable token comes with it
// (the app is gone), so the application token is its only proof
// (https://apidocs.bitrix24.com/api-reference/events/safe-event-handlers.html).
struct AppUninstallEvent {
    std::string member_id;
    std::string application_token;
    bool clean = false;
};

// The event's name ("ONAPPINSTALL", "ONAPPUNINSTALL"), "" when the form has none.
std::string event_name(const FormFields& form);

// bad_request naming the missing or malformed field (never a token's value).
Result<FrameRequest> parse_frame_request(const FormFields& query, const FormFields& form);
Result<PlacementRequest> parse_placement_request(const FormFields& query, const FormFields& form);
Result<AppInstallEvent> parse_app_install_event(const FormFields& form);
Result<AppUninstallEvent> parse_app_uninstall_event(const FormFields& form);

// The card tabs GroupDesk binds, and the kind of card each opens on.
struct CardPlacement {
    const char* code;
    EntityKind kind;
};
inline constexpr CardPlacement kCardPlacements[] = {
    {"CRM_LEAD_DETAIL_TAB", EntityKind::lead},
    {"CRM_DEAL_DETAIL_TAB", EntityKind::deal},
    {"CRM_CONTACT_DETAIL_TAB", EntityKind::contact},
};

} // namespace gd
