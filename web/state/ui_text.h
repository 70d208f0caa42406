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
// A narrow panel's top bar: the screens, language, refresh and sign-out in one popup.
inline constexpr Text menu{"Меню", "Menu"};
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
inline constexpr Text copy_phone{"Копировать номер", "Copy the number"};
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
inline constexpr Text privacy_retry_action{"Снова предложен к добавлению", "Offered for adding again"};
// The CRM users' rows of the log (the users screen's doings): in «Группа» the user's name, in
// «Телефон» their e-mail.
inline constexpr Text crm_user_added_action{"Добавить пользователя CRM", "Add a CRM user"};
inline constexpr Text crm_seats_entered_action{"Лицензии введены", "Licences entered"};
inline constexpr Text crm_handover_started_action{"Передача дел", "Records handed over"};
inline constexpr Text crm_user_deactivated_action{"Пользователь деактивирован", "User deactivated"};
inline constexpr Text crm_deactivation_by_hand_action{"Деактивировать вручную", "Deactivate by hand"};
inline constexpr Text audit_started{"Начато.", "Started."};
inline constexpr Text audit_seats{"Оплачено: %d, технических: %d.", "Paid: %d, technical: %d."};
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
inline constexpr Text card_state_privacy_blocked{"не добавить: настройки приватности", "cannot be added: privacy settings"};
inline constexpr Text card_privacy_hint{
    "Не добавить из-за настроек приватности: %d. Отправьте им пригласительную ссылку: по ней они вступят сами. "
    "«Повторить» — если человек изменил настройки.",
    "Cannot be added for their privacy settings: %d. Send them the invite link: they can join through it. "
    "“Retry” if they have changed their settings."};
inline constexpr Text card_nobody_addable_privacy{
    "Остальных из карточки добавить нельзя: их настройки приватности не разрешают. Отправьте им ссылку.",
    "The others on the card cannot be added: their privacy settings do not allow it. Send them the link."};
inline constexpr Text card_nobody_addable_either{
    "Остальных из карточки добавить нельзя: у кого-то нет WhatsApp, кого-то не пускают настройки приватности.",
    "The others on the card cannot be added: some are not on WhatsApp, some refuse by their privacy settings."};
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

// The «Пользователи» screen (CRM administrators): seats, adding, the login handed over, deactivating.
inline constexpr Text users_open{"Пользователи", "Users"};
inline constexpr Text users_title{"Пользователи CRM", "CRM users"};
inline constexpr Text users_seats_used{"Лицензии: занято %d из %d", "Licences: %d of %d taken"};
inline constexpr Text users_seats_used_unknown{"Лицензии: занято %d, всего — неизвестно", "Licences: %d taken, total unknown"};
inline constexpr Text users_seats_free{"Свободно: %d", "Free: %d"};
inline constexpr Text users_seats_from_crm{"Число лицензий сообщила CRM.", "The CRM reported the licence count."};
inline constexpr Text users_seats_entered{"Число лицензий вписано администратором из раздела «Счёт и оплата» CRM.",
                                          "The licence count was entered by an administrator from the CRM's billing page."};
inline constexpr Text users_seats_learned{
    "Число лицензий узнано из отказа CRM: при стольких активных пользователях она не дала добавить ещё одного.",
    "The licence count was learned from the CRM's refusal: at this many active users it would not add another."};
inline constexpr Text users_seats_unknown_hint{
    "Впишите число лицензий, чтобы видеть свободные места: в CRM откройте Настройки › «Счёт и оплата» и сложите "
    "оплаченных и технических пользователей. Пока число неизвестно, добавлять можно: CRM сама откажет, если мест нет.",
    "Enter the licence count to see free seats: in the CRM open Settings › Billing and add up paid and technical "
    "users. Until it is known you may add users: the CRM refuses when no seat is free."};
inline constexpr Text users_seats_enter{"Указать лицензии", "Enter licences"};
inline constexpr Text users_seats_change{"Изменить число лицензий", "Change the licence count"};
inline constexpr Text users_seats_paid{"Оплаченные пользователи", "Paid users"};
inline constexpr Text users_seats_technical{"Технические пользователи", "Technical users"};
inline constexpr Text users_seats_form_hint{"Оба числа — в CRM: Настройки › «Счёт и оплата».",
                                            "Both numbers are in the CRM: Settings › Billing."};
inline constexpr Text users_seats_need_one{"Нужна хотя бы одна лицензия.", "At least one licence is needed."};
inline constexpr Text save{"Сохранить", "Save"};
inline constexpr Text users_add{"Добавить пользователя", "Add a user"};
inline constexpr Text users_deactivate_someone{"Деактивировать пользователя", "Deactivate a user"};
inline constexpr Text users_buy_licence{"Купить лицензию", "Buy a licence"};
inline constexpr Text users_deactivate_hint{
    "Нажмите «Деактивировать» у пользователя, который больше не работает: его дела перейдут коллеге, а место освободится.",
    "Press «Deactivate» by a user who no longer works here: their records go to a colleague and the seat is freed."};
inline constexpr Text users_buy_amocrm{"Лицензию покупают в amoCRM: Настройки › «Счёт и оплата». Затем впишите здесь новое число лицензий.",
                                       "Licences are bought in amoCRM: Settings › Billing. Then enter the new count here."};
inline constexpr Text users_buy_bitrix24{"Пользователей добавляет тариф Битрикс24: откройте «Тарифы» в Битрикс24 и выберите тариф с большим числом пользователей.",
                                         "Bitrix24's plan sets the user limit: open «Plans» in Bitrix24 and choose one with more users."};
inline constexpr Text users_buy_other{"Лицензии покупают в CRM, в разделе оплаты. Затем впишите здесь новое число лицензий.",
                                      "Licences are bought in the CRM's billing section. Then enter the new count here."};
inline constexpr Text users_search_hint{"Поиск по имени или почте", "Search by name or e-mail"};
inline constexpr Text users_filter_active{"Активные", "Active"};
inline constexpr Text users_filter_inactive{"Неактивные", "Inactive"};
inline constexpr Text users_filter_all{"Все", "All"};
inline constexpr Text users_none_match{"Никто не подходит под поиск.", "Nobody matches."};
inline constexpr Text users_mark_active{"активен", "active"};
inline constexpr Text users_mark_inactive{"деактивирован", "deactivated"};
inline constexpr Text users_mark_admin{"администратор", "administrator"};
inline constexpr Text users_mark_free{"бесплатный (без лицензии)", "free (no licence)"};
inline constexpr Text users_mark_integration{"GroupDesk работает от его имени", "GroupDesk runs as this user"};
inline constexpr Text users_group{"Группа: %s", "Group: %s"};
inline constexpr Text users_department{"Отдел: %s", "Department: %s"};
inline constexpr Text users_role{"Роль: %s", "Role: %s"};
inline constexpr Text users_deactivate{"Деактивировать", "Deactivate"};
inline constexpr Text users_already_inactive{"Уже деактивирован.", "Already deactivated."};
inline constexpr Text users_handover_running{"Идёт передача дел.", "A handover is running."};

inline constexpr Text users_new_title{"Новый пользователь", "New user"};
inline constexpr Text users_name_label{"Имя Фамилия", "First Last"};
inline constexpr Text users_name_hint{"Два слова, без отчества: Глеб Кочергин", "Two words, no patronymic: Gleb Kochergin"};
inline constexpr Text users_email_label{"Почта (это логин)", "E-mail (the login)"};
inline constexpr Text users_password_label{"Пароль", "Password"};
inline constexpr Text users_generate{"Сгенерировать", "Generate"};
inline constexpr Text users_no_random{"Браузер не дал случайных чисел: придумайте пароль сами (цифра, строчная и заглавная буквы).",
                                      "The browser gave no random numbers: make up a password (a digit, a lower- and an upper-case letter)."};
inline constexpr Text users_invitation_bitrix24{"Битрикс24 сам отправит приглашение на эту почту: пароль задавать не нужно.",
                                                "Bitrix24 sends its own invitation to this e-mail: no password to set."};
inline constexpr Text users_invitation_other{"CRM сама отправит приглашение на эту почту: пароль задавать не нужно.",
                                             "The CRM sends its own invitation to this e-mail: no password to set."};
inline constexpr Text users_group_label{"Группа", "Group"};
inline constexpr Text users_department_label{"Отдел", "Department"};
inline constexpr Text users_role_label{"Роль (права)", "Role (rights)"};
inline constexpr Text users_not_chosen{"не выбрана", "not chosen"};
inline constexpr Text users_no_role{"без роли: права как у группы", "no role: the group's rights"};
inline constexpr Text users_existing_account{"Добавить существующий аккаунт", "Add the existing account"};
inline constexpr Text users_existing_note{
    "Добавляем существующий аккаунт %s: имя и пароль останутся его собственными, группу и права выберите здесь.",
    "Adding the existing account %s: its name and password stay its own; choose the group and rights here."};
inline constexpr Text users_send{"Добавить", "Add"};
inline constexpr Text users_added{"Пользователь добавлен: %s", "User added: %s"};
inline constexpr Text users_added_existing{"Аккаунт %s добавлен в CRM.", "The account %s was added to the CRM."};
inline constexpr Text users_login_line{"Логин: %s", "Login: %s"};
inline constexpr Text users_password_line{"Пароль: %s", "Password: %s"};
inline constexpr Text users_copy_login{"Копировать логин", "Copy the login"};
inline constexpr Text users_copy_password{"Копировать пароль", "Copy the password"};
inline constexpr Text users_copy_message{"Копировать сообщение", "Copy the message"};
inline constexpr Text users_message_title{"Готовое сообщение для нового сотрудника:", "A message ready for the newcomer:"};
inline constexpr Text users_message_password{"Здравствуйте! Ваш вход в CRM: %s, пароль: %s. Смените пароль после первого входа.",
                                             "Hello! Your CRM login: %s, password: %s. Change the password after you first sign in."};
inline constexpr Text users_message_invitation{"Здравствуйте! Вам на почту %s пришло приглашение в CRM: откройте его и задайте пароль.",
                                               "Hello! An invitation to the CRM was sent to %s: open it and set your password."};
inline constexpr Text users_message_own_password{"Здравствуйте! Ваш аккаунт %s добавлен в нашу CRM: входите с прежним паролем.",
                                                 "Hello! Your account %s was added to our CRM: sign in with your usual password."};
inline constexpr Text users_password_once{
    "Пароль показан один раз: GroupDesk его не хранит. Передайте его и закройте панель.",
    "The password is shown once: GroupDesk does not keep it. Hand it over, then close this panel."};
inline constexpr Text close_panel{"Закрыть", "Close"};

inline constexpr Text users_deactivate_title{"Деактивировать: %s", "Deactivate: %s"};
inline constexpr Text users_receiver_label{"Кому передать дела", "Who receives the records"};
inline constexpr Text users_receiver_none{"Выберите коллегу", "Choose a colleague"};
inline constexpr Text users_no_receiver{"Нет другого активного пользователя, которому можно передать дела.",
                                        "There is no other active user to receive the records."};
inline constexpr Text users_will_move{"Перейдёт коллеге:", "Will move to the colleague:"};
inline constexpr Text users_kind_count{"%s: %d", "%s: %d"};
inline constexpr Text users_nothing_to_move{"Передавать нечего: записей на этом пользователе нет.",
                                            "Nothing to move: this user is responsible for no records."};
inline constexpr Text users_hand_over{"Передать дела и деактивировать", "Hand over and deactivate"};
inline constexpr Text users_confirm{"Записей к передаче: %d (%s › %s). Затем деактивировать пользователя %s?",
                                    "Move %d records from %s to %s, then deactivate %s?"};
inline constexpr Text users_confirm_yes{"Да, передать", "Yes, hand over"};
inline constexpr Text users_kind_leads{"Лиды", "Leads"};
inline constexpr Text users_kind_amocrm_leads{"Сделки", "Leads"};
inline constexpr Text users_kind_deals{"Сделки", "Deals"};
inline constexpr Text users_kind_contacts{"Контакты", "Contacts"};
inline constexpr Text users_kind_companies{"Компании", "Companies"};
inline constexpr Text users_kind_tasks{"Задачи", "Tasks"};

inline constexpr Text users_handovers_title{"Передача дел", "Handovers"};
inline constexpr Text users_handover_who{"Передача дел: %s › %s", "Handover: %s › %s"};
inline constexpr Text users_phase_counting{"Считаем записи…", "Counting records…"};
inline constexpr Text users_phase_moving{"Передаём записи…", "Moving records…"};
inline constexpr Text users_phase_deactivating{"Записи переданы, деактивируем…", "Records moved, deactivating…"};
inline constexpr Text users_kind_progress{"%s: %d из %d", "%s: %d of %d"};
inline constexpr Text users_total_progress{"Всего: %d из %d", "In all: %d of %d"};
inline constexpr Text users_next_batch{"Следующая порция через %.0f с: CRM принимает запросы не чаще своего лимита.",
                                       "Next batch in %.0f s: the CRM takes requests no faster than its limit."};
inline constexpr Text users_deactivated{"Пользователь %s деактивирован; все дела переданы: %s.",
                                        "%s is deactivated; every record went to %s."};
inline constexpr Text users_by_hand{"Дела переданы. Деактивировать через API нельзя — сделайте это в CRM вручную:",
                                    "The records moved. Deactivation through the API is not possible — do it in the CRM by hand:"};
inline constexpr Text users_refused{"CRM не передала записей: %d. Передайте их вручную в CRM:",
                                    "The CRM refused to move %d records. Move them by hand in the CRM:"};
inline constexpr Text users_refused_ids{"%s: № %s", "%s: #%s"};
inline constexpr Text users_handover_cancelled{"Передача отменена.", "The handover was cancelled."};
inline constexpr Text users_handover_stopped{"Передача остановлена:", "The handover stopped:"};

// amoCRM's right-hand card panel (compact_card_view.cpp).
inline constexpr Text compact_group_label{"Группа WhatsApp", "WhatsApp group"};
inline constexpr Text compact_choose_group{"Выберите группу", "Choose a group"};
inline constexpr Text compact_choose_hint{"Выберите группу, чтобы сравнить с ней людей карточки. GroupDesk запомнит выбор.",
                                          "Choose a group to compare the card's people with. GroupDesk remembers the choice."};
inline constexpr Text compact_in_group{"В группе %d из %d", "%d of %d in the group"};
inline constexpr Text compact_job_running{"Добавляем: %d из %d", "Adding: %d of %d"};
inline constexpr Text compact_job_added{"Последнее добавление: %d из %d в группе", "Last add: %d of %d in the group"};
inline constexpr Text compact_job_invited{"Ссылка-приглашение отправлена: %d", "Invite link sent: %d"};
inline constexpr Text compact_job_not_added{"Не добавлены: %d. Причины — в полном окне.",
                                            "Not added: %d. The reasons are in the full view."};
inline constexpr Text compact_open_full{"Открыть полностью", "Open in full"};

} // namespace gd::ui_text
