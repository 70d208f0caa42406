#include "proxy/domain/group_invites.h"

#include "proxy/domain/phone_numbers.h"
#include "shared/validation.h"

namespace gd {

Result<Group> GroupInvites::admin_group(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return Error{ErrorCode::invalid_group_id, {}};
    Result<ParticipantList> list = gateway_.participants(group_id);
    if (!list) return list.error();
    // Only an admin can read or reset the link; say so instead of showing an empty one.
    if (!list->group.we_are_admin) return Error{ErrorCode::not_group_admin, {}};
    return list->group;
}

Result<InviteLink> GroupInvites::link(const std::string& group_id) {
    Result<Group> group = admin_group(group_id);
    if (!group) return group.error();
    return gateway_.invite_link(group_id);
}

Result<InviteLink> GroupInvites::revoke(const std::string& group_id, const Actor& actor) {
    Result<Group> group = admin_group(group_id);
    if (!group) return group.error();
    if (!gateway_.capabilities().revoke_invite_link) return Error{ErrorCode::not_supported, "revoke invite link"};
    Result<ConnectionState> ready = number_.ready_for_writes();
    Result<InviteLink> fresh = ready ? gateway_.revoke_invite_link(group_id) : Result<InviteLink>(ready.error());
    audit_.record(actor, {{}, {}, "invite_link_revoked", group_id, group->name, {},
                   fresh ? "done" : error_code_name(fresh.error().code)});
    return fresh;
}

Result<Ack> GroupInvites::send(const std::string& group_id, const std::string& phone_as_written, Lang lang,
                               const Actor& actor) {
    Result<std::string> phone = normalize_phone(phone_as_written, default_region_);
    if (!phone) return phone.error();
    Result<Group> group = admin_group(group_id);
    if (!group) return group.error();
    // Asked before the check too: a number that may not write should not spend a check either.
    Result<ConnectionState> ready = number_.ready_for_writes();
    if (!ready) {
        audit_.record(actor, {{}, {}, "invite_link_sent", group_id, group->name, phone.value(), error_code_name(ready.error().code)});
        return ready.error();
    }
    // A message to a number without WhatsApp goes nowhere and counts as spam.
    Result<bool> has = checks_.has_whatsapp(phone.value());
    if (!has) return has.error();
    if (!has.value()) {
        audit_.record(actor, {{}, {}, "invite_link_sent", group_id, group->name, phone.value(), "not_on_whatsapp"});
        return Error{ErrorCode::invalid_phone, phone.value() + ": no WhatsApp"};
    }
    Result<InviteLink> link = gateway_.invite_link(group_id);
    if (!link) return link.error();
    std::string text = lang == Lang::ru
                           ? "Здравствуйте! Приглашаем вас в группу WhatsApp «" + group->name + "»: " + link->url
                           : "Hello! You are invited to the WhatsApp group \"" + group->name + "\": " + link->url;
    // Asked again: the check may have waited its turn longer than the state is trusted.
    ready = number_.ready_for_writes();
    Result<Done> sent = ready ? gateway_.send_text(phone.value(), text) : Result<Done>(ready.error());
    audit_.record(actor, {{}, {}, "invite_link_sent", group_id, group->name, phone.value(),
                   sent ? "done" : error_code_name(sent.error().code)});
    if (!sent) return sent.error();
    return Ack{};
}

Result<Ack> GroupInvites::save_contact(const ContactToSave& contact, const Actor& actor) {
    Result<std::string> phone = normalize_phone(contact.phone, default_region_);
    if (!phone) return phone.error();
    if (!gateway_.capabilities().save_contact) return Error{ErrorCode::not_supported, "save contact"};
    // "First Last": the first word is the first name, the rest the last name.
    std::string name = contact.name.empty() ? phone.value() : contact.name;
    size_t space = name.find(' ');
    std::string first = name.substr(0, space);
    std::string last = space == std::string::npos ? "" : name.substr(space + 1);
    Result<ConnectionState> ready = number_.ready_for_writes();
    Result<Done> saved = ready ? gateway_.save_contact(phone.value(), first, last) : Result<Done>(ready.error());
    audit_.record(actor, {{}, {}, "contact_saved", {}, {}, phone.value(), saved ? "done" : error_code_name(saved.error().code)});
    if (!saved) return saved.error();
    return Ack{};
}

} // namespace gd
