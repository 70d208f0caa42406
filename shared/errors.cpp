#include "shared/errors.h"

#include <nlohmann/json.hpp>

namespace gd {

namespace {

struct ErrorInfo {
    ErrorCode code;
    const char* name;
    int status;
    Text message;
    Text next_step;
};

// One row per code: its wire name, HTTP status, message and next step in both languages.
const ErrorInfo kErrors[] = {
    {ErrorCode::bad_request, "bad_request", 400,
     {"Некорректный запрос.", "The request is not valid."},
     {"Обновите страницу и повторите действие.", "Reload the page and try again."}},
    {ErrorCode::invalid_json, "invalid_json", 400,
     {"Тело запроса не является корректным JSON.", "The request body is not valid JSON."},
     {"Обновите страницу и повторите действие.", "Reload the page and try again."}},
    {ErrorCode::payload_too_large, "payload_too_large", 413,
     {"Запрос слишком большой.", "The request is too large."},
     {"Разбейте данные на части поменьше.", "Split the data into smaller parts."}},
    {ErrorCode::uri_too_long, "uri_too_long", 414,
     {"Адрес запроса слишком длинный.", "The request address is too long."},
     {"Обновите виджет: возможно, он устарел.", "Reload the widget: it may be out of date."}},
    {ErrorCode::headers_too_large, "headers_too_large", 431,
     {"В запросе слишком много заголовков.", "The request has too many headers."},
     {"Очистите cookie этого сайта и обновите страницу.", "Clear this site's cookies and reload the page."}},
    {ErrorCode::unsupported_encoding, "unsupported_encoding", 415,
     {"Сжатые запросы не принимаются.", "Compressed requests are not accepted."},
     {"Отправьте тело запроса без сжатия (без Content-Encoding).", "Send the request body uncompressed (no Content-Encoding)."}},
    {ErrorCode::request_timeout, "request_timeout", 408,
     {"Запрос шёл слишком долго и не был принят.", "The request took too long to arrive and was dropped."},
     {"Проверьте соединение и повторите.", "Check your connection and try again."}},
    {ErrorCode::unknown_host, "unknown_host", 421,
     {"Этот адрес не принадлежит серверу GroupDesk.", "This address does not belong to the GroupDesk server."},
     {"Откройте GroupDesk по его адресу. Администратору: укажите этот адрес в GROUPDESK_PUBLIC_URL.",
      "Open GroupDesk at its own address. Administrator: set this address as GROUPDESK_PUBLIC_URL."}},
    {ErrorCode::not_implemented, "not_implemented", 501,
     {"Сервер не поддерживает такую передачу запроса.", "The server does not support this way of sending a request."},
     {"Отправьте тело запроса с Content-Length или chunked.", "Send the request body with Content-Length or chunked."}},
    {ErrorCode::not_found, "not_found", 404,
     {"Такого адреса в API нет.", "There is no such API address."},
     {"Обновите виджет: возможно, он устарел.", "Reload the widget: it may be out of date."}},
    {ErrorCode::method_not_allowed, "method_not_allowed", 405,
     {"Этот метод здесь не поддерживается.", "This method is not supported here."},
     {"Обновите виджет: возможно, он устарел.", "Reload the widget: it may be out of date."}},
    {ErrorCode::invalid_group_id, "invalid_group_id", 400,
     {"Неверный идентификатор группы WhatsApp.", "The WhatsApp group id is not valid."},
     {"Выберите группу из списка.", "Pick a group from the list."}},
    {ErrorCode::invalid_phone, "invalid_phone", 400,
     {"Это не номер телефона.", "This is not a phone number."},
     {"Проверьте цифры: номер целиком, с кодом страны или с 8 для России, например +7 916 123-45-67.",
      "Check the digits: the whole number with its country code, e.g. +7 916 123-45-67."}},
    {ErrorCode::invalid_action, "invalid_action", 400,
     {"Неизвестное действие.", "Unknown action."},
     {"Выберите действие из списка.", "Pick an action from the list."}},
    {ErrorCode::no_people, "no_people", 400,
     {"Не выбран ни один человек.", "Nobody was chosen."},
     {"Отметьте участников или впишите номера.", "Tick members or type numbers."}},
    {ErrorCode::too_many_people, "too_many_people", 413,
     {"Слишком много людей в одном задании.", "Too many people in one job."},
     {"Разбейте список на части до 1000 номеров.", "Split the list into parts of up to 1000 numbers."}},
    {ErrorCode::card_not_found, "card_not_found", 404,
     {"В CRM нет такой сделки, лида или контакта.", "The CRM has no such deal, lead or contact."},
     {"Возможно, карточку удалили или у вас нет к ней доступа. Найдите её поиском.",
      "It may have been deleted, or you have no access to it. Find it with the search."}},
    {ErrorCode::invalid_card, "invalid_card", 400,
     {"Неверная ссылка на карточку CRM.", "The CRM card reference is not valid."},
     {"Откройте виджет из карточки сделки, лида или контакта или найдите карточку поиском.",
      "Open the widget from a deal, lead or contact card, or find the card with the search."}},
    {ErrorCode::job_not_found, "job_not_found", 404,
     {"Задание не найдено.", "Job not found."},
     {"Обновите виджет.", "Reload the widget."}},
    {ErrorCode::invalid_idempotency_key, "invalid_idempotency_key", 400,
     {"Неверный заголовок Idempotency-Key.", "The Idempotency-Key header is not valid."},
     {"Передайте от 1 до 128 печатных символов ASCII, например UUID.",
      "Send 1 to 128 printable ASCII characters, a UUID for example."}},
    {ErrorCode::idempotency_key_reused, "idempotency_key_reused", 409,
     {"Этот Idempotency-Key уже использован для другого запроса.", "This Idempotency-Key was already used for another request."},
     {"Для нового запроса возьмите новый ключ.", "Use a new key for a new request."}},
    {ErrorCode::not_group_admin, "not_group_admin", 409,
     {"Наш номер не администратор этой группы.", "Our number is not an admin of this group."},
     {"Попросите владельца группы назначить номер администратором.", "Ask the group's owner to make our number an admin."}},
    {ErrorCode::daily_limit_reached, "daily_limit_reached", 429,
     {"Дневной лимит исчерпан: больше сегодня нельзя, чтобы номер не заблокировали.",
      "The daily limit is reached: no more today, so the number is not banned."},
     {"Продолжите завтра или отправьте пригласительную ссылку.", "Continue tomorrow or send the invite link."}},
    {ErrorCode::not_supported, "not_supported", 501,
     {"Подключённый шлюз WhatsApp этого не умеет.", "The connected WhatsApp gateway cannot do this."},
     {"Сделайте это в телефоне: например, сохраните номер в контактах вручную.",
      "Do it on the phone: for example, save the number in its contacts by hand."}},
    {ErrorCode::not_signed_in, "not_signed_in", 401,
     {"Нужно войти.", "Please sign in."},
     {"Войдите с логином и паролем от GroupDesk или откройте виджет из карточки CRM.",
      "Sign in with your GroupDesk login and password, or open the widget from a CRM card."}},
    {ErrorCode::session_expired, "session_expired", 401,
     {"Сеанс истёк.", "The session has expired."},
     {"Войдите снова или заново откройте карточку в CRM.", "Sign in again or reopen the card in the CRM."}},
    {ErrorCode::wrong_login, "wrong_login", 401,
     {"Неверный логин или пароль.", "Wrong login or password."},
     {"Проверьте раскладку и Caps Lock; забытый пароль сбросит администратор GroupDesk.",
      "Check the keyboard layout and Caps Lock; your GroupDesk administrator can reset a forgotten password."}},
    {ErrorCode::too_many_attempts, "too_many_attempts", 429,
     {"Слишком много попыток входа.", "Too many sign-in attempts."},
     {"Подождите несколько минут и попробуйте снова.", "Wait a few minutes and try again."}},
    {ErrorCode::forbidden, "forbidden", 403,
     {"Это может сделать только администратор: администратор CRM или вход GroupDesk с правами администратора.",
      "Only an administrator can do this: a CRM administrator, or a GroupDesk login with administrator rights."},
     {"Попросите администратора CRM или GroupDesk.", "Ask your CRM or GroupDesk administrator."}},
    {ErrorCode::number_banned, "number_banned", 423,
     {"Номер WhatsApp заблокирован: все изменения остановлены.", "The WhatsApp number is banned: all changes are stopped."},
     {"Администратору: обратитесь в поддержку WhatsApp или подключите другой номер.",
      "Administrator: contact WhatsApp support or connect another number."}},
    {ErrorCode::number_warned, "number_warned", 423,
     {"WhatsApp предупредил номер о спаме: изменения остановлены, чтобы его не заблокировали.",
      "WhatsApp warned the number about spam: changes are stopped so it is not banned."},
     {"Подождите сутки и снизьте активность; администратору: перезапустите подключение.",
      "Wait a day and reduce activity; administrator: restart the connection."}},
    {ErrorCode::number_logged_out, "number_logged_out", 503,
     {"Номер WhatsApp не подключён к шлюзу.", "The WhatsApp number is not connected to the gateway."},
     {"Администратору: отсканируйте QR-код в шлюзе заново.", "Administrator: scan the QR code in the gateway again."}},
    {ErrorCode::group_not_found, "group_not_found", 404,
     {"Группа не найдена: возможно, номер из неё вышел.", "Group not found: the number may have left it."},
     {"Обновите список групп.", "Refresh the list of groups."}},
    {ErrorCode::gateway_unavailable, "gateway_unavailable", 502,
     {"Шлюз WhatsApp не отвечает.", "The WhatsApp gateway does not answer."},
     {"Повторите через минуту. Если не пройдёт, проверьте подключение номера у администратора.",
      "Retry in a minute. If it persists, ask the administrator to check the number's connection."}},
    {ErrorCode::upstream_rate_limited, "upstream_rate_limited", 429,
     {"Шлюз WhatsApp или CRM просит подождать: слишком много запросов.",
      "The WhatsApp gateway or the CRM asks us to slow down: too many requests."},
     {"Повторите через минуту: GroupDesk сам сбавит темп.", "Retry in a minute: GroupDesk slows down by itself."}},
    {ErrorCode::quota_exceeded, "quota_exceeded", 429,
     {"Исчерпана квота тарифа шлюза WhatsApp.", "The WhatsApp gateway plan's quota is used up."},
     {"Администратору: смените тариф шлюза или дождитесь нового месяца.",
      "Administrator: upgrade the gateway plan or wait for the next month."}},
    {ErrorCode::gateway_not_authorized, "gateway_not_authorized", 502,
     {"Шлюз WhatsApp отклонил ключ доступа.", "The WhatsApp gateway refused the access key."},
     {"Администратору: проверьте ключ и идентификатор в настройках прокси.",
      "Administrator: check the key and instance id in the proxy settings."}},
    {ErrorCode::gateway_bad_response, "gateway_bad_response", 502,
     {"Шлюз WhatsApp прислал ответ, который GroupDesk не понимает.", "The WhatsApp gateway sent an answer GroupDesk cannot read."},
     {"Администратору: проверьте адрес шлюза в настройках прокси и его версию.",
      "Administrator: check the gateway's address in the proxy settings and its version."}},
    {ErrorCode::crm_unavailable, "crm_unavailable", 502,
     {"CRM не отвечает.", "The CRM does not answer."},
     {"Повторите через минуту.", "Retry in a minute."}},
    {ErrorCode::crm_not_connected, "crm_not_connected", 503,
     {"GroupDesk ещё не подключён к этой CRM.", "GroupDesk is not connected to this CRM yet."},
     {"Администратору CRM: установите приложение GroupDesk (или подключите его заново) и откройте его один раз.",
      "CRM administrator: install the GroupDesk app (or connect it again) and open it once."}},
    {ErrorCode::crm_reauthorization_needed, "crm_reauthorization_needed", 503,
     {"CRM отозвала доступ GroupDesk.", "The CRM revoked GroupDesk's access."},
     {"Администратору CRM: переустановите или заново подключите приложение GroupDesk.",
      "CRM administrator: reinstall or reconnect the GroupDesk app."}},
    {ErrorCode::crm_token_rejected, "crm_token_rejected", 401,
     {"CRM не подтвердила, кто открыл виджет.", "The CRM did not confirm who opened the widget."},
     {"Закройте карточку и откройте её снова.", "Close the card and open it again."}},
    {ErrorCode::crm_not_authorized, "crm_not_authorized", 502,
     {"CRM отказала GroupDesk в доступе к этим данным.", "The CRM refused GroupDesk access to this data."},
     {"Администратору CRM: проверьте права приложения GroupDesk и переустановите его.",
      "CRM administrator: check the GroupDesk app's permissions and reinstall it."}},
    {ErrorCode::crm_bad_response, "crm_bad_response", 502,
     {"CRM прислала ответ, который GroupDesk не понимает.", "The CRM sent an answer GroupDesk cannot read."},
     {"Повторите через минуту; если повторится, сообщите администратору.",
      "Retry in a minute; if it happens again, tell the administrator."}},
    {ErrorCode::crm_call_unverified, "crm_call_unverified", 403,
     {"Вызов не подтверждён: он пришёл не от CRM, в которой установлен GroupDesk.",
      "The call is not verified: it did not come from a CRM account GroupDesk is installed in."},
     {"Администратору CRM: переустановите приложение GroupDesk (в amoCRM: откройте настройки действия в воронке и сохраните их снова).",
      "CRM administrator: reinstall the GroupDesk app (in amoCRM: open the pipeline action's settings and save them again)."}},
    {ErrorCode::crm_robot_not_allowed, "crm_robot_not_allowed", 502,
     {"Битрикс24 не разрешил GroupDesk зарегистрировать робота «Управление группой WhatsApp».",
      "Bitrix24 did not let GroupDesk register its robot «WhatsApp group management»."},
     {"Администратору Битрикс24: дайте приложению GroupDesk право «Бизнес-процессы» (bizproc), проверьте, что тариф "
      "позволяет роботов, и откройте приложение снова от имени администратора.",
      "Bitrix24 administrator: give the GroupDesk app the Business processes (bizproc) permission, check that the "
      "plan allows automation rules, and open the app again as an administrator."}},
    {ErrorCode::crm_robot_rejected, "crm_robot_rejected", 502,
     {"Битрикс24 не принял робота GroupDesk.", "Bitrix24 refused GroupDesk's robot."},
     {"Администратору: адрес обработчика приложения в Битрикс24 должен быть на адресе прокси (GROUPDESK_PUBLIC_URL); "
      "исправьте его и откройте приложение снова. Если не помогло, обновите GroupDesk и сообщите текст ниже.",
      "Administrator: the app's handler address in Bitrix24 must be on the proxy's address (GROUPDESK_PUBLIC_URL); "
      "fix it and open the app again. If that does not help, update GroupDesk and report the text below."}},
    {ErrorCode::crm_user_invalid, "crm_user_invalid", 400,
     {"CRM не принимает это значение.", "The CRM does not accept this value."},
     {"Исправьте отмеченное поле и сохраните снова.", "Correct the marked field and save again."}},
    {ErrorCode::crm_user_not_found, "crm_user_not_found", 404,
     {"В CRM нет такого пользователя.", "There is no such user in the CRM."},
     {"Обновите список пользователей и выберите снова.", "Refresh the user list and choose again."}},
    {ErrorCode::crm_email_in_account, "crm_email_in_account", 409,
     {"В этой CRM уже есть пользователь с такой почтой.", "This CRM already has a user with this e-mail."},
     {"Найдите его в списке пользователей; если он деактивирован, включите его в настройках CRM.",
      "Find them in the user list; if they are deactivated, activate them in the CRM's settings."}},
    {ErrorCode::crm_email_has_account, "crm_email_has_account", 409,
     {"С этой почтой уже есть аккаунт в CRM.", "This e-mail already has a CRM account."},
     {"Нажмите «Добавить существующий аккаунт»: имя и пароль останутся его собственными, группу и права можно выбрать.",
      "Press «Add the existing account»: its name and password stay its own; group and rights are yours to choose."}},
    {ErrorCode::crm_no_free_seat, "crm_no_free_seat", 409,
     {"Свободных лицензий нет: все места заняты активными пользователями.",
      "No free licence: every seat is taken by an active user."},
     {"Деактивируйте ненужного пользователя или купите ещё одну лицензию в разделе «Счёт и оплата» CRM.",
      "Deactivate a user who left, or buy another licence in the CRM's billing settings."}},
    {ErrorCode::crm_add_unavailable, "crm_add_unavailable", 409,
     {"CRM не даёт добавлять пользователей через API в этом аккаунте.",
      "The CRM does not allow adding users through its API in this account."},
     {"Добавьте пользователя вручную: Настройки › Пользователи › «Добавить пользователя».",
      "Add the user by hand: Settings › Users › Add user."}},
    {ErrorCode::crm_deactivate_unavailable, "crm_deactivate_unavailable", 409,
     {"CRM не даёт деактивировать пользователей через API (тариф или права).",
      "The CRM does not allow deactivating users through its API (plan or rights)."},
     {"Деактивируйте вручную: Настройки › Пользователи › отметьте пользователя › «Деактивировать».",
      "Deactivate by hand: Settings › Users › tick the user › Deactivate."}},
    {ErrorCode::crm_user_is_admin, "crm_user_is_admin", 409,
     {"CRM не деактивирует администратора.", "The CRM does not deactivate an administrator."},
     {"Снимите с него права администратора в CRM, затем деактивируйте.",
      "Remove their administrator rights in the CRM, then deactivate them."}},
    {ErrorCode::crm_user_is_integration, "crm_user_is_integration", 409,
     {"На этом пользователе работает подключение GroupDesk к CRM: его деактивация отключит GroupDesk.",
      "GroupDesk's connection to the CRM runs as this user: deactivating them would cut GroupDesk off."},
     {"Переустановите GroupDesk от имени другого администратора, затем деактивируйте этого пользователя.",
      "Reinstall GroupDesk as another administrator, then deactivate this user."}},
    {ErrorCode::crm_user_inactive, "crm_user_inactive", 409,
     {"Этот пользователь не активен и не может принять дела.", "This user is not active and cannot receive records."},
     {"Выберите активного коллегу.", "Choose an active colleague."}},
    {ErrorCode::crm_api_blocked, "crm_api_blocked", 503,
     {"CRM заблокировала доступ по API за слишком частые запросы.",
      "The CRM blocked API access for too many requests."},
     {"Администратору: напишите в поддержку CRM (адрес сервера, поддомен, номер аккаунта) и повторите после разблокировки.",
      "Administrator: write to the CRM's support (server address, subdomain, account id) and retry once unblocked."}},
    {ErrorCode::storage_failed, "storage_failed", 500,
     {"Сервер не смог прочитать или сохранить данные.", "The server could not read or save data."},
     {"Повторите позже и сообщите администратору.", "Retry later and tell the administrator."}},
    {ErrorCode::internal, "internal", 500,
     {"Внутренняя ошибка сервера.", "Internal server error."},
     {"Повторите позже и сообщите администратору.", "Retry later and tell the administrator."}},
    {ErrorCode::proxy_unreachable, "proxy_unreachable", 0,
     {"Нет связи с сервером GroupDesk.", "Cannot reach the GroupDesk server."},
     {"Проверьте интернет и нажмите «Повторить». Если не помогло, сервер выключен: сообщите администратору.",
      "Check your connection and press Retry. If that fails, the server is down: tell the administrator."}},
    {ErrorCode::proxy_timeout, "proxy_timeout", 0,
     {"Сервер GroupDesk не ответил вовремя.", "The GroupDesk server did not answer in time."},
     {"Нажмите «Повторить».", "Press Retry."}},
    {ErrorCode::bad_response, "bad_response", 0,
     {"Сервер GroupDesk прислал непонятный ответ.", "The GroupDesk server sent an answer we cannot read."},
     {"Обновите страницу; если повторится, сообщите администратору.", "Reload the page; if it happens again, tell the administrator."}},
    {ErrorCode::unknown, "unknown", 500,
     {"Неизвестная ошибка.", "Unknown error."},
     {"Повторите действие.", "Try again."}},
};

const ErrorInfo& info(ErrorCode code) {
    for (const ErrorInfo& e : kErrors)
        if (e.code == code) return e;
    return kErrors[sizeof(kErrors) / sizeof(kErrors[0]) - 1];
}

} // namespace

const char* error_code_name(ErrorCode code) { return info(code).name; }
int http_status(ErrorCode code) { return info(code).status; }
const Text& error_text(ErrorCode code) { return info(code).message; }
const Text& error_next_step(ErrorCode code) { return info(code).next_step; }

ErrorCode error_code_from_name(std::string_view name) {
    for (const ErrorInfo& e : kErrors)
        if (name == e.name) return e.code;
    return ErrorCode::unknown;
}

nlohmann::json error_to_json(const Error& error, Lang lang) {
    const Text& text = error_text(error.code);
    nlohmann::json body = {
        {"code", error_code_name(error.code)},
        {"message", text.in(lang)},
        {"message_ru", text.ru},
        {"message_en", text.en},
    };
    if (!error.detail.empty()) body["detail"] = error.detail;
    if (!error.field.empty()) body["field"] = error.field;
    return {{"error", body}};
}

Error error_from_json_body(std::string_view body, int status) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("error") && j["error"].is_object()) {
        const nlohmann::json& e = j["error"];
        Error error;
        if (e.contains("code") && e["code"].is_string())
            error.code = error_code_from_name(e["code"].get<std::string>());
        if (e.contains("detail") && e["detail"].is_string())
            error.detail = e["detail"].get<std::string>();
        if (e.contains("field") && e["field"].is_string())
            error.field = e["field"].get<std::string>();
        return error;
    }
    return {ErrorCode::bad_response, "HTTP " + std::to_string(status)};
}

} // namespace gd
