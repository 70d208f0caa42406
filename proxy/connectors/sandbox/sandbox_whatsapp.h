#pragma once
// A WhatsApp gateway that lives in the data file: the demo number, its groups and a small model
// of the network (who has WhatsApp, who refuses group adds). It answers like a real gateway,
// per person, so the whole product can be tried before connecting one.
#include "proxy/connectors/sandbox/sandbox_store.h"
#include "proxy/connectors/whatsapp_gateway.h"

namespace gd {

class SandboxWhatsAppGateway final : public WhatsAppGateway {
public:
    explicit SandboxWhatsAppGateway(SandboxStore& store) : store_(store) {}

    GatewayCapabilities capabilities() const override;
    Result<ConnectionState> connection_state() override;

    Result<std::vector<Group>> list_groups() override;
    Result<ParticipantList> participants(const std::string& group_id) override;

    Result<std::vector<WhatsAppCheck>> check_whatsapp(const std::vector<std::string>& phones) override;
    Result<std::vector<ParticipantChange>> change_participants(
        const std::string& group_id, ParticipantAction action, const std::vector<std::string>& phones) override;

    Result<InviteLink> invite_link(const std::string& group_id) override;
    Result<InviteLink> revoke_invite_link(const std::string& group_id) override;

    Result<Done> send_text(const std::string& phone, const std::string& text) override;
    Result<Done> save_contact(const std::string& phone, const std::string& first_name,
                              const std::string& last_name) override;

private:
    SandboxStore& store_;
};

} // namespace gd
