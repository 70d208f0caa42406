#pragma once
// What Bitrix24 POSTs to GroupDesk's pages (research/bitrix24.md §1.3, §6), for the fake portal in
// bitrix24_fake.h: a card tab, the install page, and the ONAPPINSTALL and ONAPPUNINSTALL events. The connector tests
// parse these directly; the proxy's tests send the same fields over HTTP.
#include "bitrix24_fake.h"

#include "proxy/connectors/bitrix24/bitrix24_frame.h"

#include <set>
#include <string>
#include <utility>

namespace gd::test {

// The application token the portal of these posts was installed with.
inline const char* kAppToken = "app-token-Hq2Lm9Xv";

// A frame's POST: DOMAIN, PROTOCOL, LANG and APP_SID in the query, the rest as a form (§1.3).
struct TabPost {
    FormFields query;
    FormFields form;
};

inline void set(FormFields& fields, const std::string& name, const std::string& value) {
    fields.erase(name);
    fields.emplace(name, value);
}

// The install page opened by the user whose pair this is.
inline TabPost install_page(const std::string& domain, const std::string& auth_id, const std::string& refresh_id = "rt-user") {
    return {{{"DOMAIN", domain}, {"PROTOCOL", "0"}, {"LANG", "ru"}, {"APP_SID", "f1e2d3"}},
            {{"AUTH_ID", auth_id}, {"AUTH_EXPIRES", "3600"}, {"REFRESH_ID", refresh_id}, {"member_id", kMemberId},
             {"status", "L"}, {"APPLICATION_TOKEN", kAppToken}}};
}

// Deal 8061's card tab opened by the user whose access token is `auth_id`.
inline TabPost deal_tab(const std::string& domain, const std::string& auth_id, const std::string& refresh_id = "rt-user") {
    TabPost post = install_page(domain, auth_id, refresh_id);
    post.form.emplace("PLACEMENT", "CRM_DEAL_DETAIL_TAB");
    post.form.emplace("PLACEMENT_OPTIONS", R"({"ID":"8061","URI":"/crm/deal/details/8061/?IFRAME=Y"})");
    return post;
}

// What FakeBitrix24::bound() lists once an install has bound the three card tabs to `handler`.
inline std::set<std::pair<std::string, std::string>> card_tabs_bound_to(const std::string& handler) {
    return {{"CRM_LEAD_DETAIL_TAB", handler}, {"CRM_DEAL_DETAIL_TAB", handler}, {"CRM_CONTACT_DETAIL_TAB", handler}};
}

// ONAPPINSTALL (§6): auth[...] and data[...] as a form, from the portal at `domain` (plain HTTP,
// as the fake serves it).
inline FormFields app_install_event(const std::string& domain, const std::string& access, const std::string& refresh,
                                    const std::string& application_token) {
    return {{"event", "ONAPPINSTALL"},
            {"data[VERSION]", "1"},
            {"data[ACTIVE]", "Y"},
            {"data[INSTALLED]", "Y"},
            {"data[LANGUAGE_ID]", "ru"},
            {"ts", "1795424400"},
            {"auth[access_token]", access},
            {"auth[refresh_token]", refresh},
            {"auth[expires_in]", "3600"},
            {"auth[scope]", "crm,placement,user"},
            {"auth[domain]", domain},
            {"auth[server_endpoint]", "https://oauth.bitrix.info/rest/"},
            {"auth[status]", "L"},
            {"auth[client_endpoint]", "http://" + domain + "/rest/"},
            {"auth[member_id]", kMemberId},
            {"auth[user_id]", "1"},
            {"auth[application_token]", application_token}};
}

// ONAPPUNINSTALL: data[...] and auth[...] without any usable token, the application token the only
// proof (https://apidocs.bitrix24.com/api-reference/events/safe-event-handlers.html). data[CLEAN]=1:
// the admin asked to delete the app's data.
inline FormFields app_uninstall_event(const std::string& member_id, const std::string& application_token,
                                      const char* clean = "1") {
    return {{"event", "ONAPPUNINSTALL"},
            {"data[CLEAN]", clean},
            {"data[LANGUAGE_ID]", "ru"},
            {"ts", "1795428000"},
            {"auth[domain]", "portal.bitrix24.ru"},
            {"auth[client_endpoint]", "https://portal.bitrix24.ru/rest/"},
            {"auth[server_endpoint]", "https://oauth.bitrix.info/rest/"},
            {"auth[member_id]", member_id},
            {"auth[application_token]", application_token},
            {"auth[status]", "L"}};
}

} // namespace gd::test
