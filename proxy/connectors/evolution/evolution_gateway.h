#pragma once
// The WhatsApp gateway on a self-hosted Evolution API v2 (EvolutionAPI/evolution-api, the Baileys
// channel). Routes, bodies and answers follow its source (src/api/routes/*.router.ts,
// whatsapp.baileys.service.ts, src/main.ts); research/whatsapp-gateways.md section 3 sums them up.
//
// What each operation asks Evolution (every request carries the `apikey` header):
//   connection_state    GET  /instance/connectionState/{inst}, then when open
//                       GET  /instance/fetchInstances?instanceName={inst} for the number
//   list_groups         GET  /instance/fetchInstances (who we are), then
//                       GET  /group/fetchAllGroups/{inst}?getParticipants=true
//   participants        GET  /instance/fetchInstances, GET /group/findGroupInfos (the name),
//                       GET  /group/participants (members, with the names Evolution knows)
//   check_whatsapp      POST /chat/whatsappNumbers/{inst} {"numbers":[...]}, all in one request
//   change_participants POST /group/updateParticipant/{inst}?groupJid= {"action","participants"}
//   invite_link         GET  /group/inviteCode/{inst}?groupJid=
//   revoke_invite_link  POST /group/revokeInviteCode/{inst}?groupJid=
//   send_text           POST /message/sendText/{inst} {"number","text"}
//   save_contact        nothing: Evolution has no route for it (not_supported)
//
// Decisions worth knowing:
// - Admin status needs our own entry in each group's member list, so groups are listed WITH
//   participants (evolution_groups.h says why that costs WhatsApp nothing).
// - WhatsApp's request-level not-authorized (our number is not an admin of the group) makes
//   change_participants return Error not_group_admin, not a not_admin outcome per person: the
//   domain then stops the job with everyone still pending, instead of sending one more refused
//   request per person (each one a signal to WhatsApp). rate-overlimit is upstream_rate_limited.
#include "proxy/connectors/upstream/upstream_http.h"
#include "proxy/connectors/whatsapp_gateway.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gd {

struct EvolutionSettings {
    std::string base_url;   // "http://evolution:8080"
    std::string api_key;    // sent as the `apikey` header (secret): the global key or the instance's token
    std::string instance;   // instance name, URL-encoded into paths
};

class EvolutionGateway final : public WhatsAppGateway {
public:
    // Throws std::invalid_argument for a base_url that is not a URL, or an instance name that is
    // empty, longer than 128 bytes, or "." / "..": configuration mistakes, caught when the proxy
    // starts. The read timeout is raised to at least 120 s: fetchAllGroups asks WhatsApp for every
    // group's picture, one after another, before it answers.
    EvolutionGateway(EvolutionSettings settings, Clock& clock, UpstreamPolicy policy = {});

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
    Result<UpstreamResponse> call(const std::string& method, const std::string& path, const std::string& operation,
                                  const std::string& rate_key, const nlohmann::json& body = nullptr);
    // The connected number, E.164 ("" when the instance was never paired).
    Result<std::string> my_phone();
    std::string group_path(const char* route, const std::string& group_id) const;

    EvolutionSettings settings_;
    std::string instance_path_;   // the instance name, percent-encoded once
    UpstreamHttp http_;
};

} // namespace gd
