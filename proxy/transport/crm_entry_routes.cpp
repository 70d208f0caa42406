#include "proxy/transport/crm_entry_routes.h"

#include "proxy/auth/password_hash.h"
#include "proxy/connectors/amocrm/amo_oauth.h"
#include "proxy/connectors/bitrix24/bitrix24_frame.h"
#include "proxy/connectors/bitrix24/bitrix24_install.h"
#include "proxy/connectors/bitrix24/bitrix24_placement.h"
#include "proxy/connectors/upstream/ascii_text.h"
#include "proxy/transport/responses.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <sstream>

namespace gd {

namespace {

constexpr const char* kBitrix24Library = "https://api.bitrix24.com";   // BX24.js (§1.4)

// ---- What the CRM sent ----------------------------------------------------------------------

// Bitrix24 puts DOMAIN, PROTOCOL, LANG and APP_SID in the query and the rest in the form body
// (§1.3); cpp-httplib merges both into one map, so each is read from its own source here.
FormFields query_fields(const httplib::Request& req) {
    FormFields fields;
    const size_t question = req.target.find('?');
    if (question != std::string::npos) httplib::detail::parse_query_text(req.target.substr(question + 1), fields);
    return fields;
}


// "https://portal.bitrix24.ru" from a stored base URL ("https://portal.bitrix24.ru/"), or "" when
// it is not a plain scheme://host[:port] (it goes into a header, so nothing else may pass).
std::string origin_of(const std::string& base_url) {
    const size_t scheme_end = base_url.find("://");
    if (scheme_end == std::string::npos) return "";
    const std::string scheme = ascii_lowercase(base_url.substr(0, scheme_end));
    if (scheme != "https" && scheme != "http") return "";
    const size_t host_start = scheme_end + 3;
    const std::string host = ascii_lowercase(base_url.substr(host_start, base_url.find('/', host_start) - host_start));
    if (host.empty() || host.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.:[]") != std::string::npos) return "";
    return scheme + "://" + host;
}

// The widget's language for the portal user's LANG (§1.3): Russian for the languages of the
// Russian-speaking portals, English for every other; "" when Bitrix24 sent none (the widget's own
// default then holds).
std::string widget_lang_of(const FormFields& query) {
    auto lang = query.find("LANG");
    if (lang == query.end() || lang->second.empty()) return "";
    const std::string code = ascii_lowercase(lang->second);
    for (const char* russian_speaking : {"ru", "ua", "by", "kz"})
        if (code == russian_speaking) return "ru";
    return "en";
}

// A page the portal user reads (a refusal, the install's outcome) leads with their language, the
// same one the widget gets; the request's own (?lang=, Accept-Language) when Bitrix24 sent none.
Lang page_lang(const FormFields& query, Lang request_lang) {
    const std::string lang = widget_lang_of(query);
    if (lang.empty()) return request_lang;
    return lang == "en" ? Lang::en : Lang::ru;
}

std::string host_of(const std::string& origin) {
    const size_t scheme_end = origin.find("://");
    return scheme_end == std::string::npos ? "" : origin.substr(scheme_end + 3);
}

// ---- Pages ----------------------------------------------------------------------------------

std::string page(const std::string& title, const std::string& body, const std::string& head = "") {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html_escape(title) + "</title>" + head +
           "</head><body style=\"font-family:sans-serif;margin:24px\">" + body + "</body></html>";
}

// The refusal in both languages with what to do next: an admin may read it in either. The detail
// is technical context the connectors keep free of secrets; it is escaped like everything else.
void reply_error_page(httplib::Response& res, const Error& error, Lang lang, const std::string& frame_ancestors) {
    const Lang other = lang == Lang::ru ? Lang::en : Lang::ru;
    std::string body;
    for (Lang l : {lang, other})
        body += "<p><b>" + html_escape(error_text(error.code).in(l)) + "</b><br>" +
                html_escape(error_next_step(error.code).in(l)) + "</p>";
    body += "<p><small>" + html_escape(error_code_name(error.code)) +
            (error.detail.empty() ? "" : ": " + html_escape(error.detail)) + "</small></p>";
    res.status = http_status(error.code);
    res.set_content(page("GroupDesk", body), "text/html; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Security-Policy", content_security_policy(frame_ancestors));
}

// The pages carry a session or an install's outcome: never cached, never leaked by a Referer.
void reply_page(httplib::Response& res, const std::string& html, const std::string& csp) {
    res.status = 200;
    res.set_content(html, "text/html; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Content-Security-Policy", csp);
}

// Who may frame a page about a request we could not verify: the portal it claims to come from,
// so the administrator sees why. The page holds nothing but the message.
std::string claimed_ancestor(const FormFields& query) {
    auto domain = query.find("DOMAIN");
    if (domain == query.end()) return "'none'";
    auto protocol = query.find("PROTOCOL");
    const bool https = protocol == query.end() || protocol->second != "0";
    const std::string origin = origin_of((https ? "https://" : "http://") + domain->second);
    return origin.empty() ? "'none'" : origin;
}

std::string read_page(const std::filesystem::path& web_root, const char* name = "index.html") {
    std::ifstream in(web_root / name, std::ios::binary);
    if (!in) return "";
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The widget's page with Bitrix24's library before its scripts, so the widget can have its frame
// fitted to its content (BX24.resizeWindow, §1.4). The library talks to the portal only after
// BX24.init; the widget waits for the flag set then. A library that did not load leaves the
// frame as it is.
std::string page_with_bx24(const std::string& html, const std::string& nonce) {
    const std::string scripts = "<script src=\"" + std::string(kBitrix24Library) + "/api/v1/\"></script><script nonce=\"" +
                                nonce + "\">if (window.BX24) BX24.init(function () { window.GROUPDESK_BX24_READY = true; });</script>";
    const size_t first_script = html.find("<script");
    if (first_script == std::string::npos) return html + scripts;
    return html.substr(0, first_script) + scripts + html.substr(first_script);
}

// ---- Bitrix24 -------------------------------------------------------------------------------

// Where Bitrix24 reaches the proxy for this app: the card tab, a robot's run, the events.
InstallSettings install_settings(const CrmEntrySettings& s) {
    return {s.public_url + "/crm/bitrix24/placement", s.tab_title, s.public_url + "/crm/bitrix24/robot",
            s.public_url + "/crm/bitrix24/event", s.whatsapp_groups};
}

// What the install page says about the robot, in both languages: how many groups it offers, or why
// it offers none and what brings them.
std::string robot_paragraph(const InstalledPortal& installed) {
    const std::string count = std::to_string(installed.robot.groups_offered);
    std::string ru = "Робот «Управление группой WhatsApp» и такое же действие бизнес-процесса добавлены. ";
    std::string en = "The robot «WhatsApp group management» and the same workflow action are registered. ";
    if (installed.groups_unread) {
        const Error& e = *installed.groups_unread;
        ru += "Группы подключённого номера WhatsApp прочитать не удалось (" + std::string(error_text(e.code).ru) +
              "), поэтому список групп робота пуст или остался прежним. Подключите номер и откройте GroupDesk снова: "
              "список обновится.";
        en += "The connected WhatsApp number's groups could not be read (" + std::string(error_text(e.code).en) +
              "), so the robot's group list is empty or as it was. Connect the number and open GroupDesk again: the "
              "list will be refreshed.";
    } else if (installed.robot.groups_offered == 0) {
        ru += "Подключённый номер WhatsApp не администратор ни одной группы, поэтому список групп робота пуст. Сделайте "
              "номер администратором группы и откройте GroupDesk снова.";
        en += "The connected WhatsApp number is an admin of no group, so the robot's group list is empty. Make the "
              "number an admin of a group and open GroupDesk again.";
    } else {
        ru += "Групп в списке (где подключённый номер — администратор): " + count + ".";
        en += "Groups offered (those the connected number is an admin of): " + count + ".";
    }
    return "<p>" + html_escape(ru) + "</p><p>" + html_escape(en) + "</p>";
}

void bitrix24_install(Call& c, const CrmEntrySettings& s, CrmTokenKeeper& keeper, Clock& clock,
                      const std::function<void(const std::string&)>& log) {
    const FormFields query = query_fields(c.request);
    Result<FrameRequest> frame = parse_frame_request(query, form_fields(c.request));
    Result<InstalledPortal> installed =
        frame ? install(keeper, *frame, *s.bitrix24, install_settings(s), clock, s.bitrix24_policy)
              : Result<InstalledPortal>(frame.error());
    if (!installed) {
        log("Bitrix24 install refused: " + std::string(error_code_name(installed.error().code)) + " " +
            installed.error().detail);
        return reply_error_page(c.response, installed.error(), page_lang(query, c.lang), claimed_ancestor(query));
    }
    s.robot_refresher->refreshed_now(installed->member_id);
    log("Bitrix24 portal " + installed->member_id + " installed GroupDesk; its robot offers " +
        std::to_string(installed->robot.groups_offered) + " groups" +
        (installed->groups_unread ? " (the number's groups could not be read: " +
                                        std::string(error_code_name(installed->groups_unread->code)) + ")"
                                  : ""));
    // installFinish() ends the install from the page itself (§6); until it runs the tabs stay hidden.
    const std::string nonce = random_token(16);
    const std::string script = "<script src=\"" + std::string(kBitrix24Library) + "/api/v1/\"></script><script nonce=\"" + nonce +
                               "\">BX24.init(function(){ BX24.installFinish(); });</script>";
    const std::string body = "<p><b>GroupDesk установлен</b></p><p>GroupDesk is installed: open a deal, lead or contact "
                             "card and choose its GroupDesk tab.</p>" +
                             robot_paragraph(*installed);
    reply_page(c.response, page("GroupDesk", body, script),
               content_security_policy(origin_of(installed->base_url), std::string(kBitrix24Library) + " 'nonce-" + nonce + "'"));
}

// ONAPPUNINSTALL: the portal's tokens go, and with them every card session opened from it (their
// users' own pairs go with the sessions). Bitrix24 has removed the tabs, the robot and the action.
void bitrix24_uninstall(Call& c, const CrmEntrySettings& s, CrmTokenKeeper& keeper, Sessions& sessions,
                        const std::function<void(const std::string&)>& log) {
    Result<AppUninstallEvent> event = parse_app_uninstall_event(form_fields(c.request));
    Result<Done> removed = event ? accept_app_uninstall(keeper, *event) : Result<Done>(event.error());
    if (!removed) {
        log("Bitrix24 uninstall event refused: " + std::string(error_code_name(removed.error().code)) + " " +
            removed.error().detail);
        return c.fail(removed.error());
    }
    s.robot_refresher->forget(event->member_id);
    const int closed = sessions.close_tenant("bitrix24:" + event->member_id);
    log("Bitrix24 portal " + event->member_id + " removed GroupDesk: its tokens are forgotten, " +
        std::to_string(closed) + " card sessions closed" + (event->clean ? " (it asked to clean the app's data)" : ""));
    c.response.set_content("ok", "text/plain");
}

void bitrix24_event(Call& c, const CrmEntrySettings& s, CrmTokenKeeper& keeper, Sessions& sessions, Clock& clock,
                    const std::function<void(const std::string&)>& log) {
    if (event_name(form_fields(c.request)) == "ONAPPUNINSTALL") return bitrix24_uninstall(c, s, keeper, sessions, log);
    Result<AppInstallEvent> event = parse_app_install_event(form_fields(c.request));
    Result<Done> accepted = event ? accept_app_install(keeper, *event, *s.bitrix24, clock, s.bitrix24_policy)
                                  : Result<Done>(event.error());
    if (!accepted) {
        log("Bitrix24 install event refused: " + std::string(error_code_name(accepted.error().code)) + " " +
            accepted.error().detail);
        return c.fail(accepted.error());
    }
    log("Bitrix24 portal " + event->member_id + " sent its install event");
    c.response.set_content("ok", "text/plain");
}

// An administrator is back: the robot's group list follows the number, on the refresher's thread
// (the page is not kept waiting) and at most every few minutes per portal. The work holds copies
// of what it needs, never the routes' settings, which own the refresher.
void refresh_robot_later(const CrmEntrySettings& s, CrmTokenKeeper& keeper, Clock& clock, const std::string& member_id,
                         const std::function<void(const std::string&)>& log) {
    s.robot_refresher->request(member_id, [&keeper, &clock, member_id, log, app = *s.bitrix24,
                                           settings = install_settings(s), policy = s.bitrix24_policy] {
        Result<RobotRegistration> robot = refresh_robot(keeper, member_id, app, settings, clock, policy);
        if (robot)
            log("Bitrix24 portal " + member_id + ": the robot's groups refreshed (" + std::to_string(robot->groups_offered) + ")");
        else
            log("Bitrix24 portal " + member_id + ": the robot's groups not refreshed: " +
                std::string(error_code_name(robot.error().code)) + " " + robot.error().detail);
    });
}

void bitrix24_placement(Call& c, const CrmEntrySettings& s, CrmTokenKeeper& keeper, Sessions& sessions, Clock& clock,
                        const std::function<void(const std::string&)>& log) {
    const FormFields query = query_fields(c.request);
    Result<PlacementRequest> request = parse_placement_request(query, form_fields(c.request));
    // The frame may be named by the portal we stored at install only, never by the posted DOMAIN.
    // Its address is checked before the user's: a stored address that is no plain URL would
    // otherwise reach the connector, which calls it "not connected" and lets the DOMAIN frame it.
    Result<CrmAccount> portal = request ? keeper.current(request->frame.member_id) : Result<CrmAccount>(request.error());
    const std::string ancestor = portal ? origin_of(portal->base_url) : "";
    if (portal && ancestor.empty()) portal = Error{ErrorCode::crm_bad_response, "the stored portal address is not a URL"};
    Result<PlacementUser> user = portal ? verify_placement_user(keeper, *request, clock, s.bitrix24_policy)
                                        : Result<PlacementUser>(portal.error());
    if (!user) {
        log("Bitrix24 card tab refused: " + std::string(error_code_name(user.error().code)) + " " + user.error().detail);
        return reply_error_page(c.response, user.error(), page_lang(query, c.lang),
                                user.error().code == ErrorCode::crm_bad_response ? "'none'" : claimed_ancestor(query));
    }
    const std::string index = read_page(s.web_root);
    if (index.empty()) {
        log("Bitrix24 card tab: no index.html in web_root " + s.web_root.string());
        return reply_error_page(c.response, Error{ErrorCode::internal, "the widget is not built"}, page_lang(query, c.lang),
                                ancestor);
    }
    Session session = sessions.open(SessionUser{user->user_id, user->name, user->is_admin, "bitrix24:" + user->member_id});
    // The card reads of this session carry the user's own token, so Bitrix24 shows them what
    // their rights allow, not what the installing administrator's token could read.
    const FrameRequest& frame = request->frame;
    Result<Done> kept = s.keep_user_tokens
                            ? s.keep_user_tokens(session.token, CrmAccount{{}, "bitrix24", portal->base_url, frame.auth_id,
                                                                           frame.refresh_id,
                                                                           clock.unix_seconds() + frame.auth_expires, {}})
                            : Result<Done>(Done{});
    if (!kept) {
        sessions.close(session.token);
        log("Bitrix24 card tab: the user's token could not be kept: " + std::string(error_code_name(kept.error().code)));
        return reply_error_page(c.response, kept.error(), page_lang(query, c.lang), ancestor);
    }
    nlohmann::json start = {
        {"session", session.token},
        {"entity", std::string(entity_kind_name(user->entity.kind)) + ":" + user->entity.id}};
    const std::string lang = widget_lang_of(query);
    if (!lang.empty()) start["lang"] = lang;
    const std::string nonce = random_token(16);
    const std::string page =
        page_with_start(page_with_bx24(index, nonce), start.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), nonce);
    reply_page(c.response, page,
               content_security_policy(ancestor, std::string(kBitrix24Library) + " 'nonce-" + nonce + "'"));
    if (user->is_admin) refresh_robot_later(s, keeper, clock, user->member_id, log);
}

// The console (console.html: the administrators' screens) in the portal's frame, where the card
// widget sends an administrator: the page only, framed by the portal stored at install for
// ?member=, with Bitrix24's library so its frame is fitted too. It holds no session: the card
// widget hands its own over in the address's fragment, which never reaches a server.
void bitrix24_console(Call& c, const CrmEntrySettings& s, CrmTokenKeeper& keeper) {
    const FormFields query = query_fields(c.request);
    auto member = query.find("member");
    Result<CrmAccount> portal = member == query.end() || member->second.empty()
                                    ? Result<CrmAccount>(Error{ErrorCode::bad_request, "no ?member="})
                                    : keeper.current(member->second);
    const std::string ancestor = portal ? origin_of(portal->base_url) : "";
    if (portal && ancestor.empty()) portal = Error{ErrorCode::crm_bad_response, "the stored portal address is not a URL"};
    // A portal we do not know (or cannot name) may not frame the page: nobody may.
    if (!portal) return reply_error_page(c.response, portal.error(), c.lang, "'none'");
    const std::string console = read_page(s.web_root, "console.html");
    if (console.empty())
        return reply_error_page(c.response, Error{ErrorCode::internal, "the console is not built"}, c.lang, ancestor);
    const std::string nonce = random_token(16);
    reply_page(c.response, page_with_start(page_with_bx24(console, nonce), "{}", nonce),
               content_security_policy(ancestor, std::string(kBitrix24Library) + " 'nonce-" + nonce + "'"));
}

// ---- amoCRM ---------------------------------------------------------------------------------

// The widget's install sends this redirect once, waits 3 s and reads no answer (§1.2); the code
// lives 20 minutes. So the trade keeps amoCRM's retrying policy (at most about two minutes, every
// pause capped) and simply finishes after amoCRM has hung up: a policy cut to 3 s would lose the
// install to one 429, with no second redirect to come.
void amocrm_install(Call& c, const CrmEntrySettings& s, CrmTokenKeeper& keeper, Clock& clock,
                    const std::function<void(const std::string&)>& log) {
    const httplib::Request& req = c.request;
    Result<CrmAccount> account = Error{ErrorCode::crm_not_authorized, "the account declined access"};
    if (!req.has_param("error")) {   // error=access_denied: the user said no (§1.2)
        AmoInstallRedirect redirect{req.get_param_value("code"), req.get_param_value("referer")};
        account = redirect.code.empty() || redirect.referer.empty()
                      ? Result<CrmAccount>(Error{ErrorCode::bad_request, "code and referer are required"})
                      : exchange_code(redirect, *s.amocrm, keeper, clock, s.amocrm_policy);
    }
    if (!account) {
        log("amoCRM install refused: " + std::string(error_code_name(account.error().code)) + " " + account.error().detail);
        return reply_error_page(c.response, account.error(), c.lang, "'none'");
    }
    log("amoCRM account " + account->id + " connected GroupDesk");
    reply_page(c.response,
               page("GroupDesk", "<p><b>GroupDesk подключён к amoCRM</b></p><p>GroupDesk is connected to amoCRM: "
                                 "open a lead or contact card and its GroupDesk widget.</p>"),
               content_security_policy("'none'"));
}

} // namespace

// The Origin when its host is under one of the integration's account domains ("acme.amocrm.ru"
// under "amocrm.ru"), with the integration's scheme; "" otherwise.
std::string account_origin(const std::string& origin, const AmoIntegration& integration) {
    const std::string normalized = origin_of(origin);
    if (normalized.empty() || normalized != ascii_lowercase(origin)) return "";   // a path or junk: not an Origin
    if (normalized.rfind(integration.account_scheme + "://", 0) != 0) return "";
    const std::string host = host_of(normalized);
    for (const std::string& domain : integration.account_domains) {
        const std::string suffix = "." + ascii_lowercase(domain);
        const bool under = host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
        // A local http test account lives on its domain itself ("127.0.0.1:7001"), a real one under it.
        const bool local = integration.account_scheme == "http" && host == ascii_lowercase(domain);
        if (under || local) return origin;
    }
    return "";
}

// CORS for the widget's $authorizedAjax (§5.3): the exact Origin, never "*", and only one we chose.
void allow_origin(httplib::Response& res, const std::string& origin) {
    res.set_header("Vary", "Origin");
    if (origin.empty()) return;
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Allow-Headers", "X-Auth-Token, Content-Type");
    res.set_header("Access-Control-Allow-Methods", "POST");
    res.set_header("Access-Control-Max-Age", "600");
}

namespace {

void amocrm_preflight(Call& c, const CrmEntrySettings& s) {
    // Before the token is read only the account domains are known: any account of the integration
    // may ask. The POST answers its own account only.
    allow_origin(c.response, account_origin(c.request.get_header_value("Origin"), *s.amocrm));
    c.response.status = 204;
}

void amocrm_session(Call& c, const CrmEntrySettings& s, CrmTokenKeeper& keeper, Sessions& sessions, Clock& clock,
                    JtiLedger& ledger, const std::function<void(const std::string&)>& log) {
    const std::string origin = c.request.get_header_value("Origin");
    Result<WidgetIdentity> identity = verify_widget_token(c.request.get_header_value("X-Auth-Token"),
                                                          widget_token_settings(*s.amocrm), clock, ledger);
    Result<CrmAccount> account = identity ? keeper.current(identity->account_id) : Result<CrmAccount>(identity.error());
    Result<Done> same_account = account ? check_token_account(*identity, *account) : Result<Done>(account.error());
    if (!same_account) {
        log("amoCRM session refused: " + std::string(error_code_name(same_account.error().code)) + " " +
            same_account.error().detail);
        // The widget of any account of ours may read why (the refusal holds nothing about anyone).
        allow_origin(c.response, account_origin(origin, *s.amocrm));
        return c.fail(same_account.error());
    }
    const bool own_account = origin_of(origin) == ascii_lowercase(origin) &&
                             host_of(ascii_lowercase(origin)) == identity->account_host &&
                             ascii_lowercase(origin).rfind(s.amocrm->account_scheme + "://", 0) == 0;
    allow_origin(c.response, own_account ? origin : "");
    // amoCRM's token names the user by id only: the name comes from the account's (kept) user list.
    const std::string tenant = "amocrm:" + identity->account_id;
    std::string name = s.user_name ? s.user_name(tenant, identity->user_id) : "";
    if (name.empty()) name = "amoCRM #" + identity->user_id;
    Session session = sessions.open(SessionUser{identity->user_id, name, identity->is_admin, tenant});
    c.reply(nlohmann::json{{"token", session.token}, {"expires_at", session.expires_at}});
}

} // namespace

std::string widget_frame_ancestors(const CrmEntrySettings& settings) {
    std::string sources = "'self'";
    if (!settings.amocrm) return sources;
    const AmoIntegration& amocrm = *settings.amocrm;
    // A local http test account lives on its domain itself; real accounts are its subdomains.
    const std::string prefix = amocrm.account_scheme + (amocrm.account_scheme == "http" ? "://" : "://*.");
    for (const std::string& domain : amocrm.account_domains) sources += " " + prefix + ascii_lowercase(domain);
    return sources;
}

FormFields form_fields(const httplib::Request& req) {
    FormFields fields;
    if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0)
        httplib::detail::parse_query_text(req.body, fields);
    return fields;
}

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += ch;
        }
    }
    return out;
}

std::string page_with_start(const std::string& index_html, const std::string& start_json, const std::string& nonce) {
    // '<', '>' and '&' occur in JSON only inside strings, where \u escapes mean the same: then no
    // "</script>" or "<!--" can end the script early.
    std::string safe;
    for (char ch : start_json) {
        if (ch == '<') safe += "\\u003c";
        else if (ch == '>') safe += "\\u003e";
        else if (ch == '&') safe += "\\u0026";
        else safe += ch;
    }
    // The page lives at /crm/bitrix24/placement: its relative asset names must resolve from "/".
    const std::string base = index_html.find("<base") == std::string::npos ? "<base href=\"/\">" : "";
    const std::string start = base + "<script nonce=\"" + nonce + "\">window.GROUPDESK_START=" + safe + ";</script>";
    const size_t first_script = index_html.find("<script");
    if (first_script == std::string::npos) return index_html + start;
    return index_html.substr(0, first_script) + start + index_html.substr(first_script);
}

std::vector<Route> crm_entry_routes(const CrmEntrySettings& settings, CrmTokenKeeper& keeper, Sessions& sessions,
                                    Clock& clock, JtiLedger& ledger, std::function<void(const std::string&)> log) {
    auto own = std::make_shared<CrmEntrySettings>(settings);
    if (own->bitrix24 && !own->robot_refresher) own->robot_refresher = std::make_shared<RobotRefresher>(clock);
    std::shared_ptr<const CrmEntrySettings> s = own;
    std::vector<Route> routes;
    if (s->bitrix24) {
        routes.push_back({"POST", "/crm/bitrix24/install",
                          [s, &keeper, &clock, log](Call& c) { bitrix24_install(c, *s, keeper, clock, log); }, Access::open});
        routes.push_back({"POST", "/crm/bitrix24/event",
                          [s, &keeper, &sessions, &clock, log](Call& c) { bitrix24_event(c, *s, keeper, sessions, clock, log); },
                          Access::open});
        routes.push_back({"POST", "/crm/bitrix24/placement",
                          [s, &keeper, &sessions, &clock, log](Call& c) { bitrix24_placement(c, *s, keeper, sessions, clock, log); },
                          Access::open});
        routes.push_back({"GET", "/crm/bitrix24/console", [s, &keeper](Call& c) { bitrix24_console(c, *s, keeper); }, Access::open});
    }
    if (s->amocrm) {
        routes.push_back({"GET", "/crm/amocrm/install",
                          [s, &keeper, &clock, log](Call& c) { amocrm_install(c, *s, keeper, clock, log); }, Access::open});
        routes.push_back({"OPTIONS", "/crm/amocrm/session", [s](Call& c) { amocrm_preflight(c, *s); }, Access::open});
        routes.push_back({"POST", "/crm/amocrm/session",
                          [s, &keeper, &sessions, &clock, &ledger, log](Call& c) {
                              amocrm_session(c, *s, keeper, sessions, clock, ledger, log);
                          },
                          Access::open});
    }
    return routes;
}

} // namespace gd
