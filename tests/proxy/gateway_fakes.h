#pragma once
// A WhatsApp gateway that can do nothing, for fakes that override only what their story needs,
// and the states of the number that stop every write.
#include "proxy/connectors/whatsapp_gateway.h"

#include <utility>

namespace gd::test {

// Every state but connected, with the error a write gets in it.
inline const std::pair<ConnectionStatus, ErrorCode> kStatesThatStopWrites[] = {
    {ConnectionStatus::warned, ErrorCode::number_warned},
    {ConnectionStatus::banned, ErrorCode::number_banned},
    {ConnectionStatus::logged_out, ErrorCode::number_logged_out},
    {ConnectionStatus::starting, ErrorCode::number_logged_out},
};

class NothingGateway : public WhatsAppGateway {
public:
    GatewayCapabilities capabilities() const override { return {}; }
    Result<ConnectionState> connection_state() override { return nothing(); }
    Result<std::vector<Group>> list_groups() override { return nothing(); }
    Result<ParticipantList> participants(const std::string&) override { return nothing(); }
    Result<std::vector<WhatsAppCheck>> check_whatsapp(const std::vector<std::string>&) override { return nothing(); }
    Result<std::vector<ParticipantChange>> change_participants(const std::string&, ParticipantAction,
                                                               const std::vector<std::string>&) override {
        return nothing();
    }
    Result<InviteLink> invite_link(const std::string&) override { return nothing(); }
    Result<InviteLink> revoke_invite_link(const std::string&) override { return nothing(); }
    Result<Done> send_text(const std::string&, const std::string&) override { return nothing(); }
    Result<Done> save_contact(const std::string&, const std::string&, const std::string&) override { return nothing(); }

protected:
    // What every call the fake does not override answers.
    virtual Error nothing() { return Error{ErrorCode::not_supported, "not in this story"}; }
};

} // namespace gd::test
