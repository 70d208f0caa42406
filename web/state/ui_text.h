#pragma once
// Every string the widget shows, in Russian and English (errors live in shared/errors.cpp).
#include "shared/i18n.h"

namespace gd::ui_text {

inline constexpr Text app_title{"GroupDesk", "GroupDesk"};
inline constexpr Text groups_title{"Группы WhatsApp", "WhatsApp groups"};
inline constexpr Text refresh{"Обновить", "Refresh"};
inline constexpr Text retry{"Повторить", "Retry"};
inline constexpr Text back{"Назад", "Back"};
inline constexpr Text loading{"Загрузка…", "Loading…"};
inline constexpr Text search_groups_hint{"Поиск группы по названию", "Search groups by name"};
inline constexpr Text search_people_hint{"Поиск по имени или номеру", "Search by name or number"};
inline constexpr Text column_group{"Группа", "Group"};
inline constexpr Text column_members{"Участники", "Members"};
inline constexpr Text column_our_role{"Наш номер", "Our number"};
inline constexpr Text column_name{"Имя", "Name"};
inline constexpr Text column_phone{"Телефон", "Phone"};
inline constexpr Text column_role{"Роль", "Role"};
inline constexpr Text role_member{"участник", "member"};
inline constexpr Text role_admin{"администратор", "admin"};
inline constexpr Text role_owner{"владелец", "owner"};
inline constexpr Text we_are_admin{"администратор", "admin"};
inline constexpr Text we_are_not_admin{"не администратор", "not admin"};
inline constexpr Text no_groups{"Наш номер не состоит ни в одной группе.", "Our number is in no group."};
inline constexpr Text no_group_matches{"Нет групп с таким названием.", "No group has that name."};
inline constexpr Text no_member_matches{"Никто не подходит под поиск.", "Nobody matches the search."};
inline constexpr Text unnamed{"(без имени)", "(no name)"};
inline constexpr Text not_admin_warning{
    "Наш номер не администратор этой группы: добавлять, удалять и назначать администраторов нельзя. "
    "Попросите владельца группы сделать номер администратором.",
    "Our number is not an admin of this group: it cannot add, remove, promote or demote. "
    "Ask the group's owner to make the number an admin."};
inline constexpr Text error_code_label{"Код ошибки", "Error code"};
inline constexpr Text shown_of{"Показано %d из %d", "Showing %d of %d"};
inline constexpr Text members_count{"%d участников", "%d members"};
inline constexpr Text language_switch{"English", "Русский"};

} // namespace gd::ui_text
