// «Пользователи», as a CRM administrator sees it: given the proxy's directory, the screen lists
// the users with their marks, searches and filters them, shows the licence seats as a bar, offers
// «Добавить пользователя» only while a seat is free, and only administrators have it.
#include "tests/web/users_test_support.h"

#include "web/state/app_actions.h"
#include "web/state/users_admin.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

struct UsersScreen : UsersFixture {};

TEST_F(UsersScreen, OnlyAnAdministratorHasTheTab) {
    sign_in(ui, /*admin=*/false);
    EXPECT_FALSE(ui.shows("Пользователи"));
    EXPECT_FALSE(users_screen_allowed(ui.app.state));
    const int sent = ui.http.sent;
    open_users(ui.app);   // what the proxy would refuse is not asked at all
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_EQ(ui.http.sent, sent);

    UiHarness admin(1.0f, ImVec2(900, 3000));
    sign_in(admin, /*admin=*/true);
    ASSERT_TRUE(admin.click("Пользователи"));
    EXPECT_EQ(admin.app.state.screen, Screen::users);
    EXPECT_TRUE(admin.http.has_request(kUsersPath));
    EXPECT_TRUE(admin.http.has_request(kHandoversPath));   // a handover left running shows at once
    EXPECT_TRUE(admin.shows("Пользователи CRM"));
}

TEST_F(UsersScreen, ARefusalOfTheProxySaysWhatToDoAndRetryReadsAgain) {
    sign_in(ui, true);
    ASSERT_TRUE(ui.click("Пользователи"));
    ASSERT_TRUE(ui.http.answer(kUsersPath, 403, R"({"error":{"code":"forbidden"}})"));
    ASSERT_TRUE(ui.http.answer(kHandoversPath, 403, R"({"error":{"code":"forbidden"}})"));
    ui.frames(2);
    ASSERT_NE(visible_error(ui.app.state), nullptr);
    EXPECT_EQ(visible_error(ui.app.state)->code, ErrorCode::forbidden);
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::forbidden).ru));
    ASSERT_TRUE(ui.click("Повторить"));
    ASSERT_TRUE(ui.http.answer(kUsersPath, 200, directory_json(amocrm_directory())));
    ASSERT_TRUE(ui.http.answer(kHandoversPath, 200, handovers_json({})));
    ui.frames(2);
    EXPECT_EQ(visible_error(ui.app.state), nullptr);
    EXPECT_TRUE(ui.shows("Иван Петров"));
}

TEST_F(UsersScreen, EachUserShowsEmailGroupRoleAndMarks) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory());
    EXPECT_TRUE(ui.shows("Анна Смирнова"));
    EXPECT_TRUE(ui.shows("anna@example.com"));
    EXPECT_TRUE(ui.shows("Группа: Отдел продаж"));
    EXPECT_TRUE(ui.shows("активен · администратор"));
    EXPECT_TRUE(ui.shows("GroupDesk работает от его имени"));
    EXPECT_TRUE(ui.shows("Иван Петров"));
    EXPECT_TRUE(ui.shows("Группа: Отдел продаж · Роль: Менеджер"));
    EXPECT_TRUE(ui.shows("активен"));
    // Active users only at first: the leaver who left long ago is one click away.
    EXPECT_FALSE(ui.shows("Пётр Сидоров"));
    EXPECT_EQ(ui.app.state.rows_shown, 3);
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);

    ASSERT_TRUE(ui.click("English"));
    EXPECT_TRUE(ui.shows("CRM users"));
    EXPECT_TRUE(ui.shows("active · administrator"));
    EXPECT_TRUE(ui.shows("GroupDesk runs as this user"));
    EXPECT_TRUE(ui.shows("Group: Отдел продаж · Role: Менеджер"));   // the CRM's own names stay as they are
}

TEST_F(UsersScreen, SearchByNameOrEmailAndFilterActiveInactiveAll) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory());
    ASSERT_TRUE(ui.click("Неактивные"));
    EXPECT_EQ(ui.app.state.rows_shown, 1);
    EXPECT_TRUE(ui.shows("Пётр Сидоров"));
    EXPECT_TRUE(ui.shows("деактивирован"));
    EXPECT_FALSE(ui.shows("Иван Петров"));
    ASSERT_TRUE(ui.click("Все"));
    EXPECT_EQ(ui.app.state.rows_shown, 4);

    ASSERT_TRUE(ui.click("users_search"));
    ui.type("IVAN@");
    EXPECT_EQ(ui.app.state.rows_shown, 1);
    EXPECT_TRUE(ui.shows("Иван Петров"));
    ASSERT_TRUE(ui.click("Все"));   // the field lets go of its text
    ui.app.state.users.search = "петр";   // «Пётр» too: ё is е
    ui.frames(2);
    EXPECT_EQ(ui.app.state.rows_shown, 2);
    EXPECT_TRUE(ui.shows("Пётр Сидоров"));
    ui.app.state.users.search = "никого";
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Никто не подходит под поиск."));
}

TEST_F(UsersScreen, SeatsEnteredShowTheBarAndWhereTheNumberCameFrom) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory());
    EXPECT_TRUE(ui.shows("Лицензии: занято 3 из 5"));
    EXPECT_TRUE(ui.shows("Свободно: 2"));
    EXPECT_TRUE(ui.shows("Число лицензий вписано администратором из раздела «Счёт и оплата» CRM."));
    EXPECT_TRUE(ui.shows("Изменить число лицензий"));
}

TEST_F(UsersScreen, UnknownSeatsAskForTheLicencesFromBillingAndTheBarFollows) {
    sign_in(ui, true);
    UserDirectory d = amocrm_directory();
    d.seats = {0, 0, 3, "unknown"};
    open_with(ui, d);
    EXPECT_TRUE(ui.shows("Лицензии: занято 3, всего — неизвестно"));
    ASSERT_EQ(ui.inspector.find_all_containing("Настройки › «Счёт и оплата»").size(), 1u);
    ASSERT_TRUE(ui.click("Указать лицензии"));
    EXPECT_TRUE(ui.shows("Оба числа — в CRM: Настройки › «Счёт и оплата»."));
    EXPECT_TRUE(ui.shows("Нужна хотя бы одна лицензия."));
    ui.app.state.users.paid_input = 4;
    ui.app.state.users.technical_input = 2;
    ui.frames(2);
    ASSERT_TRUE(ui.click("Сохранить"));
    const HttpRequest* put = ui.http.find(routes::kCrmSeats);
    ASSERT_NE(put, nullptr);
    EXPECT_EQ(put->method, "PUT");
    EXPECT_EQ(nlohmann::json::parse(put->body), nlohmann::json(SeatLicences{4, 2}));
    ASSERT_TRUE(ui.http.answer(routes::kCrmSeats, 200, nlohmann::json(SeatCount{4, 2, 3, "entered"}).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Лицензии: занято 3 из 6"));
    EXPECT_TRUE(ui.shows("Свободно: 3"));
    EXPECT_FALSE(ui.shows("Оба числа — в CRM: Настройки › «Счёт и оплата»."));
}

TEST_F(UsersScreen, SeatsLearnedFromARefusalSaySoAndTheCrmsOwnCountIsNotEditable) {
    sign_in(ui, true);
    UserDirectory d = amocrm_directory();
    d.seats = {3, 0, 3, "learned"};
    open_with(ui, d);
    EXPECT_EQ(ui.inspector.find_all_containing("узнано из отказа CRM").size(), 1u);

    UiHarness other(1.0f, ImVec2(900, 3000));
    sign_in(other, true);
    d.seats = {10, 1, 3, "crm"};
    open_with(other, d);
    EXPECT_TRUE(other.shows("Лицензии: занято 3 из 11"));
    EXPECT_TRUE(other.shows("Число лицензий сообщила CRM."));
    EXPECT_FALSE(other.shows("Изменить число лицензий"));
}

TEST_F(UsersScreen, AddIsOfferedWhileASeatIsFreeOrTheSeatsAreUnknown) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory());
    ASSERT_TRUE(ui.click("Добавить пользователя"));
    EXPECT_TRUE(ui.app.state.users.add.open);

    UiHarness unknown(1.0f, ImVec2(900, 3000));
    sign_in(unknown, true);
    UserDirectory d = amocrm_directory();
    d.seats = {0, 0, 40, "unknown"};
    open_with(unknown, d);
    ASSERT_TRUE(unknown.click("Добавить пользователя"));
    EXPECT_TRUE(unknown.app.state.users.add.open);
}

TEST_F(UsersScreen, NoFreeSeatSaysSoAndOffersToDeactivateOrBuy) {
    sign_in(ui, true);
    UserDirectory d = amocrm_directory();
    d.seats = {2, 1, 3, "entered"};
    open_with(ui, d);
    EXPECT_TRUE(ui.shows("Лицензии: занято 3 из 3"));
    EXPECT_TRUE(ui.shows("Свободно: 0"));
    ASSERT_TRUE(ui.click("Добавить пользователя"));   // drawn, but disabled
    EXPECT_FALSE(ui.app.state.users.add.open);
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_no_free_seat).ru));
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::crm_no_free_seat).ru));
    open_add_form(ui.app);   // even if asked directly
    EXPECT_FALSE(ui.app.state.users.add.open);

    ui.app.state.users.search = "zzz";
    ASSERT_TRUE(ui.click("Деактивировать пользователя"));
    EXPECT_EQ(ui.app.state.users.search, "");   // the active users, to pick the leaver from
    EXPECT_TRUE(ui.shows(ui_text::users_deactivate_hint.ru));
    EXPECT_TRUE(ui.shows("Деактивировать 2"));
    ASSERT_TRUE(ui.click("Купить лицензию"));
    EXPECT_TRUE(ui.shows(ui_text::users_buy_amocrm.ru));
}

TEST_F(UsersScreen, ACrmThatWillNotAddThroughItsApiSaysToAddByHand) {
    sign_in(ui, true);
    UserDirectory d = amocrm_directory();
    d.abilities.add_users = false;
    open_with(ui, d);
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::crm_add_unavailable).ru));
    EXPECT_TRUE(ui.shows(error_next_step(ErrorCode::crm_add_unavailable).ru));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);   // «Настройки › Пользователи»: the font has no arrows
    ASSERT_TRUE(ui.click("Добавить пользователя"));
    EXPECT_FALSE(ui.app.state.users.add.open);
}

TEST_F(UsersScreen, EachPanelsCancelClosesOnlyItself) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory());
    ASSERT_TRUE(ui.click("Изменить число лицензий"));
    ASSERT_TRUE(ui.click("Добавить пользователя"));
    ASSERT_TRUE(ui.click("Отмена"));   // the first: the seats form's
    EXPECT_FALSE(ui.app.state.users.seats_form_open);
    EXPECT_TRUE(ui.app.state.users.add.open);
    ASSERT_TRUE(ui.click("Отмена"));
    EXPECT_FALSE(ui.app.state.users.add.open);
}

TEST_F(UsersScreen, SigningOutForgetsTheUsers) {
    sign_in(ui, true);
    open_with(ui, amocrm_directory());
    ASSERT_TRUE(ui.click("Выйти"));
    EXPECT_EQ(ui.app.state.screen, Screen::sign_in);
    EXPECT_TRUE(ui.app.state.users.directory.data.users.empty());
}

// amoCRM's right-hand panel is about 300 px wide; a phone 360; and a desktop: with every panel
// open at once (seats form, add form with its problems, the login handed over, a deactivation
// being prepared, handovers running and ended by hand), nothing is cut or overlaps.
TEST_F(UsersScreen, EveryPanelFitsA300PixelPanelA360PixelPhoneAndADesktop) {
    for (float width : {300.0f, 360.0f, 1200.0f}) {
        for (Lang lang : {Lang::ru, Lang::en}) {
            UiHarness u(1.0f, ImVec2(width, 6000));
            u.app.state.lang = lang;
            sign_in(u, true);
            UserDirectory d = amocrm_directory();
            d.users[1].name = "Константин Константинопольский-Преображенский";
            d.users[1].email = "konstantin.konstantinopolsky-preobrazhensky@very-long-company-domain.example.com";
            d.users[1].group = "Отдел продаж оборудования Уральского федерального округа";
            Handover running;
            running.id = "h1";
            running.from = d.users[1];
            running.to = d.users[2];
            running.state = JobState::running;
            running.kinds = {{RecordKind::lead, 20000, 5000, {}, false}, {RecordKind::task, 300, 0, {}, false}};
            running.next_in_seconds = 1;
            Handover by_hand = running;
            by_hand.id = "h0";
            by_hand.state = JobState::done;
            by_hand.kinds[0].refused = {"1000001", "1000002", "1000003", "1000004", "1000005", "1000006", "1000007", "1000008"};
            by_hand.deactivation = "by_hand";
            by_hand.deactivation_error = "crm_user_is_integration";
            open_with(u, d, {running, by_hand});
            ASSERT_TRUE(u.click(ui_text::users_seats_change.in(lang)));
            ASSERT_TRUE(u.click(ui_text::users_add.in(lang)));
            u.app.state.users.add.show_all_problems = true;
            u.app.state.users.add.full_name = "Глеб";
            u.app.state.users.credentials = {true, "Глеб Кочергин", "gleb.kochergin@very-long-company-domain.example.com",
                                             "Xq7-Lm2#Pz9_Rt4.", false, false};
            open_deactivation(u.app, "3");
            ASSERT_TRUE(u.http.answer(std::string(routes::kCrmUsers) + "/3/records", 200,
                                      nlohmann::json(RecordCounts{"3", {{RecordKind::lead, 20000}, {RecordKind::company, 5}}}).dump()));
            choose_receiver(u.app, "1");
            u.app.state.users.deactivation.confirming = true;
            u.frames(3);
            ASSERT_TRUE(u.shows(ui_text::users_copy_message.in(lang))) << width;
            ASSERT_TRUE(u.shows(ui_text::users_confirm_yes.in(lang))) << width;
            ASSERT_TRUE(u.shows(lang == Lang::ru ? "Всего: 5000 из 20300" : "In all: 5000 of 20300")) << width;
            for (const std::string& problem : layout_problems(u.inspector, width))
                ADD_FAILURE() << width << " px, " << lang_code(lang) << ": " << problem;
        }
    }
}

} // namespace
} // namespace gd::test
