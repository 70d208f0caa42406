#pragma once
// What Bitrix24 POSTs to GroupDesk's pages (research/bitrix24.md §1.3, §6), for the fake portal in
// bitrix24_fake.h: a card tab, the install page, the ONAPPINSTALL and ONAPPUNINSTALL events and the
// robot's call. The connector tests parse these directly; the proxy's tests send the same over HTTP.
#include "bitrix24_fake.h"

#include "proxy/connectors/bitrix24/bitrix24_frame.h"

#include <httplib.h>

#include <cctype>
#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

// ---- The robot's call (apidocs.bitrix24.com tutorials/bizproc/activity.html) -----------------

using OrderedFields = std::vector<std::pair<std::string, std::string>>;

// PHP's urlencode(), as http_build_query() writes a form: letters, digits and "-_." stay, a space
// is "+", every other byte %XX (so "auth[member_id]" goes out as "auth%5Bmember_id%5D").
inline std::string php_urlencode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
            out += (char)c;
        } else if (c == ' ') {
            out += '+';
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

inline std::string php_form(const OrderedFields& fields) {
    std::string body;
    for (const auto& [key, value] : fields) body += (body.empty() ? "" : "&") + php_urlencode(key) + "=" + php_urlencode(value);
    return body;
}

// The form as the proxy reads it (cpp-httplib's decoding of the body).
inline FormFields form_of(const std::string& body) {
    FormFields fields;
    httplib::detail::parse_query_text(body, fields);
    return fields;
}

// One call of the robot «Управление группой» on deal 8061, as the queue server posts it: the
// fields in the order the bizproc module's CBPRestActivity builds them, auth of user 1.
struct RobotPost {
    std::string domain;              // the portal (auth[domain], auth[client_endpoint])
    std::string member_id = kMemberId;
    std::string application_token = kAppToken;
    std::string access_token = "at-robot-user-1";
    std::string event_token = "55c1dc1c3f0d75.78875596|A51601_82584_96831_81132|hsyQfk3M8Pp5bX2Y0d9Jw1nLr7Tc";
    std::string document = "DEAL_8061";
    OrderedFields properties;        // full keys: {"properties[group]", ...}, {"properties[phones][0]", ...}
    std::string use_subscription = "Y";
    bool newer_core = true;          // document_type and auth[refresh_token] come from newer portals only

    OrderedFields fields() const {
        const bool lead = document.rfind("LEAD_", 0) == 0;
        OrderedFields f = {{"workflow_id", "6571a3b2c4d5e6.12345678"},
                           {"code", "groupdesk_group"},
                           {"document_id[0]", "crm"},
                           {"document_id[1]", lead ? "CCrmDocumentLead" : "CCrmDocumentDeal"},
                           {"document_id[2]", document}};
        if (newer_core) {
            f.push_back({"document_type[0]", "crm"});
            f.push_back({"document_type[1]", lead ? "CCrmDocumentLead" : "CCrmDocumentDeal"});
            f.push_back({"document_type[2]", lead ? "LEAD" : "DEAL"});
        }
        f.push_back({"event_token", event_token});
        for (const auto& p : properties) f.push_back(p);
        f.push_back({"use_subscription", use_subscription});
        f.push_back({"timeout_duration", "0"});
        f.push_back({"ts", "1795424700"});
        f.push_back({"auth[access_token]", access_token});
        f.push_back({"auth[expires]", "1795428300"});
        f.push_back({"auth[expires_in]", "3600"});
        f.push_back({"auth[scope]", "crm,bizproc,placement,user"});
        f.push_back({"auth[domain]", domain});
        f.push_back({"auth[server_endpoint]", "https://oauth.bitrix.info/rest/"});
        f.push_back({"auth[status]", "L"});
        f.push_back({"auth[client_endpoint]", "http://" + domain + "/rest/"});
        f.push_back({"auth[member_id]", member_id});
        f.push_back({"auth[user_id]", "1"});
        if (newer_core) f.push_back({"auth[refresh_token]", "rt-robot-user-1"});
        f.push_back({"auth[application_token]", application_token});
        return f;
    }
    std::string body() const { return php_form(fields()); }
};

// The robot's settings as the designer stores them: add these phones to the group (one value
// per phone, as a multiple string property is sent), inviting whom the add fails for.
inline OrderedFields add_phones(const std::string& group, const std::vector<std::string>& phones, bool invite = true) {
    OrderedFields p = {{"properties[group]", group}, {"properties[action]", "add"}, {"properties[whom]", "phones"}};
    for (size_t i = 0; i < phones.size(); ++i) p.push_back({"properties[phones][" + std::to_string(i) + "]", phones[i]});
    p.push_back({"properties[invite_on_failure]", invite ? "Y" : "N"});
    return p;
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
