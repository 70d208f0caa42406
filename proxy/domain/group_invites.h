#pragma once
// The fallback when adding is impossible: the group's invite link, got, revoked, or sent privately
// to one person as a WhatsApp message; and «ДОБАВИТЬ НОМЕР», saving a number in the connected
// phone's contacts before adding again. Each is written to the audit log. Each write first asks
// the number's state: a banned, warned or logged-out number sends, revokes and saves nothing.
#include "proxy/connectors/whatsapp_gateway.h"
#include "proxy/domain/audit_log.h"
#include "proxy/domain/number_state.h"
#include "proxy/domain/whatsapp_checks.h"

#include <string>

namespace gd {

class GroupInvites {
public:
    GroupInvites(WhatsAppGateway& gateway, WhatsAppChecks& checks, NumberState& number, AuditLog& audit,
                 std::string default_region)
        : gateway_(gateway), checks_(checks), number_(number), audit_(audit), default_region_(std::move(default_region)) {}

    Result<InviteLink> link(const std::string& group_id);
    Result<InviteLink> revoke(const std::string& group_id, const Actor& actor);
    // Sends "join <group> through <link>" to the person, in Russian or English.
    Result<Ack> send(const std::string& group_id, const std::string& phone_as_written, Lang lang, const Actor& actor);
    Result<Ack> save_contact(const ContactToSave& contact, const Actor& actor);

private:
    Result<Group> admin_group(const std::string& group_id);

    WhatsAppGateway& gateway_;
    WhatsAppChecks& checks_;
    NumberState& number_;
    AuditLog& audit_;
    std::string default_region_;
};

} // namespace gd
