#pragma once
// Every string the widget shows, in Russian and English (errors live in shared/errors.cpp).
#include "shared/i18n.h"

namespace gd::ui_text {

inline constexpr Text app_title{"GroupDesk", "GroupDesk"};
inline constexpr Text groups_title{"Группы WhatsApp", "WhatsApp groups"};
inline constexpr Text refresh{"Обновить", "Refresh"};
inline constexpr Text retry{"Повторить", "Retry"};
inline constexpr Text sign_in_title{"Вход в GroupDesk", "Sign in to GroupDesk"};
inline constexpr Text login_label{"Логин", "Login"};
inline constexpr Text password_label{"Пароль", "Password"};
inline constexpr Text sign_in{"Войти", "Sign in"};
inline constexpr Text sign_out{"Выйти", "Sign out"};
inline constexpr Text sign_in_hint{"Логин и пароль выдаёт администратор GroupDesk. В карточке CRM входить не нужно.",
                                   "Your GroupDesk administrator gives you a login and password. Inside a CRM card no sign-in is needed."};
inline constexpr Text sandbox_hint{"Песочница с демо-данными: логин demo, пароль demo.",
                                   "A sandbox with demo data: login demo, password demo."};
inline constexpr Text sandbox_sign_in{"Войти в песочницу", "Enter the sandbox"};
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
inline constexpr Text member_actions{"Действия с участниками", "Member actions"};
inline constexpr Text action_label{"Действие", "Action"};
inline constexpr Text people_hint{"Номера по одному в строке, можно с именем: Иван +7 916 123-45-67",
                                  "One number a line, a name may follow: Ivan +7 916 123-45-67"};
inline constexpr Text people_summary{"Выбрано в таблице: %d · номеров в списке: %d", "Ticked in the table: %d · numbers in the list: %d"};
inline constexpr Text execute{"ВЫПОЛНИТЬ", "EXECUTE"};
inline constexpr Text check_before_add{
    "Перед добавлением каждый номер проверяется на наличие WhatsApp, а добавления идут с паузами: так наш номер не заблокируют.",
    "Every number is checked for WhatsApp before it is added, and adds are paced: this keeps our number from being banned."};
inline constexpr Text job_progress{"Выполнено %d из %d", "%d of %d done"};
inline constexpr Text job_next_in{"следующий через %.0f с", "next in %.0f s"};
inline constexpr Text job_stop{"Остановить", "Stop"};
inline constexpr Text job_stopped{"Задание остановлено.", "The job was stopped."};
inline constexpr Text jobs_title{"Задания", "Jobs"};
inline constexpr Text jobs_of_group_tab{"Этой группы", "This group"};
inline constexpr Text jobs_running_tab{"Идут сейчас (%d)", "Running now (%d)"};
inline constexpr Text jobs_running_title{"Идущие задания (%d)", "Running jobs (%d)"};
inline constexpr Text jobs_none_in_group{"В этой группе заданий ещё не было.", "This group has had no jobs yet."};
inline constexpr Text jobs_none_running{"Сейчас ничего не выполняется.", "Nothing is running now."};
inline constexpr Text job_group_unread{"(группа ещё не прочитана)", "(group not read yet)"};
inline constexpr Text job_state_queued{"В очереди", "Queued"};
inline constexpr Text job_state_running{"Выполняется", "Running"};
inline constexpr Text job_state_done{"Готово", "Done"};
inline constexpr Text job_state_stopped{"Остановлено из-за ошибки", "Stopped by an error"};
inline constexpr Text job_state_cancelled{"Отменено", "Cancelled"};
inline constexpr Text job_by_person{"Инициатор: %s", "Requested by %s"};
inline constexpr Text job_by_robot{"Инициатор: робот CRM «%s»", "Requested by the CRM robot “%s”"};
inline constexpr Text job_by_robot_unnamed{"Инициатор: робот CRM", "Requested by a CRM robot"};
inline constexpr Text job_by_webhook{"Инициатор: вебхук «%s»", "Requested by the webhook “%s”"};
inline constexpr Text job_by_webhook_unnamed{"Инициатор: вебхук", "Requested by a webhook"};
inline constexpr Text job_wait_turn{"Ждёт своей очереди", "Waiting for its turn"};
inline constexpr Text job_wait_pacing{"Пауза между добавлениями: %s", "Pause between adds: %s"};
inline constexpr Text job_wait_retry{"Повтор через %s (попытка %d)", "Retry in %s (attempt %d)"};
inline constexpr Text job_wait_number{"Ждёт, пока номер снова подключится", "Waiting for the number to reconnect"};
inline constexpr Text duration_seconds{"%d с", "%d s"};
inline constexpr Text duration_minutes{"%d мин %d с", "%d min %d s"};
inline constexpr Text job_show_results{"Результаты", "Results"};
inline constexpr Text column_result{"Результат", "Result"};
inline constexpr Text send_link{"Отправить ссылку", "Send link"};
inline constexpr Text save_number{"Добавить номер", "Save number"};
inline constexpr Text link_sent{"Ссылка отправлена: %s", "Link sent: %s"};
inline constexpr Text contact_saved{"Номер сохранён в контактах, добавляем снова…", "Number saved to contacts, adding again…"};
inline constexpr Text invite_link{"Пригласительная ссылка", "Invite link"};
inline constexpr Text get_link{"Получить ссылку", "Get the link"};
inline constexpr Text copy{"Копировать", "Copy"};
inline constexpr Text copied{"Скопировано", "Copied"};
inline constexpr Text revoke_link{"Сбросить ссылку", "Revoke link"};
inline constexpr Text revoke_confirm{
    "Сбросить ссылку? Все ранее отправленные ссылки перестанут работать.",
    "Revoke the link? Every link already sent will stop working."};
inline constexpr Text revoke_yes{"Да, сбросить", "Yes, revoke"};
inline constexpr Text revoke_admins_only{
    "Сбросить ссылку может только администратор CRM или GroupDesk.",
    "Only a CRM or GroupDesk administrator can revoke the link."};
inline constexpr Text cancel{"Отмена", "Cancel"};
inline constexpr Text invite_link_hint{
    "По ссылке человек вступит сам, если добавить его не получилось.",
    "Anyone who could not be added can join through the link."};
inline constexpr Text adds_today{"Сегодня добавлено: %d из %d", "Added today: %d of %d"};
inline constexpr Text audit_open{"Журнал", "Log"};
inline constexpr Text audit_title{"Журнал действий", "Activity log"};
inline constexpr Text audit_empty{"Пока ничего не сделано.", "Nothing has been done yet."};
inline constexpr Text column_when{"Когда (UTC)", "When (UTC)"};
inline constexpr Text column_who{"Кто", "Who"};
inline constexpr Text column_action{"Действие", "Action"};
inline constexpr Text invite_link_sent_action{"Отправлена ссылка", "Link sent"};
inline constexpr Text invite_link_revoked_action{"Ссылка сброшена", "Link revoked"};
inline constexpr Text contact_saved_action{"Номер сохранён", "Number saved"};
inline constexpr Text job_cancelled_action{"Задание остановлено", "Job stopped"};
inline constexpr Text language_switch{"English", "Русский"};
inline constexpr Text card_label{"Карточка CRM:", "CRM card:"};
inline constexpr Text card_people{"%d чел. с номерами", "%d people with numbers"};
inline constexpr Text card_change{"Сменить карточку", "Change card"};
inline constexpr Text card_search_hint{"Найти сделку или лид по названию", "Find a deal or lead by title"};
inline constexpr Text card_search{"Найти", "Find"};
inline constexpr Text card_search_none{"Ничего не нашлось. Попробуйте часть названия.", "Nothing found. Try part of the title."};
inline constexpr Text card_choose_hint{"Выберите карточку, чтобы сравнить её контакты с группой и добавить недостающих.",
                                       "Choose a card to compare its contacts with a group and add the missing ones."};
inline constexpr Text kind_deal{"Сделка", "Deal"};
inline constexpr Text kind_lead{"Лид", "Lead"};
inline constexpr Text kind_contact{"Контакт", "Contact"};
inline constexpr Text card_vs_group{"Карточка «%s»: в группе %d из %d", "Card “%s”: %d of %d in the group"};
inline constexpr Text card_state_in_group{"в группе", "in the group"};
inline constexpr Text card_state_missing{"нет в группе", "not in the group"};
inline constexpr Text card_state_no_phone{"нет телефона в CRM", "no phone in the CRM"};
inline constexpr Text card_state_invalid_phone{"номер с ошибкой: исправьте в CRM", "a malformed number: fix it in the CRM"};
inline constexpr Text card_state_not_on_whatsapp{"нет WhatsApp", "not on WhatsApp"};
inline constexpr Text card_checked_on{"проверено %s", "checked %s"};
inline constexpr Text card_not_on_whatsapp_hint{
    "Нет WhatsApp: %d. Таких людей в группу не добавить. Попросите их написать вам в WhatsApp или проверьте номер в CRM.",
    "Not on WhatsApp: %d. They cannot be added to a group. Ask them to message you on WhatsApp, or check the number in the CRM."};
inline constexpr Text card_add_missing{"Добавить недостающих (%d)", "Add the missing ones (%d)"};
inline constexpr Text card_nobody_missing{"Все люди из карточки с номерами уже в группе.",
                                          "Everyone on the card with a number is already in the group."};
inline constexpr Text card_nobody_addable{"Остальных из карточки добавить нельзя: у них нет WhatsApp.",
                                          "The others on the card cannot be added: they are not on WhatsApp."};
inline constexpr Text card_others{"Ещё в группе не из карточки: %d", "Also in the group, not on the card: %d"};
inline constexpr Text card_unmatched{"Скрыли номер (нельзя сравнить): %d", "Hid their number (cannot be compared): %d"};
inline constexpr Text card_crm_session_ended{"Сессия из карточки CRM закончилась. Закройте карточку и откройте её снова.",
                                             "The session from the CRM card has ended. Close the card and open it again."};

// The «Роботы» screen (administrators) and the sandbox's demo pipeline.
inline constexpr Text robots_open{"Роботы", "Robots"};
inline constexpr Text robots_title{"Роботы CRM", "CRM robots"};
inline constexpr Text robots_intro{"Что сделали роботы CRM: когда сделка или лид переходит на этап, робот меняет участников группы.",
                                   "What the CRM's robots did: when a deal or lead enters a stage, a robot changes a group's members."};
inline constexpr Text robots_empty{"Роботы пока ничего не делали.", "The robots have done nothing yet."};
inline constexpr Text robots_how_bitrix24{
    "Bitrix24: в сделках или лидах откройте «Роботы» и поставьте на этап робота «Управление группой» (приложение GroupDesk).",
    "Bitrix24: in deals or leads open «Automation rules» and put the GroupDesk robot «Group management» on a stage."};
inline constexpr Text robots_how_amocrm{
    "amoCRM: в «Цифровой воронке» сделок добавьте на этап действие виджета GroupDesk.",
    "amoCRM: in the deals' Digital Pipeline add the GroupDesk widget's action to a stage."};
inline constexpr Text robots_how_sandbox{"В песочнице: откройте «Воронку» и переведите сделку на этап с роботом.",
                                         "In the sandbox: open «Pipeline» and move a deal to a stage with a robot."};
inline constexpr Text robot_crm_bitrix24{"Bitrix24", "Bitrix24"};
inline constexpr Text robot_crm_amocrm{"amoCRM", "amoCRM"};
inline constexpr Text robot_crm_sandbox{"Демо-воронка", "Demo pipeline"};
inline constexpr Text robot_entity_titled{"%s «%s»", "%s “%s”"};
inline constexpr Text robot_entity_numbered{"%s № %s", "%s #%s"};
inline constexpr Text robot_open_in_crm{"Открыть в CRM", "Open in the CRM"};
inline constexpr Text robot_open_in_crm_tip{"Карточка откроется в новой вкладке: %s", "The card opens in a new tab: %s"};
inline constexpr Text robot_people_from_entity{"Кому: контакты сделки или лида", "Whom: the deal's or lead's contacts"};
inline constexpr Text robot_people_written{"Кому: номера из настроек робота", "Whom: the numbers set in the robot"};
inline constexpr Text robot_invite_on_failure{"Если добавить не удалось, человеку отправляется пригласительная ссылка.",
                                              "Whoever cannot be added is sent the invite link."};
inline constexpr Text robot_people_results{"Результат по людям (%d)", "Result per person (%d)"};
inline constexpr Text robot_nobody{"Менять некого: у сделки нет контактов с телефоном.",
                                   "Nobody to change: the deal has no contact with a phone."};
inline constexpr Text robot_report_none{"В CRM результат не передаётся: у этого робота нет обратного канала.",
                                        "The result is not sent to the CRM: this robot has no way back."};
inline constexpr Text robot_report_due{"Результат будет передан в CRM, когда запуск закончится.",
                                       "The result goes to the CRM once the run ends."};
inline constexpr Text robot_report_sending{"Передаём результат в CRM…", "Sending the result to the CRM…"};
inline constexpr Text robot_report_done{"Результат передан в CRM.", "The CRM has the result."};
inline constexpr Text robot_report_failed{
    "Результат не удалось передать в CRM. Проверьте, что приложение GroupDesk установлено в CRM; результаты по людям выше.",
    "The result could not be sent to the CRM. Check that the GroupDesk app is installed in the CRM; the results per person are above."};
inline constexpr Text robot_highlighted{"Запущен из демо-воронки только что", "Just started from the demo pipeline"};
inline constexpr Text pipeline_open{"Воронка", "Pipeline"};
inline constexpr Text pipeline_title{"Демо-воронка песочницы", "The sandbox's demo pipeline"};
inline constexpr Text pipeline_intro{
    "Переведите сделку на этап с роботом: робот изменит участников группы так же, как робот Bitrix24 или amoCRM.",
    "Move a deal to a stage with a robot: the robot changes the group's members just as a Bitrix24 or amoCRM robot does."};
inline constexpr Text pipeline_stage_deals{"Этап «%s»: сделок %d", "Stage “%s”: %d deals"};
inline constexpr Text pipeline_robot{"Робот: когда сделка приходит на этап — %s «%s»", "Robot: when a deal enters the stage — %s “%s”"};
inline constexpr Text pipeline_robot_invite{"(если добавить нельзя — ссылка-приглашение)", "(invite link when an add fails)"};
inline constexpr Text pipeline_no_robot{"Робота на этапе нет.", "No robot on this stage."};
inline constexpr Text pipeline_no_deals{"Сделок на этапе нет.", "No deals at this stage."};
inline constexpr Text pipeline_move_to{"Перевести на этап", "Move to stage"};
inline constexpr Text pipeline_moving{"Переводим сделку…", "Moving the deal…"};
inline constexpr Text pipeline_moved_no_robot{"Сделка «%s» на этапе «%s». На этом этапе робота нет.",
                                              "Deal “%s” is at “%s”. This stage has no robot."};
inline constexpr Text pipeline_moved_runs{"Сделка «%s» на этапе «%s». Роботы запущены: %d.",
                                          "Deal “%s” is at “%s”. Robots started: %d."};
inline constexpr Text pipeline_show_in_robots{"Открыть в «Роботах»", "Show in Robots"};

} // namespace gd::ui_text
