// A Bitrix24 portal and an amoCRM account on 127.0.0.1 for the browser tests: the same fakes the
// connector tests use (tests/connectors/*_fake.h), plus the pages a user sees there, so a real
// Chromium opens GroupDesk from a card the way each CRM does.
//   Bitrix24  GET /marketplace/app/?install=URL   the admin opens the app: its install page in a frame
//             GET /crm/deal/details/ID/?user=N     a deal card with the GroupDesk tab open in a frame,
//                                                  posted to the handler the install bound
//   amoCRM    GET /oauth?redirect=URL              the admin grants access: a redirect with ?code
//             GET /leads/detail/ID?proxy_url=URL   a lead card running the real widget archive's
//                 [&lang=en]                       script.js in its 300 px right column, its
//                                                  $authorizedAjax signing the JWT, its modal real
//                                                  enough to hold the full widget
// The card's people come from the sandbox's own WhatsApp world (two in «Клиенты — Москва», one
// on WhatsApp but not in it, one not on WhatsApp, one who blocks group adds, one without a
// phone), so what an add does to each is known.
// Prints one JSON line with both addresses and keys once listening; runs until stdin closes.
#include "proxy/connectors/sandbox/demo_data.h"
#include "proxy/storage/data_file.h"
#include "proxy/transport/crm_entry_routes.h"
#include "tests/connectors/amocrm_fake.h"
#include "tests/connectors/bitrix24_fake.h"

#include <jwt.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include <unistd.h>

namespace gd::fake_crm {
namespace {

using nlohmann::json;

constexpr const char* kDealId = "8061";
constexpr const char* kDealTitle = "Внедрение CRM — ООО «Ромашка»";
constexpr int64_t kLeadId = 30001;
constexpr const char* kLeadTitle = "Оптовый заказ — ИП Орлова";
constexpr const char* kApplicationToken = "app-token-5f0c2a9e7b";
constexpr const char* kAmoUserId = "87654321";
constexpr const char* kAmoUserName = "Мария Орлова";

struct Person {
    std::string name;
    std::string phone;   // E.164, "" for none
};

// ---- The people, from the sandbox's WhatsApp world -------------------------------------------

std::string first_phone(Database& db, const std::string& sql) {
    Statement st = db.prepare(sql);
    st.bind(1, demo::kMoscowClientsGroup).bind(2, demo::kOurNumber);
    return st.step() ? st.text(0) : "";
}

std::vector<Person> card_people() {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("groupdesk-fake-crm-" + std::to_string(getpid()));
    std::vector<Person> people;
    {
        std::unique_ptr<Database> db = open_data_file(dir);
        demo::seed_if_empty(*db);
        const std::string members = "SELECT phone FROM wa_participants WHERE group_id = ?1 AND phone != ?2 AND role = 'member' "
                                    "ORDER BY phone LIMIT 1 OFFSET ";
        people.push_back({"Ирина Ковалёва", first_phone(*db, members + "0")});
        people.push_back({"Сергей Лебедев", first_phone(*db, members + "1")});
        people.push_back({"Павел Гришин",
                          first_phone(*db, "SELECT phone FROM wa_numbers WHERE has_whatsapp = 1 AND blocks_group_adds = 0 "
                                           "AND phone != ?2 AND phone NOT IN (SELECT phone FROM wa_participants "
                                           "WHERE group_id = ?1) ORDER BY phone LIMIT 1")});
    }
    std::filesystem::remove_all(dir);
    people.push_back({"Склад на Выборгской", demo::numbers_without_whatsapp()[2]});
    people.push_back({"Виктор Лосев", demo::numbers_blocking_group_adds()[0]});
    people.push_back({"Елена Без Телефона", ""});
    return people;
}

// "+79161234567" as a manager types it: "8 (916) 123-45-67".
std::string as_typed(const std::string& e164) {
    if (e164.size() != 12 || e164.rfind("+7", 0) != 0) return e164;
    const std::string d = e164.substr(2);
    return "8 (" + d.substr(0, 3) + ") " + d.substr(3, 3) + "-" + d.substr(6, 2) + "-" + d.substr(8, 2);
}

std::string query_value(const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : "";
}

void reply_page(httplib::Response& res, const std::string& title, const std::string& body) {
    res.set_content("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
                        "</title></head><body style=\"margin:0;font-family:sans-serif\">" + body + "</body></html>",
                    "text/html; charset=utf-8");
}

// ---- Bitrix24 ---------------------------------------------------------------------------------

// Bitrix24 opens an application's page by POSTing the user's tokens into a frame (research
// bitrix24.md §1.3): DOMAIN, PROTOCOL, LANG and APP_SID in the query, the rest in the form.
std::string frame_post(test::FakeBitrix24& portal, const std::string& handler, const std::string& user_id,
                       const std::string& placement, const std::string& options) {
    auto [access, refresh] = portal.issue_pair(user_id);
    const std::string action = handler + (handler.find('?') == std::string::npos ? "?" : "&") + "DOMAIN=" +
                               portal.domain() + "&PROTOCOL=0&LANG=ru&APP_SID=f00dfeed";
    std::string fields;
    for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"AUTH_ID", access}, {"AUTH_EXPIRES", "3600"}, {"REFRESH_ID", refresh},
             {"member_id", test::kMemberId}, {"status", "L"}, {"PLACEMENT", placement},
             {"PLACEMENT_OPTIONS", options}, {"APPLICATION_TOKEN", kApplicationToken}})
        fields += "<input type=\"hidden\" name=\"" + name + "\" value=\"" + html_escape(value) + "\">";
    return "<form id=\"open\" method=\"post\" target=\"app\" action=\"" + html_escape(action) + "\">" + fields +
           "</form><iframe name=\"app\" id=\"app\" title=\"GroupDesk\" style=\"width:100%;height:640px;border:0\">"
           "</iframe><script>document.getElementById('open').submit();</script>";
}

void serve_bitrix24(test::FakeBitrix24& portal, const std::vector<Person>& people) {
    portal.user("1", "Анна", "Админова", true);
    portal.user("7", "Пётр", "Менеджеров");
    std::vector<int> ids;
    for (size_t i = 0; i < people.size(); ++i) {
        const std::string id = std::to_string(401 + i);
        const size_t space = people[i].name.find(' ');
        std::vector<std::string> phones;
        if (!people[i].phone.empty()) phones.push_back(as_typed(people[i].phone));
        portal.contact(id, people[i].name.substr(0, space), space == std::string::npos ? "" : people[i].name.substr(space + 1),
                       phones);
        ids.push_back((int)(401 + i));
    }
    portal.deal(kDealId, kDealTitle, ids);

    portal.server.Get("/marketplace/app/", [&portal](const httplib::Request& req, httplib::Response& res) {
        const std::string handler = query_value(req, "install");
        if (handler.empty()) return reply_page(res, "Bitrix24", "<p>?install=URL is required</p>");
        reply_page(res, "Приложения — Bitrix24",
                   "<h3>GroupDesk: установка</h3>" + frame_post(portal, handler, "1", "DEFAULT", "{}"));
    });
    portal.server.Get(R"(/crm/deal/details/(\d+)/)", [&portal](const httplib::Request& req, httplib::Response& res) {
        std::string handler;
        for (const auto& [placement, bound] : portal.bound())
            if (placement == "CRM_DEAL_DETAIL_TAB") handler = bound;
        const std::string user = query_value(req, "user").empty() ? "7" : query_value(req, "user");
        const std::string title = "<h3>Сделка: " + html_escape(kDealTitle) + "</h3>";
        if (handler.empty()) return reply_page(res, "Сделка", title + "<p id=\"no-tab\">Вкладка GroupDesk не установлена</p>");
        reply_page(res, "Сделка — Bitrix24",
                   title + frame_post(portal, handler, user, "CRM_DEAL_DETAIL_TAB",
                                      json{{"ID", req.matches[1].str()}}.dump()));
    });
}

// ---- amoCRM -----------------------------------------------------------------------------------

json amo_contact(int64_t id, const Person& person) {
    json j = {{"id", id}, {"name", person.name}, {"responsible_user_id", std::stoll(kAmoUserId)}};
    j["custom_fields_values"] = person.phone.empty()
        ? json(nullptr)
        : json::array({{{"field_id", 3}, {"field_name", "Телефон"}, {"field_code", "PHONE"},
                        {"field_type", "multitext"},
                        {"values", json::array({{{"value", as_typed(person.phone)}, {"enum_id", 1}, {"enum", "WORK"}}})}}});
    return j;
}

// What amoCRM's $authorizedAjax puts in X-Auth-Token (research amocrm.md §5.3), signed with the
// integration's secret, which the account knows.
std::string widget_token(const std::string& account_url, const std::string& audience) {
    static std::mt19937_64 random{std::random_device{}()};
    const int64_t now = (int64_t)std::time(nullptr);
    const json claims = {{"iss", account_url}, {"aud", audience}, {"jti", "jti-" + std::to_string(random())},
                         {"iat", now}, {"nbf", now}, {"exp", now + 1800}, {"account_id", std::stoll(amo_test::kAccountId)},
                         {"user_id", std::stoll(kAmoUserId)}, {"subdomain", "127"},   // the account lives at 127.0.0.1
                         {"client_uuid", amo_test::kClientId}, {"is_admin", false}};
    jwt_t* jwt = nullptr;
    jwt_new(&jwt);
    jwt_add_grants_json(jwt, claims.dump().c_str());
    const std::string key = amo_test::kClientSecret;
    jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key.data()), (int)key.size());
    char* text = jwt_encode_str(jwt);
    std::string token = text ? text : "";
    std::free(text);
    jwt_free(jwt);
    return token;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The card page: amoCRM's widget runtime as far as script.js uses it (research amocrm.md §5):
// AMD define(['jquery', 'lib/components/base/modal']), the widget's i18n, settings, system().area,
// render_template and $authorizedAjax, APP.data.current_card and APP.lang_id (?lang=en, else
// "ru"), and the system Modal: a box over the page that holds what init() puts in its body.
// The widget's block sits in the card's right column, as wide as amoCRM's (about 300 px).
constexpr const char* kAmoHost = R"JS(
var widgetFactory;
window.define = function (deps, factory) { widgetFactory = factory; };
window.APP = { data: { current_card: { id: CARD_ID } }, lang_id: LANG_ID };
window.fakeModals = 0;
function FakeModal(options) {
  var $overlay = jQuery('<div class="modal">').css({ position: 'fixed', left: 0, top: 0, right: 0, bottom: 0,
    background: 'rgba(0,0,0,0.4)', display: 'flex', 'align-items': 'center', 'justify-content': 'center' });
  var $body = jQuery('<div class="modal-body">').css({ background: '#fff', padding: '8px' });
  $body.on('modal:loaded', function () { window.fakeModals += 1; });
  $overlay.addClass(options.class_name).append($body).appendTo(document.body);
  options.init.call(this, $body);
}
function startWidget(i18n) {
  var Widget = widgetFactory(jQuery, FakeModal);
  Widget.prototype = {
    i18n: function (key) { return i18n[key]; },
    get_settings: function () { return { proxy_url: PROXY_URL }; },
    system: function () { return { area: 'lcard', amouser_id: USER_ID, subdomain: '127' }; },
    render_template: function (t) { jQuery('#widgets').append(t.render); },
    $authorizedAjax: function (options) {
      var answer = jQuery.Deferred();
      jQuery.getJSON('/fake/widget-token').done(function (t) {
        jQuery.ajax(jQuery.extend({}, options, { headers: { 'X-Auth-Token': t.token } }))
          .done(answer.resolve).fail(answer.reject);
      }).fail(answer.reject);
      return answer.promise();
    }
  };
  var widget = new Widget();
  widget.callbacks.render();
  widget.callbacks.init();
  widget.callbacks.bind_actions();
}
)JS";

void serve_amocrm(amo_test::FakeAmo& account, const std::vector<Person>& people, const std::filesystem::path& widget_dir,
                  const std::filesystem::path& jquery) {
    json linked = json::array();
    json contacts = json::array();
    for (size_t i = 0; i < people.size(); ++i) {
        linked.push_back({{"id", 501 + (int64_t)i}, {"is_main", i == 0}});
        contacts.push_back(amo_contact(501 + (int64_t)i, people[i]));
    }
    account.answer_json("/api/v4/account", {{"id", std::stoll(amo_test::kAccountId)}, {"name", "ИП Орлова"},
                                            {"subdomain", "127"}, {"current_user_id", std::stoll(kAmoUserId)}, {"country", "RU"}});
    // The users list is admin only, which the installing admin's tokens are (research §2.1).
    json user = {{"id", std::stoll(kAmoUserId)}, {"name", kAmoUserName}, {"email", "m.orlova@example.org"}, {"lang", "ru"},
                 {"rights", {{"is_admin", false}, {"is_free", false}, {"is_active", true}, {"group_id", nullptr}, {"role_id", nullptr}}}};
    account.answer_json("/api/v4/users", {{"_total_items", 1}, {"_page", 1}, {"_page_count", 1},
                                          {"_links", {{"self", {{"href", account.url() + "/api/v4/users?page=1"}}}}},
                                          {"_embedded", {{"users", json::array({user})}}}});
    // Her rights, read before she is shown a card: her own leads and contacts, which these are.
    account.user(std::stoll(kAmoUserId), kAmoUserName, {"M", "M"});
    account.answer_json("/api/v4/leads/" + std::to_string(kLeadId),
                        {{"id", kLeadId}, {"name", kLeadTitle}, {"price", 0}, {"responsible_user_id", std::stoll(kAmoUserId)},
                         {"status_id", 142}, {"_embedded", {{"tags", json::array()}, {"contacts", linked}}}});
    account.answer_json("/api/v4/contacts", {{"_page", 1},
                                             {"_links", {{"self", {{"href", account.url() + "/api/v4/contacts?page=1"}}}}},
                                             {"_embedded", {{"contacts", contacts}}}});

    account.server.Get("/oauth", [&account](const httplib::Request& req, httplib::Response& res) {
        const std::string redirect = query_value(req, "redirect");
        static int codes = 0;
        const std::string code = "def50200code" + std::to_string(++codes);
        account.issue_code(code);
        res.set_redirect(redirect + "?code=" + code + "&referer=" + account.host() + "&state=&from_widget=1");
    });
    account.server.Get("/fake/widget-token", [&account](const httplib::Request&, httplib::Response& res) {
        res.set_content(json{{"token", widget_token(account.url(), "https://groupdesk.example.org")}}.dump(), "application/json");
    });
    const std::string script = read_file(widget_dir / "script.js");
    const std::string i18n_ru = read_file(widget_dir / "i18n" / "ru.json");
    const std::string i18n_en = read_file(widget_dir / "i18n" / "en.json");
    const std::string jquery_source = read_file(jquery);
    account.server.Get("/fake/jquery.js", [jquery_source](const httplib::Request&, httplib::Response& res) {
        res.set_content(jquery_source, "text/javascript");
    });
    account.server.Get("/widget/script.js", [script](const httplib::Request&, httplib::Response& res) {
        res.set_content(script, "text/javascript");
    });
    account.server.Get(R"(/leads/detail/(\d+))", [i18n_ru, i18n_en](const httplib::Request& req, httplib::Response& res) {
        std::string host = kAmoHost;
        auto put = [&host](const std::string& name, const std::string& value) {
            for (size_t at; (at = host.find(name)) != std::string::npos;) host.replace(at, name.size(), value);
        };
        const std::string lang = query_value(req, "lang") == "en" ? "en" : "ru";
        put("CARD_ID", req.matches[1].str());
        put("PROXY_URL", json(query_value(req, "proxy_url")).dump());
        put("USER_ID", kAmoUserId);
        put("LANG_ID", json(lang).dump());
        // script.js is loaded after the host's define() exists, as amoCRM's RequireJS would. The card:
        // its feed on the left, the widgets' right column 300 px wide.
        reply_page(res, "Сделка — amoCRM",
                   "<h3>Сделка: " + html_escape(kLeadTitle) + "</h3>"
                   "<div style=\"display:flex;width:1000px\"><div id=\"feed\" style=\"flex:1;min-height:600px\"></div>"
                   "<div id=\"widgets\" style=\"width:300px;flex:none\"></div></div>"
                   "<script src=\"/fake/jquery.js\"></script><script>" + host + "</script>"
                   "<script src=\"/widget/script.js\"></script><script>startWidget(" + (lang == "en" ? i18n_en : i18n_ru) +
                       ");</script>");
    });
}

} // namespace
} // namespace gd::fake_crm

int main(int argc, char** argv) {
    using namespace gd;
    std::filesystem::path widget_dir = GROUPDESK_AMOCRM_WIDGET_SOURCE;
    std::filesystem::path jquery = "/usr/share/javascript/jquery/jquery.min.js";   // Debian libjs-jquery
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::string(argv[i]) == "--jquery") jquery = argv[i + 1];
        if (std::string(argv[i]) == "--amocrm-widget") widget_dir = argv[i + 1];
    }
    if (!std::filesystem::exists(jquery)) {
        std::cerr << "groupdesk-fake-crm: no jQuery at " << jquery << " (apt-get install libjs-jquery)\n";
        return 1;
    }
    const std::vector<fake_crm::Person> people = fake_crm::card_people();

    test::FakeBitrix24 portal;
    fake_crm::serve_bitrix24(portal, people);
    SteadyClock clock;
    amo_test::FakeAmo account(clock);
    fake_crm::serve_amocrm(account, people, widget_dir, jquery);
    account.start();

    nlohmann::json people_json = nlohmann::json::array();
    for (const auto& p : people) people_json.push_back({{"name", p.name}, {"phone", p.phone}});
    std::cout << nlohmann::json{
                     {"bitrix24", {{"url", portal.url()}, {"client_id", test::kClientId}, {"client_secret", test::kClientSecret},
                                   {"deal_id", fake_crm::kDealId}, {"deal_title", fake_crm::kDealTitle}}},
                     {"amocrm", {{"url", account.url()}, {"client_id", amo_test::kClientId},
                                 {"client_secret", amo_test::kClientSecret}, {"redirect_uri", amo_test::kRedirectUri},
                                 {"lead_id", std::to_string(fake_crm::kLeadId)}, {"lead_title", fake_crm::kLeadTitle},
                                 {"user_name", fake_crm::kAmoUserName}}},
                     {"people", people_json}}
                     .dump()
              << std::endl;
    // The test owns this process: when it closes stdin (or dies), the fake ends.
    for (std::string line; std::getline(std::cin, line);) {}
    return 0;
}
