// Bitrix24 and amoCRM entering the proxy over real HTTP: the install page, the install event and
// the card tab against a fake portal; amoCRM's Redirect URI against a fake account and its
// widget's token for a session, with CORS. A session opened here works on the API with the
// card's tenant; forged, replayed and expired proofs get a refusal and no session, and no token
// or secret ever shows in an answer or a log line.
#include "../connectors/amocrm_fake.h"
#include "../connectors/bitrix24_posts.h"
#include "proxy_test_support.h"

#include "proxy/auth/login_throttle.h"
#include "proxy/auth/sessions.h"
#include "proxy/config/crm_tenants.h"
#include "proxy/connectors/bitrix24/bitrix24_crm.h"
#include "proxy/domain/crm_cards.h"
#include "proxy/storage/crm_account_table.h"
#include "proxy/storage/jti_table.h"
#include "proxy/storage/session_token_table.h"
#include "proxy/transport/card_routes.h"
#include "proxy/transport/crm_entry_routes.h"
#include "proxy/transport/session_routes.h"

#include <arpa/inet.h>
#include <jwt.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <future>
#include <regex>
#include <thread>

namespace gd {
namespace {

using nlohmann::json;
using test::FakeBitrix24;
using test::kAppToken;
using test::kMemberId;
using test::TabPost;

const char* kPublicUrl = "https://groupdesk.example.org";

// The proxy with the CRM entry routes, the session and card routes (to try a session on) and a
// data file of its own, on a ManualClock.
struct EntryProxy {
    test::ScratchDir dir;
    std::unique_ptr<Database> db = open_data_file(dir / "data");
    ManualClock clock;
    CrmAccountTable accounts{*db, clock};
    CrmTokenKeeper keeper{accounts};
    SessionTokenTable session_tokens{*db};   // card users' own pairs, as main() keeps them
    CrmTokenKeeper user_keeper{session_tokens};
    CrmTenants crms;
    SandboxStore store{*db};
    SandboxWhatsAppGateway whatsapp{store};
    WhatsAppChecks checks{*db, whatsapp, clock, CheckPolicy{}};
    PrivacyRefusals privacy_refusals{*db, clock};
    AuditLog audit{*db, clock};
    CrmCards cards{crms, checks, privacy_refusals, audit, "RU"};
    Sessions sessions{*db, clock, 60};
    LoginThrottle throttle{clock};
    JtiTable ledger{*db, clock};   // the used widget tokens, in the data file as in the proxy
    std::mutex log_mutex;
    std::vector<std::string> route_log;
    std::unique_ptr<test::RunningProxy> proxy;

    void start(CrmEntrySettings settings) {
        test::FakeWidget().write_into(dir / "web");
        settings.public_url = kPublicUrl;
        settings.web_root = dir / "web";
        auto log = [this](const std::string& line) {
            std::lock_guard lock(log_mutex);
            route_log.push_back(line);
        };
        settings.keep_user_tokens = [this](const std::string& token, CrmAccount pair) {
            pair.id = session_key(token);
            return user_keeper.store(pair);
        };
        std::vector<Route> routes = crm_entry_routes(settings, keeper, sessions, clock, ledger, log);
        for (Route& r : card_routes(cards)) routes.push_back(std::move(r));
        CheckLogin nobody = [](const std::string&, const std::string&) -> Result<LoginInfo> {
            return Error{ErrorCode::wrong_login, {}};
        };
        for (Route& r : session_routes(nobody, throttle, sessions, log)) routes.push_back(std::move(r));
        proxy = std::make_unique<test::RunningProxy>(std::move(routes), 1024 * 1024,
                                                     [this](const std::string& token) { return sessions.find(token); },
                                                     true, GateSettings{}, std::vector<std::string>{"groupdesk.example.org"});
    }
    httplib::Client client() { return proxy->client(); }

    // Every line the proxy wrote: the routes' own and the access log.
    std::string all_logs() {
        proxy->stop();
        std::string out;
        for (const std::string& line : proxy->log()) out += line + "\n";
        std::lock_guard lock(log_mutex);
        for (const std::string& line : route_log) out += line + "\n";
        return out;
    }
    // Whether a route has logged a line with `text` in it so far.
    bool logged(const std::string& text) {
        std::lock_guard lock(log_mutex);
        for (const std::string& line : route_log)
            if (line.find(text) != std::string::npos) return true;
        return false;
    }
    // Who a session token belongs to, asked the way the widget asks.
    httplib::Result who(const std::string& token) {
        return client().Get("/api/v1/session", {{"Authorization", "Bearer " + token}});
    }
    // A GET of the API with a session, as the widget sends it.
    httplib::Result api(const std::string& path, const std::string& token) {
        return client().Get(path, {{"Authorization", "Bearer " + token}});
    }
};

size_t header_count(const httplib::Result& r, const std::string& name) {
    size_t n = 0;
    auto lower = [](std::string text) {
        for (char& c : text) c = (char)std::tolower((unsigned char)c);
        return text;
    };
    for (const auto& [key, value] : r->headers) n += lower(key) == lower(name) ? 1 : 0;
    return n;
}

// ---- Bitrix24 -------------------------------------------------------------------------------

// A base, so the fake portal outlives the proxy and its kept clients: their idle connections
// close before the fake stops (else it waits out their keep-alive).
struct WithFakePortal {
    FakeBitrix24 fake;
};

struct Portal : WithFakePortal, EntryProxy {
    Bitrix24App app{test::kClientId, test::kClientSecret, ""};

    // `adjust` sets what a test needs in the routes' settings before they start.
    explicit Portal(bool installed = true, const std::function<void(CrmEntrySettings&)>& adjust = {}) {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        fake.user("5", "Boris", "Manager");
        app.oauth_url = fake.url();
        if (installed) {
            auto [access, refresh] = fake.issue_pair("1");
            keeper.store({kMemberId, "bitrix24", fake.url(), access, refresh, 0, kAppToken});
        }
        // As main() wires it: the account's connector, and each card user's view with their pair.
        crms.add_kind(
            "bitrix24",
            [this](const std::string& member_id) { return std::make_unique<Bitrix24Crm>(keeper, member_id, app, clock); },
            [this](const std::string&, const CrmReader& reader, Crm&) {
                return bitrix24_user_cards(user_keeper, reader.session_key, app, clock);
            });
        CrmEntrySettings settings;
        settings.bitrix24 = app;
        if (adjust) adjust(settings);
        start(settings);
    }

    // A frame's POST as Bitrix24 sends it to a page of the app: its query in the URL, its form as
    // the body.
    httplib::Result post_frame(const std::string& path, const TabPost& post) {
        return client().Post(path + "?" + httplib::detail::params_to_query_str(post.query), post.form);
    }
};

// window.GROUPDESK_START as the page holds it.
std::optional<json> start_of(const std::string& html) {
    std::smatch m;
    if (!std::regex_search(html, m, std::regex(R"(window\.GROUPDESK_START=(\{[^<]*\});</script>)"))) return std::nullopt;
    return json::parse(m[1].str());
}

TEST(CrmEntryBitrix24Tab, AGenuineTabOpensTheWidgetSignedInOnTheCard) {
    Portal p;
    auto [access, refresh] = p.fake.issue_pair("5");
    // The posted DOMAIN is the sender's word: the frame may be named by the stored portal only.
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", test::deal_tab("evil.example", access));

    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/html", 0), 0u);
    std::optional<json> start = start_of(r->body);
    ASSERT_TRUE(start) << r->body;
    EXPECT_EQ((*start)["entity"], "deal:8061");
    const std::string token = (*start)["session"];
    EXPECT_GE(token.size(), 40u);
    // The widget's own page around it, its script after the start and relative names from "/".
    EXPECT_NE(r->body.find("<base href=\"/\"><script nonce="), std::string::npos);
    EXPECT_LT(r->body.find("GROUPDESK_START"), r->body.find("widget.0123abcd4567.js"));

    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("frame-ancestors " + p.fake.url()), std::string::npos) << csp;
    EXPECT_EQ(csp.find("evil.example"), std::string::npos) << csp;
    std::smatch nonce;
    ASSERT_TRUE(std::regex_search(r->body, nonce, std::regex(R"re(<script nonce="([^"]+)">window)re")));
    EXPECT_NE(csp.find("'nonce-" + nonce[1].str() + "'"), std::string::npos) << csp;
    EXPECT_EQ(header_count(r, "Content-Security-Policy"), 1u);   // a second one would forbid the frame
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(header_count(r, "Referrer-Policy"), 1u);

    httplib::Result me = p.who(token);
    ASSERT_TRUE(me);
    ASSERT_EQ(me->status, 200) << me->body;
    json user = test::json_of(me);
    EXPECT_EQ(user["tenant"], std::string("bitrix24:") + kMemberId);
    EXPECT_EQ(user["id"], "5");
    EXPECT_EQ(user["is_admin"], false);
    EXPECT_NE(user["name"].get<std::string>().find("Boris"), std::string::npos);

    const std::string logs = p.all_logs();
    EXPECT_EQ(logs.find(token), std::string::npos);
    EXPECT_EQ(logs.find(access), std::string::npos);
}

TEST(CrmEntryBitrix24Tab, TheWidgetStartsInThePortalUsersLanguage) {
    Portal p;
    // Russian for the Russian-speaking portals' languages, English for any other.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"ru", "ru"}, {"ua", "ru"}, {"by", "ru"}, {"kz", "ru"}, {"RU", "ru"}, {"en", "en"}, {"de", "en"}, {"tc", "en"}};
    for (const auto& [portal_lang, widget_lang] : cases) {
        auto [access, refresh] = p.fake.issue_pair("5");
        test::TabPost post = test::deal_tab(p.fake.domain(), access);
        test::set(post.query, "LANG", portal_lang);
        httplib::Result r = p.post_frame("/crm/bitrix24/placement", post);
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << r->body;
        std::optional<json> start = start_of(r->body);
        ASSERT_TRUE(start) << r->body;
        EXPECT_EQ((*start)["lang"], widget_lang) << portal_lang;
    }
    // No LANG: no language in the start, the widget's own default holds.
    auto [access, refresh] = p.fake.issue_pair("5");
    test::TabPost post = test::deal_tab(p.fake.domain(), access);
    post.query.erase("LANG");
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", post);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    std::optional<json> start = start_of(r->body);
    ASSERT_TRUE(start) << r->body;
    EXPECT_FALSE(start->contains("lang")) << start->dump();
    EXPECT_EQ((*start)["entity"], "deal:8061");
}

TEST(CrmEntryBitrix24Tab, AnAdministratorsTabIsAnAdminSession) {
    Portal p;
    auto [access, refresh] = p.fake.issue_pair("1");
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", test::deal_tab(p.fake.domain(), access));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(test::json_of(p.who((*start_of(r->body))["session"]))["is_admin"], true);
}

// Every error page: the status the error says, HTML that is never cached, the error and what to
// do next in Russian and in English, and no widget start (so no session) in it.
void expect_error_page(const httplib::Result& r, ErrorCode code) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, http_status(code)) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/html", 0), 0u);
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
    for (Lang lang : {Lang::ru, Lang::en}) {
        EXPECT_NE(r->body.find(html_escape(error_text(code).in(lang))), std::string::npos) << r->body;
        EXPECT_NE(r->body.find(html_escape(error_next_step(code).in(lang))), std::string::npos) << r->body;
    }
    EXPECT_EQ(r->body.find("GROUPDESK_START"), std::string::npos);
}

// Who may frame the page: the CSP's last directive.
std::string frame_ancestors(const httplib::Result& r) {
    const std::string csp = r->get_header_value("Content-Security-Policy");
    const size_t at = csp.find("frame-ancestors ");
    return at == std::string::npos ? "" : csp.substr(at + std::string("frame-ancestors ").size());
}

// A card tab's refusal: an error page, and neither the posted token nor any stored one in the
// page or the log.
void expect_refusal(Portal& p, const httplib::Result& r, ErrorCode code, const std::string& posted_token) {
    expect_error_page(r, code);
    if (!r) return;
    std::optional<CrmAccount> stored = p.accounts.load(kMemberId);
    const std::string logs = p.all_logs();
    std::vector<std::string> secrets = {posted_token, kAppToken, test::kClientSecret};
    if (stored) secrets.insert(secrets.end(), {stored->access_token, stored->refresh_token});
    for (const std::string& secret : secrets) {
        EXPECT_EQ(r->body.find(secret), std::string::npos) << secret;
        EXPECT_EQ(logs.find(secret), std::string::npos) << secret;
    }
    EXPECT_NE(logs.find("Bitrix24 card tab refused: " + std::string(error_code_name(code))), std::string::npos) << logs;
}

TEST(CrmEntryBitrix24Tab, ThePageLoadsBitrix24sLibrarySoTheWidgetCanFitTheFrame) {
    Portal p;
    auto [access, refresh] = p.fake.issue_pair("5");
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", test::deal_tab(p.fake.domain(), access));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    // The library, then its init, which tells the widget the portal listens; both before the widget.
    const size_t library = r->body.find("<script src=\"https://api.bitrix24.com/api/v1/\"></script>");
    const size_t init = r->body.find("BX24.init(function () { window.GROUPDESK_BX24_READY = true; })");
    ASSERT_NE(library, std::string::npos) << r->body;
    ASSERT_NE(init, std::string::npos) << r->body;
    EXPECT_LT(library, init);
    EXPECT_LT(init, r->body.find("widget.0123abcd4567.js"));
    std::smatch nonce;
    ASSERT_TRUE(std::regex_search(r->body, nonce, std::regex(R"re(<script nonce="([^"]+)">if \(window\.BX24\))re")));
    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval' https://api.bitrix24.com 'nonce-" + nonce[1].str() + "'"),
              std::string::npos) << csp;
}

// A refusal inside the portal leads with the portal user's language (LANG), as the widget would
// speak it: Russian for the Russian-speaking portals' languages, English for any other. The other
// language follows, for an administrator who reads that one.
TEST(CrmEntryBitrix24Tab, ARefusalLeadsWithThePortalUsersLanguage) {
    Portal p;
    const std::vector<std::pair<std::string, Lang>> cases = {
        {"en", Lang::en}, {"de", Lang::en}, {"ru", Lang::ru}, {"ua", Lang::ru}, {"kz", Lang::ru}};
    for (const auto& [portal_lang, first] : cases) {
        TabPost post = test::deal_tab(p.fake.domain(), "at-forged-Zz9");
        test::set(post.query, "LANG", portal_lang);
        httplib::Result r = p.post_frame("/crm/bitrix24/placement", post);
        expect_error_page(r, ErrorCode::crm_token_rejected);
        const Lang second = first == Lang::ru ? Lang::en : Lang::ru;
        EXPECT_LT(r->body.find(html_escape(error_text(ErrorCode::crm_token_rejected).in(first))),
                  r->body.find(html_escape(error_text(ErrorCode::crm_token_rejected).in(second))))
            << portal_lang << ": " << r->body;
    }
    // Without LANG the request's own language holds (here ?lang=en).
    TabPost post = test::deal_tab(p.fake.domain(), "at-forged-Zz9");
    post.query.erase("LANG");
    httplib::Result r = p.client().Post("/crm/bitrix24/placement?lang=en&" + httplib::detail::params_to_query_str(post.query),
                                        post.form);
    expect_error_page(r, ErrorCode::crm_token_rejected);
    EXPECT_LT(r->body.find(html_escape(error_text(ErrorCode::crm_token_rejected).en)),
              r->body.find(html_escape(error_text(ErrorCode::crm_token_rejected).ru)));
}

TEST(CrmEntryBitrix24Tab, AForgedUserTokenGetsARefusalPageAndNoSession) {
    Portal p;
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", test::deal_tab(p.fake.domain(), "at-forged-Zz9"));
    expect_refusal(p, r, ErrorCode::crm_token_rejected, "at-forged-Zz9");
}

TEST(CrmEntryBitrix24Tab, AWrongApplicationTokenGetsARefusalPage) {
    Portal p;
    auto [access, refresh] = p.fake.issue_pair("5");
    TabPost post = test::deal_tab(p.fake.domain(), access);
    test::set(post.form, "APPLICATION_TOKEN", "app-token-guess");
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", post);
    expect_refusal(p, r, ErrorCode::crm_token_rejected, access);
    EXPECT_TRUE(p.fake.methods().empty()) << "refused before asking the portal";
}

TEST(CrmEntryBitrix24Tab, APortalThatNeverInstalledGroupDeskIsNotConnected) {
    Portal p(/*installed=*/false);
    auto [access, refresh] = p.fake.issue_pair("5");
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", test::deal_tab(p.fake.domain(), access));
    expect_refusal(p, r, ErrorCode::crm_not_connected, access);
}

TEST(CrmEntryBitrix24Tab, AMalformedPostIsABadRequestPageAndItsValuesAreEscaped) {
    Portal p;
    TabPost post = test::deal_tab("<script>alert(2)</script>", "at-x");
    test::set(post.form, "PLACEMENT_OPTIONS", "<script>alert(1)</script>");
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", post);
    expect_refusal(p, r, ErrorCode::bad_request, "at-x");
    EXPECT_EQ(r->body.find("<script>alert"), std::string::npos) << r->body;
    // A claimed DOMAIN that is not a host is not put into the CSP either.
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
}

int64_t open_sessions(EntryProxy& e) { return e.db->scalar("SELECT COUNT(*) FROM sessions", -1); }

TEST(CrmEntryBitrix24Tab, AStoredPortalAddressThatIsNoUrlIsABadResponseNobodyMayFrame) {
    for (const char* stored_address : {"not a url", "javascript:alert(1)"}) {
        Portal p;
        auto [access, refresh] = p.fake.issue_pair("5");
        CrmAccount portal = *p.accounts.load(kMemberId);
        portal.base_url = stored_address;
        p.keeper.store(portal);

        httplib::Result r = p.post_frame("/crm/bitrix24/placement", test::deal_tab(p.fake.domain(), access));
        expect_refusal(p, r, ErrorCode::crm_bad_response, access);
        ASSERT_TRUE(r);
        EXPECT_EQ(frame_ancestors(r), "'none'") << stored_address;
        EXPECT_EQ(r->body.find("javascript:"), std::string::npos) << r->body;
        EXPECT_EQ(open_sessions(p), 0) << stored_address;
        EXPECT_TRUE(p.fake.methods().empty()) << "the user's token went nowhere";
    }
}

TEST(CrmEntryBitrix24Tab, AProxyWithoutTheWidgetsPageSaysSoInsideThePortal) {
    Portal p;
    std::filesystem::remove(p.dir / "web" / "index.html");
    auto [access, refresh] = p.fake.issue_pair("5");
    httplib::Result r = p.post_frame("/crm/bitrix24/placement", test::deal_tab(p.fake.domain(), access));
    expect_error_page(r, ErrorCode::internal);
    ASSERT_TRUE(r);
    // The user is genuine, so the page is the stored portal's to show; it opens no session.
    EXPECT_EQ(frame_ancestors(r), p.fake.url());
    EXPECT_EQ(open_sessions(p), 0);
    EXPECT_EQ(r->body.find(access), std::string::npos);
    const std::string logs = p.all_logs();
    EXPECT_NE(logs.find("Bitrix24 card tab: no index.html in web_root"), std::string::npos) << logs;
    EXPECT_EQ(logs.find(access), std::string::npos);
}

// The console, where the card widget sends an administrator: framed by the installed portal only,
// with Bitrix24's library, and no session of its own (the widget brings one in the fragment).
TEST(CrmEntryBitrix24Console, TheConsolePageIsFramedByTheInstalledPortalWithItsLibrary) {
    Portal p;
    httplib::Result r = p.client().Get(std::string("/crm/bitrix24/console?member=") + kMemberId + "&screen=users&lang=ru");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(frame_ancestors(r), p.fake.url());
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
    const size_t library = r->body.find("<script src=\"https://api.bitrix24.com/api/v1/\"></script>");
    ASSERT_NE(library, std::string::npos) << r->body;
    EXPECT_LT(library, r->body.find("console.89abcdef0123.js"));
    EXPECT_NE(r->body.find("<base href=\"/\">"), std::string::npos) << r->body;   // its assets resolve from "/"
    std::optional<json> start = start_of(r->body);
    ASSERT_TRUE(start);
    EXPECT_EQ(*start, json::object());   // no session in the page
    EXPECT_EQ(open_sessions(p), 0);
    std::smatch nonce;
    ASSERT_TRUE(std::regex_search(r->body, nonce, std::regex(R"re(<script nonce="([^"]+)">if \(window\.BX24\))re")));
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("'nonce-" + nonce[1].str() + "'"), std::string::npos);
}

TEST(CrmEntryBitrix24Console, APortalNotInstalledOrNotNamedMayFrameNothing) {
    Portal p;
    for (const std::string& path : {std::string("/crm/bitrix24/console?member=not-installed"), std::string("/crm/bitrix24/console"),
                                    std::string("/crm/bitrix24/console?member=")}) {
        httplib::Result r = p.client().Get(path);
        ASSERT_TRUE(r) << path;
        EXPECT_NE(r->status, 200) << path;
        EXPECT_EQ(frame_ancestors(r), "'none'") << path;
        EXPECT_EQ(r->body.find("console.89abcdef0123.js"), std::string::npos) << path;
    }
}

TEST(CrmEntryBitrix24Console, AProxyWithoutTheConsoleSaysSoInsideThePortal) {
    Portal p;
    std::filesystem::remove(p.dir / "web" / "console.html");
    httplib::Result r = p.client().Get(std::string("/crm/bitrix24/console?member=") + kMemberId);
    expect_error_page(r, ErrorCode::internal);
    ASSERT_TRUE(r);
    EXPECT_EQ(frame_ancestors(r), p.fake.url());
}

TEST(CrmEntryBitrix24Tab, NothingInTheStartCanCloseItsScript) {
    const std::string index = "<!doctype html><title>GroupDesk</title><script src=\"w.js\"></script>";
    const json start = {{"session", "</script><script>alert(1)</script><!--"}, {"entity", "deal:1&<>"}};
    const std::string page = page_with_start(index, start.dump(), "N0nce");

    EXPECT_EQ(page.find("</script><script>alert"), std::string::npos) << page;
    EXPECT_EQ(page.find("<!--"), std::string::npos) << page;
    EXPECT_NE(page.find(R"(\u003c/script\u003e)"), std::string::npos) << page;
    // Exactly the two scripts: ours, then the widget's.
    size_t scripts = 0;
    for (size_t at = page.find("<script"); at != std::string::npos; at = page.find("<script", at + 1)) ++scripts;
    EXPECT_EQ(scripts, 2u);
    // And JavaScript reads the same values back.
    std::optional<json> read = start_of(page);
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, start);
    const std::string widget_script = "<script src=\"w.js\"></script>";
    EXPECT_EQ(page.substr(page.size() - widget_script.size()), widget_script);
}

TEST(CrmEntryBitrix24Tab, HtmlEscapingCoversTagsQuotesAndAmpersands) {
    EXPECT_EQ(html_escape("<a href=\"x\" title='y'>&</a>"), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

// The install page (§6): the admin's POST proves the pair with the OAuth server, the three card
// tabs are bound to our placement page, and the page ends the install with BX24.installFinish().
TEST(CrmEntryBitrix24Install, TheAdminInstallsAndThePageFinishesTheInstall) {
    Portal p(/*installed=*/false);
    auto [access, refresh] = p.fake.issue_pair("1");
    httplib::Result r = p.post_frame("/crm/bitrix24/install", test::install_page(p.fake.domain(), access, refresh));

    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->body.find("<script src=\"https://api.bitrix24.com/api/v1/\"></script>"), std::string::npos) << r->body;
    EXPECT_NE(r->body.find("BX24.init(function(){ BX24.installFinish(); });"), std::string::npos) << r->body;
    EXPECT_NE(r->body.find("GroupDesk установлен"), std::string::npos);
    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("https://api.bitrix24.com"), std::string::npos) << csp;
    EXPECT_NE(csp.find("'nonce-"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors " + p.fake.url()), std::string::npos) << csp;
    EXPECT_EQ(header_count(r, "Content-Security-Policy"), 1u);

    std::optional<CrmAccount> stored = p.accounts.load(kMemberId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->crm, "bitrix24");
    EXPECT_EQ(stored->base_url, p.fake.url());
    EXPECT_EQ(stored->application_token, kAppToken);
    EXPECT_EQ(p.fake.bound(), test::card_tabs_bound_to(std::string(kPublicUrl) + "/crm/bitrix24/placement"));
    const std::string logs = p.all_logs();
    for (const std::string& secret : {access, refresh, stored->access_token, stored->refresh_token,
                                      std::string(kAppToken), std::string(test::kClientSecret)}) {
        EXPECT_EQ(r->body.find(secret), std::string::npos) << secret;
        EXPECT_EQ(logs.find(secret), std::string::npos) << secret;
    }
}

TEST(CrmEntryBitrix24Install, AManagerCannotInstallAndGetsTheReasonNotTheTokens) {
    Portal p(/*installed=*/false);
    auto [access, refresh] = p.fake.issue_pair("5");
    httplib::Result r = p.post_frame("/crm/bitrix24/install", test::install_page(p.fake.domain(), access, refresh));
    expect_error_page(r, ErrorCode::forbidden);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body.find("installFinish"), std::string::npos);
    EXPECT_FALSE(p.accounts.load(kMemberId));
    EXPECT_TRUE(p.fake.bound().empty());
    const std::string logs = p.all_logs();
    EXPECT_NE(logs.find("Bitrix24 install refused: forbidden"), std::string::npos) << logs;
    for (const std::string& secret : {access, refresh, std::string(test::kClientSecret)}) {
        EXPECT_EQ(r->body.find(secret), std::string::npos);
        EXPECT_EQ(logs.find(secret), std::string::npos);
    }
}

TEST(CrmEntryBitrix24Install, AForgedRefreshIdInstallsNothing) {
    Portal p(/*installed=*/false);
    httplib::Result r =
        p.post_frame("/crm/bitrix24/install", test::install_page(p.fake.domain(), "at-forged", "rt-forged-Qq1"));
    expect_error_page(r, ErrorCode::crm_token_rejected);
    ASSERT_TRUE(r);
    EXPECT_FALSE(p.accounts.load(kMemberId));
    EXPECT_EQ(r->body.find("rt-forged-Qq1"), std::string::npos);
    EXPECT_EQ(p.all_logs().find("rt-forged-Qq1"), std::string::npos);
}

// ONAPPINSTALL (§6) posted as a form.
TEST(CrmEntryBitrix24Event, TheInstallEventStoresTheApplicationToken) {
    Portal p(/*installed=*/false);
    auto [access, refresh] = p.fake.issue_pair("1");
    httplib::Result r =
        p.client().Post("/crm/bitrix24/event", test::app_install_event(p.fake.domain(), access, refresh, "app-token-Event7"));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body, "ok");
    std::optional<CrmAccount> stored = p.accounts.load(kMemberId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->application_token, "app-token-Event7");
}

TEST(CrmEntryBitrix24Event, AForgedEventIsRefusedAsJsonAndStoresNothing) {
    Portal p(/*installed=*/false);
    httplib::Result r = p.client().Post(
        "/crm/bitrix24/event", test::app_install_event(p.fake.domain(), "at-forged", "rt-forged-Ww2", "app-token-Event7"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, http_status(ErrorCode::crm_token_rejected)) << r->body;
    EXPECT_EQ(test::json_of(r)["error"]["code"], "crm_token_rejected");
    EXPECT_FALSE(p.accounts.load(kMemberId));
    EXPECT_EQ(r->body.find("rt-forged-Ww2"), std::string::npos);
    EXPECT_EQ(r->body.find("app-token-Event7"), std::string::npos);
    const std::string logs = p.all_logs();
    EXPECT_EQ(logs.find("rt-forged-Ww2"), std::string::npos);
    EXPECT_EQ(logs.find("app-token-Event7"), std::string::npos);
}

// ---- Bitrix24: the robot and the uninstall ---------------------------------------------------

// What the robot tests decide: the number's groups, and the refresher the routes use (so a test
// can wait for the work it does after the page is answered). A base of RobotPortal, so it is there
// before the routes start.
struct RobotParts {
    std::mutex mutex;
    Result<GroupList> groups = GroupList{{{"120363041111111111@g.us", "Клиенты Москва", 250, true},
                                          {"120363042222222222@g.us", "Поставщики", 40, false},
                                          {"120363043333333333@g.us", "Дилеры", 12, true}}};
    std::atomic<int> group_reads{0};
    std::function<void()> while_reading;   // runs inside each read of the groups
    std::shared_ptr<RobotRefresher> refresher;
};

struct RobotPortal : RobotParts, Portal {
    explicit RobotPortal(bool installed = true)
        : Portal(installed, [this](CrmEntrySettings& s) {
              refresher = std::make_shared<RobotRefresher>(clock);
              s.robot_refresher = refresher;
              s.whatsapp_groups = [this]() -> Result<GroupList> {
                  ++group_reads;
                  if (while_reading) while_reading();
                  std::lock_guard lock(mutex);
                  return groups;
              };
          }) {}
    ~RobotPortal() { refresher->wait_idle(); }   // its work uses the keeper and the clock

    std::string tab_session(const std::string& user_id) {
        auto [access, refresh] = fake.issue_pair(user_id);
        httplib::Result r = post_frame("/crm/bitrix24/placement", test::deal_tab(fake.domain(), access, refresh));
        EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
        std::optional<json> start = r ? start_of(r->body) : std::nullopt;
        return start ? (*start)["session"].get<std::string>() : "";
    }
    // The install page opened by the user whose pair the portal hands out now.
    httplib::Result install_as(const std::string& user_id) {
        auto [access, refresh] = fake.issue_pair(user_id);
        return post_frame("/crm/bitrix24/install", test::install_page(fake.domain(), access, refresh));
    }
    int bizproc_calls() {
        int n = 0;
        for (const std::string& method : fake.methods()) n += method.rfind("bizproc.", 0) == 0 ? 1 : 0;
        return n;
    }
};

TEST(CrmEntryBitrix24Install, TheInstallRegistersTheRobotAndTheUninstallEventAndSaysSo) {
    RobotPortal p(/*installed=*/false);
    httplib::Result r = p.install_as("1");

    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->body.find("BX24.installFinish()"), std::string::npos);
    EXPECT_NE(r->body.find(html_escape("Groups offered (those the connected number is an admin of): 2.")), std::string::npos)
        << r->body;
    EXPECT_NE(r->body.find(html_escape("Групп в списке (где подключённый номер — администратор): 2.")), std::string::npos);
    for (const char* kind : {"robot", "activity"}) {
        const json robot = p.fake.registered(kind).at(kRobotCode);
        EXPECT_EQ(robot["HANDLER"], std::string(kPublicUrl) + "/crm/bitrix24/robot") << kind;
        EXPECT_EQ(robot["AUTH_USER_ID"], 1) << kind;
        EXPECT_EQ(robot["PROPERTIES"]["group"]["Options"].size(), 2u) << kind;
    }
    EXPECT_EQ(p.fake.events_bound(),
              (std::set<std::pair<std::string, std::string>>{{"ONAPPUNINSTALL", std::string(kPublicUrl) + "/crm/bitrix24/event"}}));
    // The install counts as a refresh: the admin's first card right after asks the number nothing.
    const int reads = p.group_reads;
    p.tab_session("1");
    p.refresher->wait_idle();
    EXPECT_EQ(p.group_reads, reads);
}

TEST(CrmEntryBitrix24Install, ANumberThatCannotBeReadStillInstallsAndThePageSaysWhatToDo) {
    RobotPortal p(/*installed=*/false);
    p.groups = Error{ErrorCode::gateway_unavailable, "waha: connection refused"};
    httplib::Result r = p.install_as("1");

    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->body.find("BX24.installFinish()"), std::string::npos);
    for (Lang lang : {Lang::ru, Lang::en})
        EXPECT_NE(r->body.find(html_escape(error_text(ErrorCode::gateway_unavailable).in(lang))), std::string::npos) << r->body;
    EXPECT_NE(r->body.find("Connect the number and open GroupDesk again"), std::string::npos);
    EXPECT_NE(r->body.find(html_escape("Подключите номер и откройте GroupDesk снова")), std::string::npos);
    EXPECT_EQ(p.fake.registered("robot").size(), 1u);
}

TEST(CrmEntryBitrix24Install, ARefusalByBizprocIsAPageWithTheNextStepInBothLanguages) {
    {
        RobotPortal p(/*installed=*/false);
        p.fake.deny("bizproc.robot.add", "ACCESS_DENIED", 403, "Access denied!");
        httplib::Result r = p.install_as("1");
        expect_error_page(r, ErrorCode::crm_robot_not_allowed);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->body.find("installFinish"), std::string::npos);
        EXPECT_NE(r->body.find("bizproc"), std::string::npos) << "the next step names the permission";
        EXPECT_NE(p.all_logs().find("Bitrix24 install refused: crm_robot_not_allowed"), std::string::npos);
    }
    {
        RobotPortal p(/*installed=*/false);
        p.fake.deny("bizproc.activity.add", "ERROR_ACTIVITY_VALIDATION_FAILURE", 400, "Wrong properties array!");
        httplib::Result r = p.install_as("1");
        expect_error_page(r, ErrorCode::crm_robot_rejected);
        ASSERT_TRUE(r);
        EXPECT_NE(r->body.find("Wrong properties array!"), std::string::npos) << "Bitrix24's own reason, for the report";
        EXPECT_NE(r->body.find("GROUPDESK_PUBLIC_URL"), std::string::npos);
    }
}

TEST(CrmEntryBitrix24Robot, AnAdministratorsTabIsAnsweredFirstThenTheGroupsAreRefreshed) {
    RobotPortal p;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    p.while_reading = [released] { released.wait(); };

    // The refresh is stuck reading the number, and the page is answered all the same.
    const std::string session = p.tab_session("1");
    EXPECT_FALSE(session.empty());
    while (p.group_reads == 0) std::this_thread::yield();
    EXPECT_EQ(p.bizproc_calls(), 0);
    release.set_value();
    p.refresher->wait_idle();

    for (const char* kind : {"robot", "activity"})
        EXPECT_EQ(p.fake.registered(kind).at(kRobotCode)["PROPERTIES"]["group"]["Options"],
                  json({{"120363041111111111@g.us", "Клиенты Москва"}, {"120363043333333333@g.us", "Дилеры"}}))
            << kind;
    EXPECT_TRUE(p.logged("the robot's groups refreshed (2)"));
}

TEST(CrmEntryBitrix24Robot, TheGroupsAreRefreshedAtMostEveryTenMinutesAndNeverForAManager) {
    RobotPortal p;
    p.tab_session("5");   // a manager
    p.refresher->wait_idle();
    EXPECT_EQ(p.group_reads, 0);
    EXPECT_EQ(p.bizproc_calls(), 0);

    p.tab_session("1");
    p.refresher->wait_idle();
    EXPECT_EQ(p.group_reads, 1);
    const int calls = p.bizproc_calls();
    EXPECT_GT(calls, 0);

    {
        std::lock_guard lock(p.mutex);
        p.groups = GroupList{{{"120363047777777777@g.us", "Розница", 3, true}}};
    }
    p.clock.advance(std::chrono::minutes(9));
    p.tab_session("1");
    p.refresher->wait_idle();
    EXPECT_EQ(p.group_reads, 1);
    EXPECT_EQ(p.bizproc_calls(), calls);

    p.clock.advance(std::chrono::minutes(1));
    p.tab_session("1");
    p.refresher->wait_idle();
    EXPECT_EQ(p.group_reads, 2);
    EXPECT_EQ(p.fake.calls_of("bizproc.robot.update"), 1);
    EXPECT_EQ(p.fake.registered("robot").at(kRobotCode)["PROPERTIES"]["group"]["Options"],
              json({{"120363047777777777@g.us", "Розница"}}));
}

TEST(CrmEntryBitrix24Uninstall, TheGenuineEventForgetsThePortalAndClosesItsCardSessions) {
    RobotPortal p;
    const std::string manager = p.tab_session("5");
    ASSERT_EQ(p.who(manager)->status, 200);
    ASSERT_TRUE(p.session_tokens.load(session_key(manager)));
    const int before = p.fake.requests();

    httplib::Result r = p.client().Post("/crm/bitrix24/event", test::app_uninstall_event(kMemberId, kAppToken));

    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body, "ok");
    EXPECT_FALSE(p.accounts.load(kMemberId));
    EXPECT_EQ(p.fake.requests(), before) << "the portal's tokens are dead: it is not called";
    EXPECT_EQ(p.who(manager)->status, 401);
    EXPECT_FALSE(p.session_tokens.load(session_key(manager))) << "the manager's own pair went with the session";
    // Its card tabs and a second uninstall are refused from now on.
    auto [access, refresh] = p.fake.issue_pair("5");
    expect_error_page(p.post_frame("/crm/bitrix24/placement", test::deal_tab(p.fake.domain(), access, refresh)),
                      ErrorCode::crm_not_connected);
    httplib::Result again = p.client().Post("/crm/bitrix24/event", test::app_uninstall_event(kMemberId, kAppToken));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 403);
    const std::string logs = p.all_logs();
    EXPECT_NE(logs.find("Bitrix24 portal " + std::string(kMemberId) + " removed GroupDesk: its tokens are forgotten, 1 card "
                        "sessions closed (it asked to clean the app's data)"),
              std::string::npos)
        << logs;
    EXPECT_EQ(logs.find(kAppToken), std::string::npos);
}

TEST(CrmEntryBitrix24Uninstall, AForgedTokenOrAnUnknownPortalIs403AndRemovesNothing) {
    RobotPortal p;
    const std::string manager = p.tab_session("5");
    const CrmAccount stored = *p.accounts.load(kMemberId);

    for (const FormFields& form : {test::app_uninstall_event(kMemberId, "app-token-Forged9"),
                                   test::app_uninstall_event("99999999999999999999999999999999", kAppToken)}) {
        httplib::Result r = p.client().Post("/crm/bitrix24/event", form);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 403) << r->body;
        EXPECT_EQ(test::json_of(r)["error"]["code"], "crm_call_unverified");
        EXPECT_EQ(r->body.find("app-token-Forged9"), std::string::npos);
        EXPECT_EQ(r->body.find(kAppToken), std::string::npos);
    }
    ASSERT_TRUE(p.accounts.load(kMemberId));
    EXPECT_EQ(p.accounts.load(kMemberId)->access_token, stored.access_token);
    EXPECT_EQ(p.who(manager)->status, 200);
    const std::string logs = p.all_logs();
    EXPECT_NE(logs.find("Bitrix24 uninstall event refused: crm_call_unverified"), std::string::npos) << logs;
    EXPECT_EQ(logs.find("app-token-Forged9"), std::string::npos);
    EXPECT_EQ(logs.find(kAppToken), std::string::npos);
}

// ---- Bitrix24: a card user's own rights ------------------------------------------------------

// Deals 8061 and 8062 with a contact each; the manager (user 5) may not read 8061.
struct PortalWithDeals : Portal {
    PortalWithDeals() {
        fake.contact("11", "Ольга", "Ким", {"8 (916) 123-45-67"});
        fake.contact("12", "Иван", "Серов", {"+7 916 765-43-21"});
        fake.deal("8061", "Поставка станков", {11});
        fake.deal("8062", "Сервисный договор", {12}, "2026-11-02T10:00:00+03:00");
        fake.hide_from("5", "deal", "8061");
        fake.hide_from("5", "contact", "11");
    }
    // The session a card tab opens for the user whose pair this is.
    std::string tab_session(const std::pair<std::string, std::string>& pair) {
        httplib::Result r = post_frame("/crm/bitrix24/placement", test::deal_tab(fake.domain(), pair.first, pair.second));
        EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
        std::optional<json> start = r ? start_of(r->body) : std::nullopt;
        return start ? (*start)["session"].get<std::string>() : "";
    }
    // The tokens the portal saw on card reads (crm.* methods, batches included).
    std::set<std::string> tokens_of_card_reads() {
        std::set<std::string> tokens;
        std::vector<std::string> methods = fake.methods();
        std::vector<json> bodies = fake.bodies();
        for (size_t i = 0; i < methods.size(); ++i)
            if (methods[i] == "batch" || methods[i].rfind("crm.", 0) == 0) tokens.insert(bodies[i].value("auth", ""));
        return tokens;
    }
};

TEST(CrmEntryBitrix24Rights, AManagerReadsOnlyTheCardsTheirOwnRightsShow) {
    PortalWithDeals p;
    const auto admin = p.fake.issue_pair("1");
    const auto manager = p.fake.issue_pair("5");
    const std::string admin_session = p.tab_session(admin);
    const std::string manager_session = p.tab_session(manager);

    // The administrator's session reads the deal; the manager's is told the card is not there.
    httplib::Result as_admin = p.api("/api/v1/cards/deal/8061", admin_session);
    ASSERT_TRUE(as_admin);
    EXPECT_EQ(as_admin->status, 200) << as_admin->body;
    EXPECT_EQ(test::json_of(as_admin)["title"], "Поставка станков");
    httplib::Result as_manager = p.api("/api/v1/cards/deal/8061", manager_session);
    ASSERT_TRUE(as_manager);
    EXPECT_EQ(as_manager->status, 404) << as_manager->body;
    EXPECT_EQ(test::json_of(as_manager)["error"]["code"], "card_not_found");
    EXPECT_EQ(as_manager->body.find("Поставка"), std::string::npos);
    EXPECT_EQ(as_manager->body.find("Ольга"), std::string::npos);

    // What the manager may see they see; the search lists only that.
    httplib::Result other = p.api("/api/v1/cards/deal/8062", manager_session);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200) << other->body;
    EXPECT_EQ(test::json_of(other)["people"][0]["name"], "Иван Серов");
    httplib::Result found = p.api("/api/v1/cards?query=", manager_session);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->status, 200) << found->body;
    ASSERT_EQ(test::json_of(found)["cards"].size(), 1u);
    EXPECT_EQ(test::json_of(found)["cards"][0]["entity"]["id"], "8062");

    // Every card read went out with the reader's own token, never the installation's.
    EXPECT_EQ(p.tokens_of_card_reads(), (std::set<std::string>{admin.first, manager.first}));
    // The pair stays in the proxy: not in the page, not in a log line.
    const std::string logs = p.all_logs();
    EXPECT_EQ(logs.find(manager.first), std::string::npos);
    EXPECT_EQ(logs.find(manager.second), std::string::npos);
}

TEST(CrmEntryBitrix24Rights, AManagersExpiredTokenIsRenewedWithTheirRefreshToken) {
    PortalWithDeals p;
    const auto manager = p.fake.issue_pair("5");
    const std::string session = p.tab_session(manager);
    p.fake.expire(manager.first);

    httplib::Result card = p.api("/api/v1/cards/deal/8062", session);
    ASSERT_TRUE(card);
    EXPECT_EQ(card->status, 200) << card->body;
    EXPECT_EQ(p.fake.refreshes(), 1);
    // The new pair is the manager's, kept with the session; the installation's is untouched.
    std::optional<CrmAccount> kept = p.session_tokens.load(session_key(session));
    ASSERT_TRUE(kept);
    EXPECT_NE(kept->access_token, manager.first);
    EXPECT_EQ(p.fake.user_of(kept->access_token), "5");
    EXPECT_EQ(p.fake.user_of(p.keeper.current(kMemberId)->access_token), "1");
    // Still their rights after the renewal.
    EXPECT_EQ(p.api("/api/v1/cards/deal/8061", session)->status, 404);

    // A pair the OAuth server will not renew: the manager reopens the card, the admin reinstalls nothing.
    p.fake.expire(kept->access_token);
    p.session_tokens.save({kept->id, "bitrix24", kept->base_url, kept->access_token, "rt-spent", 0, {}});
    httplib::Result refused = p.api("/api/v1/cards/deal/8062", session);
    ASSERT_TRUE(refused);
    EXPECT_EQ(test::json_of(refused)["error"]["code"], "crm_token_rejected") << refused->body;
}

TEST(CrmEntryBitrix24Rights, TheUsersPairGoesWithTheirSession) {
    PortalWithDeals p;
    const std::string session = p.tab_session(p.fake.issue_pair("5"));
    ASSERT_TRUE(p.session_tokens.load(session_key(session)));
    httplib::Result out = p.client().Delete("/api/v1/session", {{"Authorization", "Bearer " + session}});
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 200);
    EXPECT_FALSE(p.session_tokens.load(session_key(session)));
    EXPECT_EQ(p.db->scalar("SELECT COUNT(*) FROM session_crm_tokens", -1), 0);
}

// ---- amoCRM ---------------------------------------------------------------------------------

const char* kAmoOrigin = "https://acme.amocrm.ru";

struct AmoAccount : EntryProxy {
    AmoIntegration integration;
    std::string known_name = "Мария Орлова";   // what the account's user list says
    std::vector<std::string> names_asked;      // "tenant/user id"

    AmoAccount() {
        integration.client_id = amo_test::kClientId;
        integration.client_secret = amo_test::kClientSecret;
        integration.redirect_uri = amo_test::kRedirectUri;
        keeper.store({amo_test::kAccountId, "amocrm", kAmoOrigin, "access-Kq1", "refresh-Kq1", clock.unix_seconds() + 3600, ""});
        CrmEntrySettings settings;
        settings.amocrm = integration;
        settings.user_name = [this](const std::string& tenant, const std::string& user_id) {
            names_asked.push_back(tenant + "/" + user_id);
            return known_name;
        };
        start(settings);
    }

    // A widget token as amoCRM signs it (research/amocrm.md §5.3).
    std::string token(const std::string& jti = "d628f123-5123-473e-a123-ed123ef31f8f", const std::string& key = amo_test::kClientSecret,
                      int64_t issued = -1) {
        const int64_t now = issued < 0 ? clock.unix_seconds() : issued;
        json claims = {{"iss", kAmoOrigin}, {"aud", "https://groupdesk.example.org"}, {"jti", jti}, {"iat", now},
                       {"nbf", now}, {"exp", now + 1800}, {"account_id", 30441694}, {"user_id", 87654321},
                       {"subdomain", "acme"}, {"client_uuid", amo_test::kClientId}, {"is_admin", true}};
        jwt_t* jwt = nullptr;
        EXPECT_EQ(jwt_new(&jwt), 0);
        EXPECT_EQ(jwt_add_grants_json(jwt, claims.dump().c_str()), 0);
        EXPECT_EQ(jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key.data()), (int)key.size()), 0);
        char* text = jwt_encode_str(jwt);
        std::string out = text ? text : "";
        std::free(text);
        jwt_free(jwt);
        return out;
    }
    httplib::Result open_session(const std::string& jwt, const std::string& origin = kAmoOrigin) {
        return client().Post("/crm/amocrm/session", {{"X-Auth-Token", jwt}, {"Origin", origin}}, "", "application/json");
    }
    httplib::Result preflight(const std::string& origin) {
        httplib::Headers headers = {{"Origin", origin}, {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "x-auth-token"}};
        return client().Options("/crm/amocrm/session", headers);
    }
};

TEST(CrmEntryAmoSession, AGenuineWidgetTokenOpensASessionInItsAccount) {
    AmoAccount a;
    const std::string jwt = a.token();
    httplib::Result r = a.open_session(jwt);

    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    json body = test::json_of(r);
    EXPECT_EQ(body["expires_at"], a.clock.unix_seconds() + 60 * 60);
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), kAmoOrigin);
    EXPECT_EQ(r->get_header_value("Vary"), "Origin");

    httplib::Result me = a.who(body["token"]);
    ASSERT_TRUE(me);
    ASSERT_EQ(me->status, 200) << me->body;
    json user = test::json_of(me);
    EXPECT_EQ(user["tenant"], "amocrm:30441694");
    EXPECT_EQ(user["id"], "87654321");
    EXPECT_EQ(user["is_admin"], true);
    EXPECT_EQ(user["name"], "Мария Орлова");
    EXPECT_EQ(a.names_asked, std::vector<std::string>{"amocrm:30441694/87654321"});
    EXPECT_EQ(a.all_logs().find(jwt), std::string::npos);
}

TEST(CrmEntryAmoSession, AUserTheAccountCannotNameIsShownByTheirId) {
    AmoAccount a;
    a.known_name = "";
    httplib::Result r = a.open_session(a.token());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    httplib::Result me = a.who(test::json_of(r)["token"]);
    ASSERT_TRUE(me);
    EXPECT_EQ(test::json_of(me)["name"], "amoCRM #87654321");
}

// Every refusal is a 401 crm_token_rejected JSON with no session and nothing of the token.
void expect_rejected(AmoAccount& a, const httplib::Result& r, const std::string& jwt, const std::string& reason) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << r->body;
    json body = test::json_of(r);
    EXPECT_EQ(body["error"]["code"], "crm_token_rejected");
    EXPECT_EQ(body["error"]["detail"], reason);
    EXPECT_FALSE(body.contains("token"));
    const std::string logs = a.all_logs();
    for (const std::string& secret : {jwt, std::string(amo_test::kClientSecret), std::string("access-Kq1"), std::string("refresh-Kq1")}) {
        EXPECT_EQ(r->body.find(secret), std::string::npos) << secret;
        EXPECT_EQ(logs.find(secret), std::string::npos) << secret;
    }
    EXPECT_NE(logs.find("amoCRM session refused: crm_token_rejected " + reason), std::string::npos) << logs;
}

TEST(CrmEntryAmoSession, AReplayedTokenIsRejected) {
    AmoAccount a;
    const std::string jwt = a.token();
    ASSERT_EQ(a.open_session(jwt)->status, 200);
    expect_rejected(a, a.open_session(jwt), jwt, "replayed");
}

TEST(CrmEntryAmoSession, ATokenUsedBeforeARestartStaysUsed) {
    AmoAccount a;
    const std::string jwt = a.token("jti-before-restart-1");
    ASSERT_EQ(a.open_session(jwt)->status, 200);
    // The proxy again on the same data file: a new connection and a new ledger over it.
    std::unique_ptr<Database> reopened = open_data_file(a.dir / "data");
    JtiTable restarted(*reopened, a.clock);
    const WidgetTokenSettings keys = widget_token_settings(a.integration);
    Result<WidgetIdentity> again = verify_widget_token(jwt, keys, a.clock, restarted);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::crm_token_rejected);
    EXPECT_EQ(again.error().detail, "replayed");
    EXPECT_TRUE(verify_widget_token(a.token("jti-after-restart-1"), keys, a.clock, restarted).ok());
}

TEST(CrmEntryAmoSession, ATokenSignedWithAnotherKeyIsRejected) {
    AmoAccount a;
    const std::string jwt = a.token("jti-forged-1", "not-our-secret");
    expect_rejected(a, a.open_session(jwt), jwt, "signature");
}

TEST(CrmEntryAmoSession, AnExpiredTokenIsRejected) {
    AmoAccount a;
    const std::string jwt = a.token("jti-old-1", amo_test::kClientSecret, a.clock.unix_seconds() - 1801);
    expect_rejected(a, a.open_session(jwt), jwt, "expired");
}

TEST(CrmEntryAmoSession, NoTokenAtAllIsRejected) {
    AmoAccount a;
    httplib::Result r = a.client().Post("/crm/amocrm/session", "", "application/json");
    expect_rejected(a, r, "no-token-was-sent", "empty");
}

TEST(CrmEntryAmoSession, ATokenIssuedByAnotherHostThanTheStoredAccountsIsRejected) {
    AmoAccount a;
    CrmAccount moved{amo_test::kAccountId, "amocrm", "https://elsewhere.amocrm.ru", "access-Kq1", "refresh-Kq1", 0, ""};
    a.keeper.store(moved);   // the stored account lives on another host than the token's issuer
    const std::string jwt = a.token("jti-moved-1");
    expect_rejected(a, a.open_session(jwt), jwt, "account");
}

TEST(CrmEntryAmoCors, ThePreflightFromAnAccountOriginGetsExactlyThatOrigin) {
    AmoAccount a;
    httplib::Result r = a.preflight(kAmoOrigin);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 204);
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), kAmoOrigin);
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Headers"), "X-Auth-Token, Content-Type");
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Methods"), "POST");
    EXPECT_EQ(r->get_header_value("Vary"), "Origin");
}

TEST(CrmEntryAmoCors, OtherOriginsGetNoCorsHeaders) {
    AmoAccount a;
    for (const char* origin : {"https://evil.example", "https://amocrm.ru.evil.example", "https://amocrm.ru",
                               "http://acme.amocrm.ru", "https://acme.amocrm.ru/path", "null", ""}) {
        httplib::Result r = a.preflight(origin);
        ASSERT_TRUE(r);
        EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin")) << origin;
        EXPECT_FALSE(r->has_header("Access-Control-Allow-Headers")) << origin;
    }
}

TEST(CrmEntryAmoCors, ASessionIsReadableOnlyByItsOwnAccountsOrigin) {
    AmoAccount a;
    // Another account of the integration's domains: the browser may not read this account's session.
    httplib::Result other = a.open_session(a.token("jti-cors-1"), "https://other.amocrm.ru");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200);
    EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
    httplib::Result evil = a.open_session(a.token("jti-cors-2"), "https://evil.example");
    ASSERT_TRUE(evil);
    EXPECT_FALSE(evil->has_header("Access-Control-Allow-Origin"));
    for (const httplib::Result* r : {&other, &evil})
        for (const auto& [key, value] : (*r)->headers) EXPECT_NE(value, "*") << key;
}

TEST(CrmEntryAmoInstall, TheRedirectStoresTheAccount) {
    EntryProxy e;
    amo_test::FakeAmo fake(e.clock);
    fake.answer_json("/api/v4/account", {{"id", 30441694}, {"name", "ООО Ромашка"}, {"subdomain", "acme"}});
    fake.issue_code("def5020089ab-code");
    fake.start();
    CrmEntrySettings settings;
    settings.amocrm = amo_test::integration_for(fake);
    e.start(settings);

    httplib::Result r = e.client().Get("/crm/amocrm/install?code=def5020089ab-code&referer=" + fake.host() + "&from_widget=1");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->body.find("GroupDesk подключён к amoCRM"), std::string::npos);
    std::optional<CrmAccount> stored = e.accounts.load(amo_test::kAccountId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->crm, "amocrm");
    EXPECT_EQ(stored->base_url, fake.url());
    const std::string logs = e.all_logs();
    for (const std::string& secret : {stored->access_token, stored->refresh_token, std::string(amo_test::kClientSecret)}) {
        EXPECT_EQ(r->body.find(secret), std::string::npos) << secret;
        EXPECT_EQ(logs.find(secret), std::string::npos) << secret;
    }
}

// What amoCRM does with the widget's install redirect (research/amocrm.md §1.2): sends it once,
// stops waiting after 3 s (here at once) and never reads the answer.
void send_and_hang_up(int port, const std::string& target) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: groupdesk.example.org\r\n\r\n";
    EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), (ssize_t)request.size());
    ::close(fd);
}

// The code lives 20 minutes and its redirect is never resent, while amoCRM waits 3 s for an
// answer it does not read (§1.2): the trade goes on after amoCRM has hung up, and a busy token
// endpoint (429, an HTML page without Retry-After, §4) is waited out rather than given up on.
TEST(CrmEntryAmoInstall, TheCodeIsTradedAfterAmoCrmStopsWaitingEvenThroughARateLimit) {
    EntryProxy e;
    amo_test::FakeAmo fake(e.clock);
    fake.answer_json("/api/v4/account", {{"id", 30441694}, {"name", "ООО Ромашка"}, {"subdomain", "acme"}});
    fake.issue_code("def5020089ab-code");
    fake.token_endpoint_says(amo_test::html(429, "429 Too Many Requests"), /*times=*/2);
    std::promise<void> hung_up;
    std::shared_future<void> amocrm_gone = hung_up.get_future().share();
    fake.on_token_request = [amocrm_gone] { amocrm_gone.wait(); };   // answers only once amoCRM left
    fake.start();
    CrmEntrySettings settings;
    settings.amocrm = amo_test::integration_for(fake);
    e.start(settings);

    send_and_hang_up(e.proxy->port(), "/crm/amocrm/install?code=def5020089ab-code&referer=" + fake.host() + "&from_widget=1");
    hung_up.set_value();

    // The route logs its outcome once the trade is over (the 20 s only end a broken run).
    for (auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
         !e.logged("amoCRM account") && !e.logged("amoCRM install refused") && std::chrono::steady_clock::now() < give_up;)
        std::this_thread::yield();
    std::optional<CrmAccount> stored = e.accounts.load(amo_test::kAccountId);
    ASSERT_TRUE(stored) << "the code was not traded once amoCRM stopped waiting";
    EXPECT_EQ(stored->base_url, fake.url());
    EXPECT_EQ(fake.seen_at("/oauth2/access_token").size(), 3u);   // two rate-limited, then the trade
    // The pauses are the client's own backoff on the ManualClock, far inside the code's 20 minutes.
    EXPECT_GE(e.clock.slept(), std::chrono::seconds(3));
    EXPECT_LT(e.clock.slept(), std::chrono::minutes(1));
    const std::string logs = e.all_logs();
    EXPECT_NE(logs.find("amoCRM account 30441694 connected GroupDesk"), std::string::npos) << logs;
    for (const std::string& secret : {stored->access_token, stored->refresh_token, std::string("def5020089ab-code")})
        EXPECT_EQ(logs.find(secret), std::string::npos) << secret;
}

TEST(CrmEntryAmoInstall, ASpentCodeOrADeclineGetsAnErrorPage) {
    EntryProxy e;
    amo_test::FakeAmo fake(e.clock);
    fake.start();
    CrmEntrySettings settings;
    settings.amocrm = amo_test::integration_for(fake);
    e.start(settings);

    httplib::Result spent = e.client().Get("/crm/amocrm/install?code=never-issued-Cd4&referer=" + fake.host());
    expect_error_page(spent, ErrorCode::crm_reauthorization_needed);   // amoCRM refused the code (§1.6)
    ASSERT_TRUE(spent);
    EXPECT_EQ(spent->body.find("подключён"), std::string::npos);

    httplib::Result declined = e.client().Get("/crm/amocrm/install?error=access_denied");
    expect_error_page(declined, ErrorCode::crm_not_authorized);

    httplib::Result foreign = e.client().Get("/crm/amocrm/install?code=abc&referer=evil.example");
    expect_error_page(foreign, ErrorCode::bad_request);
    for (const httplib::Result* r : {&spent, &declined, &foreign})
        if (*r) EXPECT_EQ(frame_ancestors(*r), "'none'");   // amoCRM never frames its Redirect URI
    EXPECT_FALSE(e.accounts.load(amo_test::kAccountId));
    const std::string logs = e.all_logs();
    EXPECT_EQ(logs.find("never-issued-Cd4"), std::string::npos);
    EXPECT_EQ(spent->body.find("never-issued-Cd4"), std::string::npos);
}

TEST(CrmEntryRoutes, ACrmWithoutKeysHasNoEntryPoints) {
    EntryProxy e;
    EXPECT_TRUE(crm_entry_routes(CrmEntrySettings{}, e.keeper, e.sessions, e.clock, e.ledger, [](const std::string&) {}).empty());
    e.start(CrmEntrySettings{});
    httplib::Result r = e.client().Post("/crm/bitrix24/placement", "", "application/x-www-form-urlencoded");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 405);   // only the widget's static files answer there
    EXPECT_EQ(e.client().Get("/crm/amocrm/install?code=x&referer=y")->status, 404);
}

TEST(CrmEntryRoutes, TheWidgetPageMayBeFramedByTheIntegrationsAccountsOnly) {
    CrmEntrySettings none;
    EXPECT_EQ(widget_frame_ancestors(none), "'self'");
    CrmEntrySettings amocrm;
    amocrm.amocrm = AmoIntegration{};
    amocrm.amocrm->account_domains = {"amocrm.ru", "Kommo.com"};
    EXPECT_EQ(widget_frame_ancestors(amocrm), "'self' https://*.amocrm.ru https://*.kommo.com");
    amocrm.amocrm->account_domains = {"127.0.0.1:7001"};
    amocrm.amocrm->account_scheme = "http";
    EXPECT_EQ(widget_frame_ancestors(amocrm), "'self' http://127.0.0.1:7001");
}

} // namespace
} // namespace gd
