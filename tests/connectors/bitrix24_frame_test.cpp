// Bitrix24 opening GroupDesk: a card tab's POST read and its user checked against the portal we
// stored (never the posted DOMAIN), forged tokens refused; the install page and ONAPPINSTALL
// checked with the OAuth server, the pair stored, the three card tabs bound, re-install included.
#include "bitrix24_posts.h"

#include "proxy/connectors/bitrix24/bitrix24_install.h"
#include "proxy/connectors/bitrix24/bitrix24_placement.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>

namespace gd {
namespace {

using test::app_install_event;
using test::deal_tab;
using test::FakeBitrix24;
using test::kAppToken;
using test::kClientId;
using test::kClientSecret;
using test::kMemberId;
using test::set;
using test::TabPost;

const char* kHandler = "https://groupdesk.example/bitrix24/tab";
const char* kRobotHandler = "https://groupdesk.example/crm/bitrix24/robot";
const char* kEventHandler = "https://groupdesk.example/crm/bitrix24/event";

// A portal that has installed GroupDesk: the admin's pair and the application token stored.
struct Installed {
    FakeBitrix24 fake;
    ManualClock clock;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    Bitrix24App app{kClientId, kClientSecret, ""};

    Installed() {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        fake.user("5", "Boris", "Manager");
        app.oauth_url = fake.url();
        auto [access, refresh] = fake.issue_pair("1");
        keeper.store({kMemberId, "bitrix24", fake.url(), access, refresh, 0, kAppToken});
    }
    Result<PlacementUser> open(const TabPost& post) {
        Result<PlacementRequest> request = parse_placement_request(post.query, post.form);
        if (!request) return request.error();
        return verify_placement_user(keeper, *request, clock);
    }
};

// ---------------------------------------------------------------------------------------------
// Reading a card tab's POST
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24TabPost, ADealTabNamesThePortalTheUserAndTheDeal) {
    TabPost post = deal_tab("portal.bitrix24.ru", "at-user");
    Result<PlacementRequest> request = parse_placement_request(post.query, post.form);
    ASSERT_TRUE(request.ok()) << request.error().detail;
    EXPECT_EQ(request->frame.domain, "portal.bitrix24.ru");
    EXPECT_FALSE(request->frame.https);
    EXPECT_EQ(request->frame.claimed_base_url(), "http://portal.bitrix24.ru");
    EXPECT_EQ(request->frame.lang, "ru");
    EXPECT_EQ(request->frame.app_sid, "f1e2d3");
    EXPECT_EQ(request->frame.member_id, kMemberId);
    EXPECT_EQ(request->frame.auth_id, "at-user");
    EXPECT_EQ(request->frame.refresh_id, "rt-user");
    EXPECT_EQ(request->frame.auth_expires, 3600);
    EXPECT_EQ(request->frame.application_token, kAppToken);
    EXPECT_EQ(request->placement, "CRM_DEAL_DETAIL_TAB");
    EXPECT_EQ(request->entity.kind, EntityKind::deal);
    EXPECT_EQ(request->entity.id, "8061");
}

TEST(Bitrix24TabPost, LeadAndContactTabsOpenOnTheirKindAndANumericIdIsAccepted) {
    TabPost post = deal_tab("portal.bitrix24.ru", "at-user");
    set(post.form, "PLACEMENT", "CRM_LEAD_DETAIL_TAB");
    set(post.form, "PLACEMENT_OPTIONS", R"({"ID":310})");
    Result<PlacementRequest> lead = parse_placement_request(post.query, post.form);
    ASSERT_TRUE(lead.ok()) << lead.error().detail;
    EXPECT_EQ(lead->entity.kind, EntityKind::lead);
    EXPECT_EQ(lead->entity.id, "310");

    set(post.form, "PLACEMENT", "CRM_CONTACT_DETAIL_TAB");
    Result<PlacementRequest> contact = parse_placement_request(post.query, post.form);
    ASSERT_TRUE(contact.ok()) << contact.error().detail;
    EXPECT_EQ(contact->entity.kind, EntityKind::contact);
}

TEST(Bitrix24TabPost, EachMissingFieldIsNamed) {
    for (const char* field : {"member_id", "AUTH_ID", "PLACEMENT", "PLACEMENT_OPTIONS"}) {
        TabPost post = deal_tab("portal.bitrix24.ru", "at-user");
        post.form.erase(field);
        Result<PlacementRequest> request = parse_placement_request(post.query, post.form);
        ASSERT_FALSE(request.ok()) << field;
        EXPECT_EQ(request.error().code, ErrorCode::bad_request);
        EXPECT_NE(request.error().detail.find(field), std::string::npos) << request.error().detail;
    }
}

TEST(Bitrix24TabPost, PlacementOptionsMustBeAJsonObjectWithANumericId) {
    for (const char* options : {"not json", "[8061]", R"({"URI":"/crm/deal/details/8061/"})", R"({"ID":"8061; DROP"})",
                                R"({"ID":""})", R"({"ID":null})"}) {
        TabPost post = deal_tab("portal.bitrix24.ru", "at-user");
        set(post.form, "PLACEMENT_OPTIONS", options);
        Result<PlacementRequest> request = parse_placement_request(post.query, post.form);
        ASSERT_FALSE(request.ok()) << options;
        EXPECT_EQ(request.error().code, ErrorCode::bad_request);
        EXPECT_NE(request.error().detail.find("PLACEMENT_OPTIONS"), std::string::npos) << request.error().detail;
    }
}

// Anyone can post the tab's form: its JSON is refused before it costs memory or throws.
TEST(Bitrix24TabPost, PlacementOptionsTooDeepOrOutOfRangeAreRefusedNotParsedWhole) {
    for (const std::string& options :
         {R"({"ID":"8061","x":)" + std::string(100000, '[') + std::string(100000, ']') + "}",
          R"({"ID":"8061","x":)" + std::string(40, '[') + std::string(40, ']') + "}", std::string(R"({"ID":1e999999})")}) {
        TabPost post = deal_tab("portal.bitrix24.ru", "at-user");
        set(post.form, "PLACEMENT_OPTIONS", options);
        Result<PlacementRequest> request = parse_placement_request(post.query, post.form);
        ASSERT_FALSE(request.ok()) << options.substr(0, 40);
        EXPECT_EQ(request.error().code, ErrorCode::bad_request);
    }
}

TEST(Bitrix24TabPost, PlacementsOtherThanTheThreeCardTabsAreRefused) {
    for (const char* placement : {"DEFAULT", "CRM_COMPANY_DETAIL_TAB", "CRM_DEAL_LIST_MENU", "crm_deal_detail_tab"}) {
        TabPost post = deal_tab("portal.bitrix24.ru", "at-user");
        set(post.form, "PLACEMENT", placement);
        Result<PlacementRequest> request = parse_placement_request(post.query, post.form);
        ASSERT_FALSE(request.ok()) << placement;
        EXPECT_EQ(request.error().code, ErrorCode::bad_request);
    }
}

TEST(Bitrix24TabPost, AFieldInTheOtherPartOfTheRequestIsStillRead) {
    TabPost post = deal_tab("portal.bitrix24.ru", "at-user");
    post.form.erase("member_id");
    post.query.emplace("member_id", kMemberId);
    Result<PlacementRequest> request = parse_placement_request(post.query, post.form);
    ASSERT_TRUE(request.ok()) << request.error().detail;
    EXPECT_EQ(request->frame.member_id, kMemberId);
}

// ---------------------------------------------------------------------------------------------
// Checking who opened the tab
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24TabUser, AnAdministratorIsRecognisedByThePortal) {
    Installed portal;
    auto [access, refresh] = portal.fake.issue_pair("1");
    Result<PlacementUser> user = portal.open(deal_tab(portal.fake.domain(), access, refresh));
    ASSERT_TRUE(user.ok()) << user.error().detail;
    EXPECT_EQ(user->user_id, "1");
    EXPECT_EQ(user->name, "Anna Admin");
    EXPECT_TRUE(user->is_admin);
    EXPECT_EQ(user->member_id, kMemberId);
    EXPECT_EQ(user->entity.id, "8061");
    // One request, with the user's own token, asking both questions.
    EXPECT_EQ(portal.fake.methods(), (std::vector<std::string>{"batch"}));
    EXPECT_EQ(portal.fake.bodies()[0]["auth"], access);
    EXPECT_EQ(portal.fake.bodies()[0]["cmd"]["me"], "user.current");
    EXPECT_EQ(portal.fake.bodies()[0]["cmd"]["admin"], "user.admin");
}

TEST(Bitrix24TabUser, AManagerIsNotAnAdministrator) {
    Installed portal;
    auto [access, refresh] = portal.fake.issue_pair("5");
    Result<PlacementUser> user = portal.open(deal_tab(portal.fake.domain(), access, refresh));
    ASSERT_TRUE(user.ok()) << user.error().detail;
    EXPECT_EQ(user->user_id, "5");
    EXPECT_EQ(user->name, "Boris Manager");
    EXPECT_FALSE(user->is_admin);
}

TEST(Bitrix24TabUser, APortalThatNeverInstalledGroupDeskIsNotConnected) {
    Installed portal;
    TabPost post = deal_tab(portal.fake.domain(), "at-whatever");
    set(post.form, "member_id", "ffffffffffffffffffffffffffffffff");
    Result<PlacementUser> user = portal.open(post);
    ASSERT_FALSE(user.ok());
    EXPECT_EQ(user.error().code, ErrorCode::crm_not_connected);
    EXPECT_EQ(portal.fake.requests(), 0);
}

TEST(Bitrix24TabUser, AWrongOrMissingApplicationTokenIsRejectedWithoutAskingThePortal) {
    Installed portal;
    auto [access, refresh] = portal.fake.issue_pair("1");
    for (const char* token : {"app-token-Hq2Lm9Xw", "", "app-token-Hq2Lm9Xv-and-more"}) {
        TabPost post = deal_tab(portal.fake.domain(), access, refresh);
        set(post.form, "APPLICATION_TOKEN", token);
        Result<PlacementUser> user = portal.open(post);
        ASSERT_FALSE(user.ok()) << token;
        EXPECT_EQ(user.error().code, ErrorCode::crm_token_rejected);
        EXPECT_EQ(user.error().detail.find(kAppToken), std::string::npos);
    }
    EXPECT_EQ(portal.fake.requests(), 0);
}

TEST(Bitrix24TabUser, AForgedUserTokenIsRejectedAndNotQuotedBack) {
    Installed portal;
    const std::string forged = "at-forged-by-someone";   // the fake quotes unknown tokens in its refusal
    Result<PlacementUser> user = portal.open(deal_tab(portal.fake.domain(), forged, "rt-forged-too"));
    ASSERT_FALSE(user.ok());
    EXPECT_EQ(user.error().code, ErrorCode::crm_token_rejected);
    EXPECT_EQ(user.error().detail.find(forged), std::string::npos) << user.error().detail;
    EXPECT_EQ(portal.fake.refreshes(), 0);   // a user's token is never refreshed
}

TEST(Bitrix24TabUser, AnExpiredUserTokenIsRejectedNotRefreshed) {
    Installed portal;
    auto [access, refresh] = portal.fake.issue_pair("5");
    portal.fake.expire(access);
    Result<PlacementUser> user = portal.open(deal_tab(portal.fake.domain(), access, refresh));
    ASSERT_FALSE(user.ok());
    EXPECT_EQ(user.error().code, ErrorCode::crm_token_rejected);
    EXPECT_EQ(portal.fake.refreshes(), 0);
    EXPECT_EQ(portal.store.saves(), 1);   // only the install's
}

TEST(Bitrix24TabUser, ThePostedDomainIsNeverCalledOnlyThePortalWeStored) {
    Installed portal;
    FakeBitrix24 elsewhere;   // the sender's own server, which would say yes to anything
    elsewhere.user("1", "Fake", "Admin", true);
    auto [forged, unused] = elsewhere.issue_pair("1");
    Result<PlacementUser> user = portal.open(deal_tab(elsewhere.domain(), forged));
    ASSERT_FALSE(user.ok());
    EXPECT_EQ(user.error().code, ErrorCode::crm_token_rejected);
    EXPECT_EQ(elsewhere.requests(), 0);
    EXPECT_EQ(portal.fake.methods(), (std::vector<std::string>{"batch"}));

    // A genuine user whose POST names another domain is still checked with the stored portal.
    auto [access, refresh] = portal.fake.issue_pair("5");
    Result<PlacementUser> real = portal.open(deal_tab(elsewhere.domain(), access, refresh));
    ASSERT_TRUE(real.ok()) << real.error().detail;
    EXPECT_EQ(real->user_id, "5");
    EXPECT_EQ(elsewhere.requests(), 0);
}

TEST(Bitrix24TabUser, SecretsAreComparedWhole) {
    EXPECT_TRUE(same_secret("abc", "abc"));
    EXPECT_FALSE(same_secret("abc", "abd"));
    EXPECT_FALSE(same_secret("abc", "abcd"));
    EXPECT_FALSE(same_secret("", "abc"));
    EXPECT_TRUE(same_secret("", ""));
}

// ---------------------------------------------------------------------------------------------
// Install
// ---------------------------------------------------------------------------------------------

// A portal that has not installed GroupDesk yet; its administrator opens the install page.
struct NewPortal {
    FakeBitrix24 fake;
    ManualClock clock;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    Bitrix24App app{kClientId, kClientSecret, ""};
    InstallSettings settings{kHandler, "GroupDesk", kRobotHandler, kEventHandler, {}};

    NewPortal() {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        fake.user("5", "Boris", "Manager");
        app.oauth_url = fake.url();
    }
    // The install page's POST as the user would send it.
    FrameRequest page(const std::string& user_id, std::string* refresh_out = nullptr) {
        auto [access, refresh] = fake.issue_pair(user_id);
        if (refresh_out) *refresh_out = refresh;
        TabPost post = test::install_page(fake.domain(), access, refresh);
        return *parse_frame_request(post.query, post.form);
    }
};

TEST(Bitrix24Install, TheAdminsPairIsStoredAndTheThreeCardTabsAreBound) {
    NewPortal portal;
    std::string posted_refresh;
    FrameRequest page = portal.page("1", &posted_refresh);

    Result<InstalledPortal> installed = install(portal.keeper, page, portal.app, portal.settings, portal.clock);

    ASSERT_TRUE(installed.ok()) << installed.error().detail;
    EXPECT_EQ(installed->member_id, kMemberId);
    EXPECT_EQ(installed->base_url, portal.fake.url());
    EXPECT_EQ(installed->placements,
              (std::vector<std::string>{"CRM_LEAD_DETAIL_TAB", "CRM_DEAL_DETAIL_TAB", "CRM_CONTACT_DETAIL_TAB"}));
    std::optional<CrmAccount> stored = portal.store.load(kMemberId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->crm, "bitrix24");
    EXPECT_EQ(stored->base_url, portal.fake.url());
    EXPECT_EQ(stored->application_token, kAppToken);
    // The trap: the portal's pair is the installing administrator's own token chain.
    EXPECT_EQ(portal.fake.user_of(stored->access_token), "1");
    EXPECT_EQ(portal.fake.refreshes(), 1);   // the posted REFRESH_ID was proved with the OAuth server
    EXPECT_FALSE(exchange_refresh_token(portal.app, posted_refresh, portal.clock, {}).ok()) << "and is spent";
    EXPECT_EQ(portal.fake.bound(), test::card_tabs_bound_to(kHandler));
    // The installer is checked first, then each tab bound with the stored pair, the uninstall event
    // bound, and the robot and the workflow action registered.
    EXPECT_EQ(portal.fake.methods(), (std::vector<std::string>{"user.admin", "placement.bind", "placement.bind",
                                                               "placement.bind", "event.bind", "bizproc.robot.add",
                                                               "bizproc.activity.add"}));
    EXPECT_EQ(portal.fake.events_bound(), (std::set<std::pair<std::string, std::string>>{{"ONAPPUNINSTALL", kEventHandler}}));
    for (const nlohmann::json& body : portal.fake.bodies()) {
        EXPECT_EQ(body["auth"], stored->access_token);
        if (body.contains("PLACEMENT")) EXPECT_EQ(body["TITLE"], "GroupDesk");
    }
}

TEST(Bitrix24Install, ReinstallingFindsTheTabsBoundAndStoresTheNewPair) {
    NewPortal portal;
    ASSERT_TRUE(install(portal.keeper, portal.page("1"), portal.app, portal.settings, portal.clock).ok());
    const std::string first = portal.store.load(kMemberId)->access_token;

    FrameRequest again = portal.page("1");
    again.application_token.clear();   // a page without it keeps the stored one
    Result<InstalledPortal> installed = install(portal.keeper, again, portal.app, portal.settings, portal.clock);

    ASSERT_TRUE(installed.ok()) << installed.error().detail;
    EXPECT_EQ(installed->placements.size(), 3u);
    EXPECT_EQ(portal.fake.bound().size(), 3u);
    EXPECT_NE(portal.store.load(kMemberId)->access_token, first);
    EXPECT_EQ(portal.store.load(kMemberId)->application_token, kAppToken);
}

TEST(Bitrix24Install, AManagersGenuineTokensCannotReplaceTheAdminsPair) {
    NewPortal portal;
    ASSERT_TRUE(install(portal.keeper, portal.page("1"), portal.app, portal.settings, portal.clock).ok());
    const CrmAccount admins = *portal.store.load(kMemberId);

    FrameRequest page = portal.page("5");   // a manager's pair from any card tab they opened
    page.application_token = "app-token-of-the-manager";
    Result<InstalledPortal> installed = install(portal.keeper, page, portal.app, portal.settings, portal.clock);

    ASSERT_FALSE(installed.ok());
    EXPECT_EQ(installed.error().code, ErrorCode::forbidden);
    EXPECT_EQ(portal.store.load(kMemberId)->access_token, admins.access_token);
    EXPECT_EQ(portal.store.load(kMemberId)->application_token, kAppToken);
}

TEST(Bitrix24Install, TokensOfAnotherPortalCannotTakeOverAStoredMemberId) {
    NewPortal portal;
    portal.fake.forget_member_id("99999999999999999999999999999999");   // the tokens are of the sender's portal
    Result<InstalledPortal> installed = install(portal.keeper, portal.page("1"), portal.app, portal.settings, portal.clock);
    ASSERT_FALSE(installed.ok());
    EXPECT_EQ(installed.error().code, ErrorCode::crm_token_rejected);
    EXPECT_FALSE(portal.store.load(kMemberId));
    EXPECT_TRUE(portal.fake.bound().empty());
}

TEST(Bitrix24Install, APostedDomainThatIsNotTheTokensPortalIsRefusedAndNeverCalled) {
    NewPortal portal;
    FakeBitrix24 elsewhere;
    FrameRequest page = portal.page("1");
    page.domain = elsewhere.domain();
    Result<InstalledPortal> installed = install(portal.keeper, page, portal.app, portal.settings, portal.clock);
    ASSERT_FALSE(installed.ok());
    EXPECT_EQ(installed.error().code, ErrorCode::crm_token_rejected);
    EXPECT_FALSE(portal.store.load(kMemberId));
    EXPECT_EQ(elsewhere.requests(), 0);
}

TEST(Bitrix24Install, AForgedRefreshIdIsRejectedAndNotQuotedBack) {
    NewPortal portal;
    portal.fake.echo_in_errors(kClientSecret);
    FrameRequest page = portal.page("1");
    page.refresh_id = "rt-forged-Zz";
    Result<InstalledPortal> installed = install(portal.keeper, page, portal.app, portal.settings, portal.clock);
    ASSERT_FALSE(installed.ok());
    EXPECT_EQ(installed.error().code, ErrorCode::crm_token_rejected);
    EXPECT_EQ(installed.error().detail.find("rt-forged-Zz"), std::string::npos) << installed.error().detail;
    EXPECT_EQ(installed.error().detail.find(kClientSecret), std::string::npos) << installed.error().detail;
    EXPECT_FALSE(portal.store.load(kMemberId));
}

TEST(Bitrix24Install, AWrongClientSecretIsNotAuthorizedAndNotQuotedBack) {
    NewPortal portal;
    portal.app.client_secret = "wrong-secret-Yy";   // the fake quotes it in its refusal
    Result<InstalledPortal> installed = install(portal.keeper, portal.page("1"), portal.app, portal.settings, portal.clock);
    ASSERT_FALSE(installed.ok());
    EXPECT_EQ(installed.error().code, ErrorCode::crm_not_authorized);
    EXPECT_EQ(installed.error().detail.find("wrong-secret-Yy"), std::string::npos) << installed.error().detail;
}

// ---------------------------------------------------------------------------------------------
// ONAPPINSTALL
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24AppInstallEvent, TheEventIsReadAndItsApplicationTokenStored) {
    NewPortal portal;
    auto [access, refresh] = portal.fake.issue_pair("1");
    Result<AppInstallEvent> event = parse_app_install_event(app_install_event(portal.fake.domain(), access, refresh, "app-token-New1"));
    ASSERT_TRUE(event.ok()) << event.error().detail;
    EXPECT_EQ(event->member_id, kMemberId);
    EXPECT_EQ(event->application_token, "app-token-New1");
    EXPECT_EQ(event->claimed_base_url(), portal.fake.url());

    ASSERT_TRUE(accept_app_install(portal.keeper, *event, portal.app, portal.clock).ok());
    std::optional<CrmAccount> stored = portal.store.load(kMemberId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->application_token, "app-token-New1");
    EXPECT_EQ(stored->base_url, portal.fake.url());

    // From now on a tab must bring that token.
    auto [user_access, user_refresh] = portal.fake.issue_pair("5");
    TabPost post = deal_tab(portal.fake.domain(), user_access, user_refresh);
    Result<PlacementRequest> tab = parse_placement_request(post.query, post.form);
    ASSERT_TRUE(tab.ok());
    EXPECT_EQ(verify_placement_user(portal.keeper, *tab, portal.clock).error().code, ErrorCode::crm_token_rejected);
    tab->frame.application_token = "app-token-New1";
    EXPECT_TRUE(verify_placement_user(portal.keeper, *tab, portal.clock).ok());
}

TEST(Bitrix24AppInstallEvent, AnEventWithoutItsTokensOrOfAnotherKindIsRefused) {
    for (const char* field : {"auth[member_id]", "auth[refresh_token]", "auth[application_token]", "event"}) {
        FormFields form = app_install_event("portal.bitrix24.ru", "at", "rt", "app");
        form.erase(field);
        Result<AppInstallEvent> event = parse_app_install_event(form);
        ASSERT_FALSE(event.ok()) << field;
        EXPECT_EQ(event.error().code, ErrorCode::bad_request);
    }
    FormFields other = app_install_event("portal.bitrix24.ru", "at", "rt", "app");
    set(other, "event", "ONAPPUNINSTALL");
    EXPECT_FALSE(parse_app_install_event(other).ok());
}

TEST(Bitrix24AppInstallEvent, AnEventWithAManagersTokensStoresNothing) {
    NewPortal portal;
    auto [access, refresh] = portal.fake.issue_pair("5");
    Result<AppInstallEvent> event =
        parse_app_install_event(app_install_event(portal.fake.domain(), access, refresh, "app-token-of-the-manager"));
    ASSERT_TRUE(event.ok());
    Result<Done> accepted = accept_app_install(portal.keeper, *event, portal.app, portal.clock);
    ASSERT_FALSE(accepted.ok());
    EXPECT_EQ(accepted.error().code, ErrorCode::forbidden);
    EXPECT_FALSE(portal.store.load(kMemberId));
}

TEST(Bitrix24AppInstallEvent, AForgedEventStoresNothing) {
    NewPortal portal;
    Result<AppInstallEvent> event = parse_app_install_event(
        app_install_event(portal.fake.domain(), "at-forged", "rt-forged", "app-token-of-the-sender"));
    ASSERT_TRUE(event.ok());
    Result<Done> accepted = accept_app_install(portal.keeper, *event, portal.app, portal.clock);
    ASSERT_FALSE(accepted.ok());
    EXPECT_EQ(accepted.error().code, ErrorCode::crm_token_rejected);
    EXPECT_FALSE(portal.store.load(kMemberId));
}

} // namespace
} // namespace gd
