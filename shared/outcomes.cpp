#include "shared/outcomes.h"

namespace gd {

namespace {

struct OutcomeInfo {
    ChangeOutcome outcome;
    Text text;
    Text next_step;
};

const Text kNoNextStep{"", ""};

const OutcomeInfo kOutcomes[] = {
    {ChangeOutcome::done, {"Готово.", "Done."}, kNoNextStep},
    {ChangeOutcome::already_member, {"Уже в группе.", "Already in the group."}, kNoNextStep},
    {ChangeOutcome::left_recently,
     {"Недавно вышел из группы: WhatsApp пока не даёт добавить его снова.", "Left the group recently: WhatsApp does not let us add them back yet."},
     {"Отправьте пригласительную ссылку.", "Send the invite link."}},
    {ChangeOutcome::privacy_blocked,
     {"Настройки приватности не разрешают добавлять его в группы.", "Their privacy settings do not allow adding them to groups."},
     {"Отправьте пригласительную ссылку: по ней он вступит сам.", "Send the invite link: they can join through it."}},
    {ChangeOutcome::group_full, {"В группе нет мест.", "The group is full."},
     {"Удалите неактивных участников или создайте ещё одну группу.", "Remove inactive members or create another group."}},
    {ChangeOutcome::not_on_whatsapp,
     {"У номера нет WhatsApp. Не добавляем: такие попытки приводят к блокировке нашего номера.",
      "This number has no WhatsApp. Not added: such attempts get our number banned."},
     {"Проверьте номер у клиента.", "Check the number with the client."}},
    {ChangeOutcome::not_a_member, {"Не состоит в группе.", "Not in the group."}, kNoNextStep},
    {ChangeOutcome::not_admin,
     {"Наш номер не администратор этой группы.", "Our number is not an admin of this group."},
     {"Попросите владельца группы назначить номер администратором.", "Ask the group's owner to make our number an admin."}},
    {ChangeOutcome::rate_limited,
     {"WhatsApp просит подождать.", "WhatsApp asks us to wait."},
     {"Повторите позже: GroupDesk сам сбавит темп.", "Retry later: GroupDesk slows down by itself."}},
    {ChangeOutcome::unknown,
     {"WhatsApp отказал и не сообщил причину.", "WhatsApp refused and gave no reason."},
     {"Сохраните номер в контактах телефона («Добавить номер») и повторите, или отправьте пригласительную ссылку.",
      "Save the number in the phone's contacts (\"Save number\") and retry, or send the invite link."}},
    {ChangeOutcome::pending, {"Ждёт очереди.", "Waiting for its turn."}, kNoNextStep},
    {ChangeOutcome::invalid_phone,
     {"Это не номер телефона.", "This is not a phone number."},
     {"Исправьте номер: целиком, с кодом страны, например +7 916 123-45-67.", "Fix the number: whole, with the country code, e.g. +7 916 123-45-67."}},
    {ChangeOutcome::writes_stopped,
     {"Не выполнено: изменения остановлены, номер WhatsApp заблокирован или отключён.",
      "Not done: changes are stopped, the WhatsApp number is banned or disconnected."},
     {"Проверьте подключение номера у администратора.", "Ask the administrator to check the number's connection."}},
    {ChangeOutcome::cancelled, {"Отменено.", "Cancelled."}, kNoNextStep},
    {ChangeOutcome::invite_sent,
     {"Добавить не удалось, пригласительная ссылка отправлена ему в WhatsApp.",
      "Could not be added; the invite link was sent to them on WhatsApp."},
     {"Он вступит по ссылке сам. Если нет: сохраните номер в контактах телефона («Добавить номер») и повторите.",
      "They can join through the link. If not: save the number in the phone's contacts (\"Save number\") and retry."}},
};

const OutcomeInfo& info(ChangeOutcome outcome) {
    static_assert(sizeof(kOutcomes) / sizeof(kOutcomes[0]) == (size_t)ChangeOutcome::invite_sent + 1, "one row per outcome");
    for (const OutcomeInfo& o : kOutcomes)
        if (o.outcome == outcome) return o;
    return info(ChangeOutcome::unknown);
}

} // namespace

const Text& outcome_text(ChangeOutcome outcome, ParticipantAction action) {
    if (outcome == ChangeOutcome::done) {
        static const Text added{"Добавлен в группу.", "Added to the group."};
        static const Text removed{"Удалён из группы.", "Removed from the group."};
        static const Text promoted{"Назначен администратором.", "Made an admin."};
        static const Text demoted{"Больше не администратор.", "No longer an admin."};
        switch (action) {
        case ParticipantAction::add: return added;
        case ParticipantAction::remove: return removed;
        case ParticipantAction::promote: return promoted;
        case ParticipantAction::demote: return demoted;
        }
    }
    return info(outcome).text;
}

const Text& outcome_next_step(ChangeOutcome outcome) { return info(outcome).next_step; }

bool invite_link_helps(ChangeOutcome outcome) {
    return outcome == ChangeOutcome::privacy_blocked || outcome == ChangeOutcome::left_recently ||
           outcome == ChangeOutcome::unknown;
}

const Text& unknown_add_failure_reasons() {
    static const Text reasons{
        "Возможные причины: пользователь запретил добавлять себя в группы; WhatsApp запретил этому пользователю "
        "вступать в группы; настройки группы не позволяют вступить; пользователь уже состоял в группе и был удалён.",
        "Possible reasons: the user does not allow being added to groups; WhatsApp does not let this user join "
        "groups; the group's settings do not allow joining; the user was in the group before and was removed."};
    return reasons;
}

const Text& action_text(ParticipantAction action) {
    static const Text add{"Добавить в группу", "Add to the group"};
    static const Text remove{"Удалить из группы", "Remove from the group"};
    static const Text promote{"Назначить администратором", "Make admin"};
    static const Text demote{"Снять права администратора", "Take admin away"};
    switch (action) {
    case ParticipantAction::add: return add;
    case ParticipantAction::remove: return remove;
    case ParticipantAction::promote: return promote;
    case ParticipantAction::demote: break;
    }
    return demote;
}

ErrorCode connection_problem(ConnectionStatus status) {
    switch (status) {
    case ConnectionStatus::banned: return ErrorCode::number_banned;
    case ConnectionStatus::warned: return ErrorCode::number_warned;
    case ConnectionStatus::logged_out:
    case ConnectionStatus::starting: return ErrorCode::number_logged_out;
    case ConnectionStatus::connected: break;
    }
    return ErrorCode::unknown;
}

} // namespace gd
