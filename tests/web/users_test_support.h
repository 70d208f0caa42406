#pragma once
// What the users screen's tests share: an administrator signed in, a CRM's user directory as
// the proxy would send it, and the screen opened on it.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/ui_text.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace gd::test {

inline const std::string kUsersPath = routes::kCrmUsers;
inline const std::string kHandoversPath = routes::kCrmHandovers;

inline CrmUser crm_user(const std::string& id, const std::string& name, const std::string& email, bool active = true) {
    CrmUser u;
    u.id = id;
    u.name = name;
    u.email = email;
    u.active = active;
    return u;
}

// amoCRM: it takes a password, has roles, deactivates (Enterprise); the licences were entered.
// Анна runs GroupDesk's connection; Пётр left long ago.
inline UserDirectory amocrm_directory() {
    UserDirectory d;
    d.crm = "amocrm";
    d.abilities.add_users = true;
    d.abilities.sets_password = true;
    d.abilities.has_roles = true;
    d.abilities.deactivate = true;
    d.abilities.reassign = true;
    d.abilities.record_kinds = {RecordKind::lead, RecordKind::contact, RecordKind::company, RecordKind::task};
    d.abilities.name_max_length = 50;
    d.abilities.password_min_length = 6;
    CrmUser anna = crm_user("1", "Анна Смирнова", "anna@example.com");
    anna.is_admin = true;
    anna.is_integration = true;
    anna.group_id = "g1";
    anna.group = "Отдел продаж";
    CrmUser ivan = crm_user("2", "Иван Петров", "ivan@example.com");
    ivan.group_id = "g1";
    ivan.group = "Отдел продаж";
    ivan.role_id = "r1";
    ivan.role = "Менеджер";
    d.users = {anna, ivan, crm_user("3", "Ольга Ким", "olga@example.com"), crm_user("4", "Пётр Сидоров", "petr@example.com", false)};
    d.groups = {{"g1", "Отдел продаж"}, {"g2", "Поддержка"}};
    d.roles = {{"r1", "Менеджер"}, {"r2", "Руководитель"}};
    d.seats = {4, 1, 3, "entered"};
    return d;
}

// Bitrix24: it e-mails its own invitation, needs a department, has no roles through REST.
inline UserDirectory bitrix24_directory() {
    UserDirectory d = amocrm_directory();
    d.crm = "bitrix24";
    d.abilities.sets_password = false;
    d.abilities.has_roles = false;
    d.abilities.group_required = true;
    d.abilities.password_min_length = 0;
    d.abilities.record_kinds = {RecordKind::lead, RecordKind::deal, RecordKind::contact, RecordKind::company, RecordKind::task};
    d.roles.clear();
    d.seats = {0, 0, 3, "unknown"};
    return d;
}

inline std::string directory_json(const UserDirectory& d) { return nlohmann::json(d).dump(); }
inline std::string handovers_json(std::vector<Handover> list) { return nlohmann::json(HandoverList{std::move(list)}).dump(); }

struct UsersFixture : ::testing::Test {
    UiHarness ui{1.0f, ImVec2(900, 3000)};

    static void sign_in(UiHarness& u, bool admin) {
        u.app.state.session_token = "t";
        u.app.state.user = {"anna", "Анна Смирнова", admin, "amocrm:1"};
        start_app(u.app);
        ASSERT_TRUE(u.http.answer(routes::kHealth, 200, nlohmann::json(Health{"ok", "live", "1", ""}).dump()));
        u.frames(2);
    }
    static void open_with(UiHarness& u, const UserDirectory& d, std::vector<Handover> handovers = {}) {
        ASSERT_TRUE(u.click_in_top_bar(u.app.state.lang == Lang::ru ? "Пользователи" : "Users"));
        ASSERT_EQ(u.app.state.screen, Screen::users);
        ASSERT_TRUE(u.http.answer(kUsersPath, 200, directory_json(d)));
        ASSERT_TRUE(u.http.answer(kHandoversPath, 200, handovers_json(std::move(handovers))));
        u.frames(2);
    }
};

} // namespace gd::test
