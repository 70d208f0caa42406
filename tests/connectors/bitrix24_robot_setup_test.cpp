// The robot «Управление группой WhatsApp» and its workflow action as an install registers them:
// the bodies byte for byte, a second install updating what is there, a number that cannot be read,
// bizproc's refusals; an administrator's return refreshing the group list off the page's path, at
// most every 10 minutes per portal; and ONAPPUNINSTALL forgetting the portal only on its own token.
#include "bitrix24_posts.h"

#include "proxy/connectors/bitrix24/bitrix24_install.h"
#include "proxy/connectors/bitrix24/bitrix24_placement.h"
#include "proxy/connectors/bitrix24/bitrix24_robot_refresh.h"
#include "proxy/connectors/bitrix24/bitrix24_robot_setup.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace gd {
namespace {

using nlohmann::json;
using test::FakeBitrix24;
using test::kAppToken;
using test::kClientId;
using test::kClientSecret;
using test::kMemberId;
using test::TabPost;

const char* kTab = "https://groupdesk.example/crm/bitrix24/placement";
const char* kRobotHandler = "https://groupdesk.example/crm/bitrix24/robot";
const char* kEventHandler = "https://groupdesk.example/crm/bitrix24/event";

// The connected number's groups: it administers three, two of them named alike.
GroupList number_groups() {
    return {{{"120363041111111111@g.us", "Клиенты Москва", 250, true},
             {"120363042222222222@g.us", "Поставщики", 40, false},
             {"120363043333333333@g.us", "Дилеры", 12, true},
             {"120363044444444444@g.us", "Дилеры", 8, true}}};
}

// A portal about to install GroupDesk, with a WhatsApp number whose groups the test decides.
struct Portal {
    FakeBitrix24 fake;
    ManualClock clock;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    Bitrix24App app{kClientId, kClientSecret, ""};
    Result<GroupList> groups = number_groups();
    std::atomic<int> group_reads{0};
    InstallSettings settings{kTab, "GroupDesk", kRobotHandler, kEventHandler, [this] {
                                 ++group_reads;
                                 return groups;
                             }};

    Portal() {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        fake.user("5", "Boris", "Manager");
        app.oauth_url = fake.url();
    }
    Result<InstalledPortal> install_as(const std::string& user_id) {
        auto [access, refresh] = fake.issue_pair(user_id);
        TabPost post = test::install_page(fake.domain(), access, refresh);
        return install(keeper, *parse_frame_request(post.query, post.form), app, settings, clock);
    }
    // The body of the n-th call of `method`, exactly as the portal received it, with the token
    // it carried written as TOKEN.
    std::string sent(const std::string& method, int n = 0) {
        std::vector<std::string> methods = fake.methods(), raw = fake.raw_bodies();
        for (size_t i = 0; i < methods.size(); ++i) {
            if (methods[i] != method || n-- > 0) continue;
            std::string body = raw[i];
            const std::string token = json::parse(body)["auth"];
            body.replace(body.find(token), token.size(), "TOKEN");
            return body;
        }
        return "";
    }
};

// What bizproc.robot.add and bizproc.activity.add carry, byte for byte: every property with the ids
// the robot handler reads, USE_SUBSCRIPTION=Y, names in Russian and English, deals and leads only,
// the installing administrator's id, and the groups the number administers.
const std::string kRegistration =
    R"j({"AUTH_USER_ID":1,"CODE":"groupdesk_group",)j"
    R"j("DESCRIPTION":{"en":"Adds people to a WhatsApp group, removes them, makes them admins or takes that away: the deal's or lead's contacts, or the numbers given. Checks each number has WhatsApp before adding.",)j"
    R"j("ru":"Добавляет, удаляет, назначает или снимает администраторов группы WhatsApp: контакты сделки или лида либо указанные номера. Перед добавлением проверяет, есть ли у номера WhatsApp."},)j"
    R"j("FILTER":{"INCLUDE":[["crm","CCrmDocumentDeal"],["crm","CCrmDocumentLead"]]},)j"
    R"j("HANDLER":"https://groupdesk.example/crm/bitrix24/robot",)j"
    R"j("NAME":{"en":"WhatsApp group management","ru":"Управление группой WhatsApp"},)j"
    R"j("PROPERTIES":{)j"
    R"j("action":{"Default":"add","Multiple":"N","Name":{"en":"Action","ru":"Действие"},)j"
    R"j("Options":{"add":"Добавить в группу / Add to the group","demote":"Снять права администратора / Take admin rights away",)j"
    R"j("promote":"Сделать администратором / Make an admin","remove":"Удалить из группы / Remove from the group"},)j"
    R"j("Required":"Y","Type":"select"},)j"
    R"j("group":{"Description":{"en":"Groups the connected WhatsApp number is an admin of","ru":"Группы, где подключённый номер WhatsApp — администратор"},)j"
    R"j("Multiple":"N","Name":{"en":"WhatsApp group","ru":"Группа WhatsApp"},)j"
    R"j("Options":{"120363041111111111@g.us":"Клиенты Москва","120363043333333333@g.us":"Дилеры (120363043333333333@g.us)",)j"
    R"j("120363044444444444@g.us":"Дилеры (120363044444444444@g.us)"},"Required":"Y","Type":"select"},)j"
    R"j("invite_on_failure":{"Default":"N","Multiple":"N","Name":{"en":"Send the invite link if adding fails",)j"
    R"j("ru":"Отправить пригласительную ссылку, если добавить не удалось"},"Required":"N","Type":"bool"},)j"
    R"j("phones":{"Description":{"en":"With the country code, e.g. +44 7700 900123; used when «The phone numbers below» is chosen",)j"
    R"j("ru":"С кодом страны, например +7 916 123-45-67; нужны, если выбрано «Номера телефонов ниже»"},)j"
    R"j("Multiple":"Y","Name":{"en":"Phone numbers","ru":"Номера телефонов"},"Required":"N","Type":"string"},)j"
    R"j("whom":{"Default":"contacts","Multiple":"N","Name":{"en":"Whom","ru":"Кого"},)j"
    R"j("Options":{"contacts":"Контакты этой сделки/лида / The contacts of this deal/lead","phones":"Номера телефонов ниже / The phone numbers below"},)j"
    R"j("Required":"Y","Type":"select"}},)j"
    R"j("RETURN_PROPERTIES":{"failed":{"Name":{"en":"Failed","ru":"Не удалось"},"Type":"int"},)j"
    R"j("result_code":{"Name":{"en":"Result code","ru":"Код результата"},"Type":"string"},)j"
    R"j("result_message":{"Name":{"en":"What was done","ru":"Что сделано"},"Type":"string"},)j"
    R"j("succeeded":{"Name":{"en":"Succeeded","ru":"Успешно"},"Type":"int"}},)j"
    R"j("USE_SUBSCRIPTION":"Y","auth":"TOKEN"})j";

// ---------------------------------------------------------------------------------------------
// Registering at install
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24RobotSetup, TheInstallRegistersTheRobotAndTheActionByteForByte) {
    Portal portal;
    Result<InstalledPortal> installed = portal.install_as("1");
    ASSERT_TRUE(installed.ok()) << installed.error().detail;

    EXPECT_EQ(portal.sent("bizproc.robot.add"), kRegistration);
    EXPECT_EQ(portal.sent("bizproc.activity.add"), kRegistration);
    EXPECT_EQ(installed->robot.groups_offered, 3u);
    EXPECT_TRUE(installed->robot.groups_known);
    EXPECT_FALSE(installed->groups_unread);
    ASSERT_EQ(portal.fake.registered("robot").count(kRobotCode), 1u);
    ASSERT_EQ(portal.fake.registered("activity").count(kRobotCode), 1u);
    // Both with the administrator's own stored pair.
    EXPECT_EQ(portal.fake.user_of(json::parse(portal.fake.raw_bodies().back())["auth"].get<std::string>()), "1");
}

TEST(Bitrix24RobotSetup, AnInstallerTheOAuthServerDoesNotNameLeavesAuthUserIdOut) {
    RobotSetup setup{kRobotHandler, "", number_groups().groups, true};
    EXPECT_FALSE(robot_fields(setup).contains("AUTH_USER_ID"));
    setup.auth_user_id = "12; DROP";
    EXPECT_FALSE(robot_fields(setup).contains("AUTH_USER_ID"));
    setup.auth_user_id = "17";
    EXPECT_EQ(robot_fields(setup)["AUTH_USER_ID"], 17);
}

TEST(Bitrix24RobotSetup, OnlyGroupsTheNumberAdministersAreOfferedAndAnUnnamedOneByItsId) {
    json options = group_options({{"1@g.us", "", 3, true}, {"2@g.us", "Склад", 3, false}, {"3@g.us", "Склад", 3, true}});
    EXPECT_EQ(options, json({{"1@g.us", "1@g.us"}, {"3@g.us", "Склад"}}));
    EXPECT_EQ(group_options({}), json::object());
}

TEST(Bitrix24RobotSetup, InstallingAgainUpdatesTheRegisteredRobotWithTheGroupsOfNow) {
    Portal portal;
    ASSERT_TRUE(portal.install_as("1").ok());
    portal.groups = GroupList{{{"120363045555555555@g.us", "Новая группа", 5, true}}};

    Result<InstalledPortal> again = portal.install_as("1");

    ASSERT_TRUE(again.ok()) << again.error().detail;
    EXPECT_EQ(portal.fake.calls_of("bizproc.robot.add"), 2);
    EXPECT_EQ(portal.fake.calls_of("bizproc.robot.update"), 1);
    EXPECT_EQ(portal.fake.calls_of("bizproc.activity.update"), 1);
    // CODE and FIELDS: the same fields as an add, CODE outside them.
    json update = json::parse(portal.sent("bizproc.robot.update"));
    EXPECT_EQ(update["CODE"], kRobotCode);
    EXPECT_FALSE(update["FIELDS"].contains("CODE"));
    EXPECT_EQ(update["FIELDS"]["USE_SUBSCRIPTION"], "Y");
    EXPECT_EQ(update["FIELDS"]["HANDLER"], kRobotHandler);
    for (const char* kind : {"robot", "activity"})
        EXPECT_EQ(portal.fake.registered(kind).at(kRobotCode)["PROPERTIES"]["group"]["Options"],
                  json({{"120363045555555555@g.us", "Новая группа"}}))
            << kind;
    EXPECT_EQ(again->robot.groups_offered, 1u);
    // The tabs and the uninstall event were found bound, which is fine.
    EXPECT_EQ(portal.fake.events_bound().size(), 1u);
}

TEST(Bitrix24RobotSetup, ANumberThatCannotBeReadDoesNotStopTheInstallAndSaysWhy) {
    Portal portal;
    portal.groups = Error{ErrorCode::gateway_unavailable, "waha: connection refused"};

    Result<InstalledPortal> installed = portal.install_as("1");

    ASSERT_TRUE(installed.ok()) << installed.error().detail;
    ASSERT_TRUE(installed->groups_unread);
    EXPECT_EQ(installed->groups_unread->code, ErrorCode::gateway_unavailable);
    EXPECT_FALSE(installed->robot.groups_known);
    EXPECT_EQ(installed->robot.groups_offered, 0u);
    // Registered all the same, with the group select empty: the tabs and the rest work meanwhile.
    EXPECT_EQ(portal.fake.registered("robot").at(kRobotCode)["PROPERTIES"]["group"]["Options"], json::object());
    EXPECT_EQ(installed->placements.size(), 3u);
}

TEST(Bitrix24RobotSetup, AReinstallThatCannotReadTheNumberKeepsTheGroupsRegisteredBefore) {
    Portal portal;
    ASSERT_TRUE(portal.install_as("1").ok());
    portal.groups = Error{ErrorCode::number_logged_out, {}};

    Result<InstalledPortal> again = portal.install_as("1");

    ASSERT_TRUE(again.ok()) << again.error().detail;
    json update = json::parse(portal.sent("bizproc.robot.update"));
    EXPECT_FALSE(update["FIELDS"].contains("PROPERTIES"));
    EXPECT_TRUE(update["FIELDS"].contains("HANDLER"));
    EXPECT_EQ(portal.fake.registered("robot").at(kRobotCode)["PROPERTIES"]["group"]["Options"].size(), 3u);
    EXPECT_EQ(portal.fake.registered("activity").at(kRobotCode)["PROPERTIES"]["group"]["Options"].size(), 3u);
}

// The install's refusal when the portal refuses `method` with Bitrix24's `code` and `reason`: the
// method and the reason are in its detail, the stored pair is not.
Error refused_install(const std::string& method, const std::string& code, int status, const std::string& reason) {
    Portal portal;
    portal.fake.deny(method, code, status, reason);
    Result<InstalledPortal> installed = portal.install_as("1");
    if (installed.ok()) return Error{ErrorCode::unknown, "installed"};
    EXPECT_NE(installed.error().detail.find(method), std::string::npos) << installed.error().detail;
    EXPECT_NE(installed.error().detail.find(reason), std::string::npos) << installed.error().detail;
    EXPECT_EQ(installed.error().detail.find(portal.store.load(kMemberId)->access_token), std::string::npos);
    return installed.error();
}

TEST(Bitrix24RobotSetup, APortalThatWillNotLetTheAppRegisterRobotsIsRobotNotAllowed) {
    EXPECT_EQ(refused_install("bizproc.robot.add", "ACCESS_DENIED", 403, "Application context required").code,
              ErrorCode::crm_robot_not_allowed);
    EXPECT_EQ(refused_install("bizproc.robot.add", "insufficient_scope", 403, "The request requires higher privileges").code,
              ErrorCode::crm_robot_not_allowed);
}

TEST(Bitrix24RobotSetup, ARefusedDescriptionIsRobotRejectedWithBitrix24sReason) {
    EXPECT_EQ(refused_install("bizproc.activity.add", "ERROR_ACTIVITY_VALIDATION_FAILURE", 400, "Wrong activity FILTER!").code,
              ErrorCode::crm_robot_rejected);
    EXPECT_EQ(refused_install("bizproc.robot.add", "ERROR_WRONG_HANDLER_URL", 400, "Wrong handler URL").code,
              ErrorCode::crm_robot_rejected);
}

TEST(Bitrix24RobotSetup, AnExpiredTokenOnTheWayIsRefreshedNotCalledARobotProblem) {
    Portal portal;
    bool expired_once = false;
    portal.fake.on_rest_call = [&](const std::string& token) {
        // The first bizproc call finds the admin's hour over.
        if (!expired_once && portal.fake.calls_of("event.bind") == 1) {
            expired_once = true;
            portal.fake.expire(token);
        }
    };
    Result<InstalledPortal> installed = portal.install_as("1");
    ASSERT_TRUE(installed.ok()) << installed.error().detail;
    EXPECT_EQ(portal.fake.registered("robot").size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// An administrator's return
// ---------------------------------------------------------------------------------------------

TEST(Bitrix24RobotRefresh, TheGroupListFollowsTheNumberAndAuthUserIdStaysAsInstalled) {
    Portal portal;
    ASSERT_TRUE(portal.install_as("1").ok());
    portal.groups = GroupList{{{"120363046666666666@g.us", "Опт", 5, true}}};

    Result<RobotRegistration> refreshed = refresh_robot(portal.keeper, kMemberId, portal.app, portal.settings, portal.clock);

    ASSERT_TRUE(refreshed.ok()) << refreshed.error().detail;
    EXPECT_EQ(refreshed->groups_offered, 1u);
    for (const char* kind : {"robot", "activity"}) {
        const json registered = portal.fake.registered(kind).at(kRobotCode);
        EXPECT_EQ(registered["PROPERTIES"]["group"]["Options"], json({{"120363046666666666@g.us", "Опт"}})) << kind;
        EXPECT_EQ(registered["AUTH_USER_ID"], 1) << kind;
    }
    EXPECT_FALSE(json::parse(portal.sent("bizproc.robot.update"))["FIELDS"].contains("AUTH_USER_ID"));
}

TEST(Bitrix24RobotRefresh, NothingIsSentWhenTheNumberCannotBeRead) {
    Portal portal;
    ASSERT_TRUE(portal.install_as("1").ok());
    const int before = portal.fake.requests();
    portal.groups = Error{ErrorCode::gateway_unavailable, {}};
    Result<RobotRegistration> refreshed = refresh_robot(portal.keeper, kMemberId, portal.app, portal.settings, portal.clock);
    ASSERT_FALSE(refreshed.ok());
    EXPECT_EQ(refreshed.error().code, ErrorCode::gateway_unavailable);
    EXPECT_EQ(portal.fake.requests(), before);
}

// A refresh the test lets finish when it wants.
struct HeldRefresh {
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> runs{0};
    RobotRefresher::Refresh work() {
        return [this] {
            ++runs;
            released.wait();
        };
    }
};

TEST(Bitrix24RobotRefresh, ARequestReturnsAtOnceWhileTheRefreshRunsOnItsOwnThread) {
    ManualClock clock;
    RobotRefresher refresher(clock);
    HeldRefresh held;
    const auto asked = std::chrono::steady_clock::now();
    EXPECT_TRUE(refresher.request(kMemberId, held.work()));
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(1));
    while (held.runs == 0) std::this_thread::yield();
    held.release.set_value();
    refresher.wait_idle();
    EXPECT_EQ(held.runs, 1);
}

TEST(Bitrix24RobotRefresh, NeverTwoAtOnceForAPortalAndAtMostOneInTenMinutes) {
    ManualClock clock;
    RobotRefresher refresher(clock);
    HeldRefresh held;
    ASSERT_TRUE(refresher.request(kMemberId, held.work()));
    while (held.runs == 0) std::this_thread::yield();
    // Running: a second admin's card for the same portal adds nothing, even ten minutes later.
    clock.advance(std::chrono::minutes(11));
    EXPECT_FALSE(refresher.request(kMemberId, held.work()));
    // Another portal is not held up by it (queued behind, run after).
    HeldRefresh other;
    other.release.set_value();
    EXPECT_TRUE(refresher.request("another-portal", other.work()));
    held.release.set_value();
    refresher.wait_idle();
    EXPECT_EQ(held.runs, 1);
    EXPECT_EQ(other.runs, 1);

    // Done, and begun 11 minutes after the first: the next is due 10 minutes after its own start.
    HeldRefresh later;
    later.release.set_value();
    ASSERT_TRUE(refresher.request(kMemberId, later.work()));
    refresher.wait_idle();
    clock.advance(std::chrono::minutes(9));
    EXPECT_FALSE(refresher.request(kMemberId, later.work()));
    clock.advance(std::chrono::minutes(1));
    EXPECT_TRUE(refresher.request(kMemberId, later.work()));
    refresher.wait_idle();
    EXPECT_EQ(later.runs, 2);
}

TEST(Bitrix24RobotRefresh, AnInstallCountsAsARefreshAndAnUninstallForgetsTheThrottle) {
    ManualClock clock;
    RobotRefresher refresher(clock);
    HeldRefresh held;
    held.release.set_value();
    refresher.refreshed_now(kMemberId);
    EXPECT_FALSE(refresher.request(kMemberId, held.work()));
    refresher.forget(kMemberId);
    EXPECT_TRUE(refresher.request(kMemberId, held.work()));
    refresher.wait_idle();
    EXPECT_EQ(held.runs, 1);
}

TEST(Bitrix24RobotRefresh, StoppingWaitsForTheRefreshUnderWayAndDropsTheQueued) {
    ManualClock clock;
    HeldRefresh held, queued;
    queued.release.set_value();
    std::thread release;
    {
        RobotRefresher refresher(clock);
        ASSERT_TRUE(refresher.request(kMemberId, held.work()));
        while (held.runs == 0) std::this_thread::yield();
        ASSERT_TRUE(refresher.request("another-portal", queued.work()));
        release = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            held.release.set_value();
        });
    }   // the refresher's end waits for the held refresh, which the thread above lets finish
    release.join();
    EXPECT_EQ(held.runs, 1);
    EXPECT_EQ(queued.runs, 0);
}

// ---------------------------------------------------------------------------------------------
// ONAPPUNINSTALL
// ---------------------------------------------------------------------------------------------

using test::app_uninstall_event;

TEST(Bitrix24Uninstall, TheEventIsReadAsBitrix24PostsIt) {
    Result<AppUninstallEvent> event = parse_app_uninstall_event(app_uninstall_event(kMemberId, kAppToken));
    ASSERT_TRUE(event.ok()) << event.error().detail;
    EXPECT_EQ(event->member_id, kMemberId);
    EXPECT_EQ(event->application_token, kAppToken);
    EXPECT_TRUE(event->clean);
    EXPECT_FALSE(parse_app_uninstall_event(app_uninstall_event(kMemberId, kAppToken, "0"))->clean);
    EXPECT_EQ(event_name(app_uninstall_event(kMemberId, kAppToken)), "ONAPPUNINSTALL");

    for (const char* field : {"auth[member_id]", "auth[application_token]", "event"}) {
        FormFields form = app_uninstall_event(kMemberId, kAppToken);
        form.erase(field);
        Result<AppUninstallEvent> missing = parse_app_uninstall_event(form);
        ASSERT_FALSE(missing.ok()) << field;
        EXPECT_EQ(missing.error().code, ErrorCode::bad_request);
    }
    FormFields install = app_uninstall_event(kMemberId, kAppToken);
    test::set(install, "event", "ONAPPINSTALL");
    EXPECT_FALSE(parse_app_uninstall_event(install).ok());
}

TEST(Bitrix24Uninstall, TheGenuineTokenForgetsThePortalWithoutCallingIt) {
    Portal portal;
    ASSERT_TRUE(portal.install_as("1").ok());
    const int before = portal.fake.requests();

    ASSERT_TRUE(accept_app_uninstall(portal.keeper, *parse_app_uninstall_event(app_uninstall_event(kMemberId, kAppToken))).ok());

    EXPECT_FALSE(portal.store.load(kMemberId));
    EXPECT_EQ(portal.keeper.current(kMemberId).error().code, ErrorCode::crm_not_connected);
    EXPECT_EQ(portal.fake.requests(), before) << "its tokens are dead: the portal is not asked anything";
    // Its card tabs are refused from now on.
    auto [access, refresh] = portal.fake.issue_pair("5");
    TabPost post = test::deal_tab(portal.fake.domain(), access, refresh);
    Result<PlacementRequest> tab = parse_placement_request(post.query, post.form);
    ASSERT_TRUE(tab.ok());
    EXPECT_EQ(verify_placement_user(portal.keeper, *tab, portal.clock).error().code, ErrorCode::crm_not_connected);
    // And the same event again finds nothing to verify against.
    EXPECT_EQ(accept_app_uninstall(portal.keeper, *parse_app_uninstall_event(app_uninstall_event(kMemberId, kAppToken))).error().code,
              ErrorCode::crm_call_unverified);
}

TEST(Bitrix24Uninstall, AForgedTokenAnUnknownPortalOrOneStoredWithoutATokenRemoveNothing) {
    Portal portal;
    ASSERT_TRUE(portal.install_as("1").ok());
    const CrmAccount stored = *portal.store.load(kMemberId);

    for (const std::string& forged : {std::string("app-token-of-the-sender"), std::string(kAppToken) + "x",
                                      std::string(kAppToken).substr(1)}) {
        Result<Done> removed = accept_app_uninstall(portal.keeper, *parse_app_uninstall_event(app_uninstall_event(kMemberId, forged)));
        ASSERT_FALSE(removed.ok()) << forged;
        EXPECT_EQ(removed.error().code, ErrorCode::crm_call_unverified);
        EXPECT_EQ(removed.error().detail.find(forged), std::string::npos);
        EXPECT_EQ(removed.error().detail.find(kAppToken), std::string::npos);
    }
    Result<Done> unknown =
        accept_app_uninstall(portal.keeper, *parse_app_uninstall_event(app_uninstall_event("99999999999999999999999999999999", kAppToken)));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::crm_call_unverified);
    // Both refusals read alike: the sender cannot tell an installed portal from another.
    EXPECT_EQ(unknown.error().detail,
              accept_app_uninstall(portal.keeper, *parse_app_uninstall_event(app_uninstall_event(kMemberId, "x"))).error().detail);
    EXPECT_EQ(portal.store.load(kMemberId)->access_token, stored.access_token);

    CrmAccount tokenless = stored;
    tokenless.application_token.clear();
    ASSERT_TRUE(portal.keeper.store(tokenless).ok());
    EXPECT_EQ(accept_app_uninstall(portal.keeper, *parse_app_uninstall_event(app_uninstall_event(kMemberId, "anything"))).error().code,
              ErrorCode::crm_call_unverified);
    EXPECT_TRUE(portal.store.load(kMemberId));
}

} // namespace
} // namespace gd
