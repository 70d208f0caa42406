#pragma once
// The WhatsApp gateway on Green-API (green-api.com, hosted). Every request goes to
// {apiUrl}/waInstance{idInstance}/{method}/{apiTokenInstance}: the token is in the path, there is
// no auth header (research §1.1). Methods, fields and errors follow Green-API's documentation as
// summarised in shared/research/whatsapp-gateways.md §1, with the pages named beside each reader.
//
// What Green-API cannot do: save a contact and revoke an invite link (no such methods), so
// capabilities() says both are false and the calls answer not_supported with what to do by hand.
//
// Rates: Green-API limits each instance per method (GA /en/docs/api/ratelimiter; over the limit:
// HTTP 429). Each method has its own UpstreamHttp rate key at or under its documented limit.
//
// How list_groups spends getGroupData. getChats lists the groups but says nothing of members or
// roles; getGroupData does, one group per call, at 1 request a second (the rate limiter), and on
// the free plan 1000 calls a month. Describing every group on every listing would take N seconds
// for N groups, while the widget gives up on a request after 20 s (web/platform/browser_fetch.h)
// and the job worker needs the same 1 call a second for its own getGroupData. So each listing
// describes at most kGroupsDescribedPerListing groups (about 6 s), those never described first
// in getChats' order (most recently active first), then those described longest ago; every
// description (from a listing, participants() or invite_link()) is kept, and shown until it is
// kGroupDescriptionFresh old and its turn comes again. A group not described yet is listed with
// 0 members and we_are_admin false until then; opening it (participants()) always reads it fresh,
// and that fresh answer is what jobs and invite links are decided on.
#include "proxy/connectors/green_api/green_api_answers.h"
#include "proxy/connectors/green_api/green_api_groups.h"
#include "proxy/connectors/upstream/upstream_http.h"
#include "proxy/connectors/whatsapp_gateway.h"

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <string>

namespace gd {

struct GreenApiSettings {
    std::string api_url;        // per-instance host from the console, e.g. "https://7105.api.greenapi.com"
    std::string id_instance;    // digits
    std::string api_token;      // apiTokenInstance (secret; goes in the URL path)
};

class GreenApiGateway final : public WhatsAppGateway {
public:
    static constexpr int kGroupsDescribedPerListing = 6;
    static constexpr Clock::Duration kGroupDescriptionFresh{30 * 60 * 1000};

    // Throws std::invalid_argument for an api_url that is not a URL, an id_instance that is not
    // digits or an api_token that would bend the URL path: configuration mistakes, caught when the
    // proxy starts. The message never contains the token.
    GreenApiGateway(GreenApiSettings settings, Clock& clock, UpstreamPolicy policy = {});

    GatewayCapabilities capabilities() const override;
    Result<ConnectionState> connection_state() override;

    Result<std::vector<Group>> list_groups() override;
    Result<ParticipantList> participants(const std::string& group_id) override;

    Result<std::vector<WhatsAppCheck>> check_whatsapp(const std::vector<std::string>& phones) override;
    // One call per phone, in order; a person's refusal is their outcome and the next person is
    // still asked. A request-level failure on the first person is the Error; after that it ends
    // the run: that person's outcome is rate_limited (when throttled) or unknown (the write may
    // have happened), and those not asked yet stay pending.
    Result<std::vector<ParticipantChange>> change_participants(
        const std::string& group_id, ParticipantAction action, const std::vector<std::string>& phones) override;

    Result<InviteLink> invite_link(const std::string& group_id) override;
    Result<InviteLink> revoke_invite_link(const std::string& group_id) override;

    Result<Done> send_text(const std::string& phone, const std::string& text) override;
    Result<Done> save_contact(const std::string& phone, const std::string& first_name,
                              const std::string& last_name) override;

    // The raw stateInstance ("authorized", "yellowCard", ...), for an administrator-facing
    // explanation (green::state_advice), which ConnectionState has no field for.
    Result<std::string> instance_state();

private:
    struct Description {
        Group group;
        Clock::Duration at{0};
    };

    Result<UpstreamResponse> call(const char* method, const std::string& verb, const nlohmann::json& body, bool idempotent);
    Result<nlohmann::json> read(const char* method, const std::string& verb, const nlohmann::json& body, green::Subject subject);
    Result<green::GroupData> group_data(const std::string& group_id);
    Result<ChangeOutcome> change_one(const std::string& group_id, ParticipantAction action, const std::string& chat_id);
    std::string my_phone();

    GreenApiSettings settings_;
    Clock& clock_;
    UpstreamHttp http_;

    std::mutex mutex_;
    std::string me_;                                  // our number, E.164; "" until known
    Clock::Duration me_asked_at_{-3600 * 1000};
    std::map<std::string, Description> described_;   // by group id
};

} // namespace gd
