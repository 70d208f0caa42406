#pragma once
// The WhatsApp gateway on a self-hosted WAHA (devlikeapro/waha; engines NOWEB, WEBJS, GOWS).
// Paths and bodies follow WAHA's OpenAPI spec 2025.2 (shared/research/specs/waha-openapi-v202502.json)
// plus the 2026 additions (devlikeapro/n8n-nodes-waha nodes/WAHA/v202602/openapi.json; WAHA
// src/api/contacts.session.controller.ts): GET .../participants/v2 and PUT /api/{session}/contacts/
// {chatId}. Older WAHA lacks both; this connector notices (HTTP 404) and falls back to the legacy
// participants list, or says what to do by hand.
#include "proxy/connectors/upstream/upstream_http.h"
#include "proxy/connectors/waha/waha_session.h"
#include "proxy/connectors/whatsapp_gateway.h"

#include <atomic>
#include <string>

namespace gd {

struct WahaSettings {
    std::string base_url;         // "http://waha:3000" (the API lives under /api)
    std::string api_key;          // sent as X-Api-Key; empty when WAHA runs without one
    std::string session = "default";
};

class WahaGateway final : public WhatsAppGateway {
public:
    // Throws std::invalid_argument for a base_url that is not a URL or a session name that is not
    // letters, digits, '_' or '-': configuration mistakes, caught when the proxy starts.
    WahaGateway(WahaSettings settings, Clock& clock, UpstreamPolicy policy = {});

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

    // The session as WAHA reports it, with its raw status for an admin-facing explanation
    // (session_status_advice), which ConnectionState has no field for.
    Result<WahaSession> session();

private:
    Result<UpstreamResponse> call(const std::string& method, const std::string& path, const std::string& operation,
                                  const std::string& rate_key, const nlohmann::json& body = nullptr);
    Result<std::vector<Participant>> members(const std::string& group_path);
    std::string group_path(const std::string& group_id) const;

    WahaSettings settings_;
    UpstreamHttp http_;
    std::atomic<bool> can_save_contacts_{true};   // until WAHA says 404 (older than 2026)
};

} // namespace gd
