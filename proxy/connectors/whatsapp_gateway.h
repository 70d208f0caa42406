#pragma once
// What the proxy needs from a WhatsApp gateway. One implementation per upstream
// (sandbox, green-api, waha, evolution), each in its own folder; the domain sees only this.
//
// Phones are E.164 ("+79161234567") on both sides of this interface: each connector converts
// to its upstream's id format (e.g. "79161234567@c.us") and back.
#include "shared/result.h"
#include "shared/types.h"

#include <string>
#include <vector>

namespace gd {

// What a gateway can do beyond the common set; the widget adapts its offers to it.
struct GatewayCapabilities {
    bool save_contact = false;         // WAHA 2026+; Green-API and Evolution cannot
    bool revoke_invite_link = false;   // Green-API documents no revoke
};

class WhatsAppGateway {
public:
    virtual ~WhatsAppGateway() = default;

    virtual GatewayCapabilities capabilities() const = 0;
    virtual Result<ConnectionState> connection_state() = 0;

    virtual Result<std::vector<Group>> list_groups() = 0;
    virtual Result<ParticipantList> participants(const std::string& group_id) = 0;

    // One answer per phone, in the order asked.
    virtual Result<std::vector<WhatsAppCheck>> check_whatsapp(const std::vector<std::string>& phones) = 0;
    // One ParticipantChange per phone, in the order asked. A request-level failure (gateway
    // down, not authorised) is an Error; a per-person refusal is an outcome.
    virtual Result<std::vector<ParticipantChange>> change_participants(
        const std::string& group_id, ParticipantAction action, const std::vector<std::string>& phones) = 0;

    virtual Result<InviteLink> invite_link(const std::string& group_id) = 0;
    virtual Result<InviteLink> revoke_invite_link(const std::string& group_id) = 0;

    virtual Result<Done> send_text(const std::string& phone, const std::string& text) = 0;
    virtual Result<Done> save_contact(const std::string& phone, const std::string& first_name,
                                      const std::string& last_name) = 0;
};

} // namespace gd
