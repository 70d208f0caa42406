#include "proxy/connectors/bitrix24/bitrix24_install.h"

#include "proxy/connectors/bitrix24/bitrix24_placement.h"
#include "proxy/connectors/bitrix24/bitrix24_rest.h"

#include <memory>
#include <stdexcept>

namespace gd {

namespace {

// What a POST claims about the portal it comes from.
struct InstallClaim {
    std::string member_id;
    std::string base_url;            // "https://xxx.bitrix24.com"
    std::string refresh_token;
    std::string application_token;   // may be empty
};

std::string portal_of_endpoint(const std::string& client_endpoint) {
    std::string url = client_endpoint;
    const std::string suffix = "/rest/";
    if (url.size() > suffix.size() && url.compare(url.size() - suffix.size(), suffix.size(), suffix) == 0)
        url.resize(url.size() - suffix.size());
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// Checks the claim with the OAuth server and stores the pair it hands out. `installer_id`, when
// given, gets the id of the administrator whose pair it is.
Result<CrmAccount> connect_portal(CrmTokenKeeper& keeper, const InstallClaim& claim, const Bitrix24App& app,
                                  Clock& clock, UpstreamPolicy policy, std::string* installer_id = nullptr) {
    Result<Bitrix24Grant> grant = exchange_refresh_token(app, claim.refresh_token, clock, policy);
    if (!grant) {
        // Refused here, the posted token is forged, spent or another app's: nobody must reconnect.
        if (grant.error().code == ErrorCode::crm_reauthorization_needed)
            return Error{ErrorCode::crm_token_rejected, "install: " + grant.error().detail};
        return grant.error();
    }
    if (grant->member_id.empty() || grant->client_endpoint.empty())
        return Error{ErrorCode::crm_bad_response, "install: the OAuth server did not name the portal"};
    if (grant->member_id != claim.member_id)
        return Error{ErrorCode::crm_token_rejected, "install: the tokens belong to another portal than member_id"};
    const std::string portal = portal_of_endpoint(grant->client_endpoint);
    if (portal != claim.base_url)
        return Error{ErrorCode::crm_token_rejected, "install: the tokens belong to another portal than DOMAIN"};

    // Every employee gets a genuine pair with each card tab they open; only an administrator's may
    // become the portal's or set its application token (placement.bind needs one anyway, §1.1).
    std::unique_ptr<Bitrix24UserRest> installer;
    try {
        installer = std::make_unique<Bitrix24UserRest>(
            portal, grant->access_token,
            std::vector<std::string>{grant->refresh_token, claim.application_token, app.client_secret}, clock, policy);
    } catch (const std::invalid_argument&) {
        return Error{ErrorCode::crm_bad_response, "install: the OAuth server named an unusable portal address"};
    }
    Result<nlohmann::json> admin = installer->call("user.admin");
    if (!admin) return admin.error();
    if (!admin->is_boolean() || !admin->get<bool>())
        return Error{ErrorCode::forbidden, "install: only a Bitrix24 administrator can install GroupDesk"};

    CrmAccount account;
    account.id = claim.member_id;
    account.crm = "bitrix24";
    account.base_url = portal;
    account.access_token = grant->access_token;
    account.refresh_token = grant->refresh_token;
    account.expires_at = grant->expires_at;
    account.application_token = claim.application_token;
    if (account.application_token.empty())
        if (Result<CrmAccount> stored = keeper.current(claim.member_id)) account.application_token = stored->application_token;
    if (Result<Done> saved = keeper.store(account); !saved) return saved.error();
    if (installer_id) *installer_id = grant->user_id;
    return account;
}

bool already_bound(const RestAnswer& answer) {
    return answer.error == "ERROR_CORE" && answer.description.find("already binded") != std::string::npos;
}

bool is_web_address(const std::string& url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

// The robot's setup with the number's groups as they are now, or none and why not.
RobotSetup robot_setup(const InstallSettings& settings, const std::string& auth_user_id, std::optional<Error>& unread) {
    RobotSetup setup{settings.robot_handler_url, auth_user_id, {}, true};
    Result<GroupList> groups = settings.whatsapp_groups
                                   ? settings.whatsapp_groups()
                                   : Result<GroupList>(Error{ErrorCode::internal, "no WhatsApp group source is set"});
    if (groups) {
        setup.groups = groups->groups;
    } else {
        setup.groups_known = false;
        unread = groups.error();
    }
    return setup;
}

} // namespace

Result<InstalledPortal> install(CrmTokenKeeper& keeper, const FrameRequest& request, const Bitrix24App& app,
                                const InstallSettings& settings, Clock& clock, UpstreamPolicy policy) {
    for (const std::string* url : {&settings.handler_url, &settings.robot_handler_url, &settings.event_handler_url})
        if (!is_web_address(*url)) return Error{ErrorCode::internal, "install: a handler URL of the app is not set"};
    if (request.refresh_id.empty()) return Error{ErrorCode::bad_request, "Bitrix24 did not send REFRESH_ID"};
    if (request.domain.empty()) return Error{ErrorCode::bad_request, "Bitrix24 did not send DOMAIN"};

    std::string installer_id;
    Result<CrmAccount> account = connect_portal(
        keeper, {request.member_id, request.claimed_base_url(), request.refresh_id, request.application_token}, app,
        clock, policy, &installer_id);
    if (!account) return account.error();

    InstalledPortal installed;
    installed.member_id = account->id;
    installed.base_url = account->base_url;
    Bitrix24Rest rest(keeper, account->id, app, clock, policy);
    for (const CardPlacement& tab : kCardPlacements) {
        const std::string operation = std::string("placement.bind ") + tab.code;
        Result<RestAnswer> answer = rest.answer(
            "placement.bind", {{"PLACEMENT", tab.code}, {"HANDLER", settings.handler_url}, {"TITLE", settings.tab_title}});
        if (!answer) return answer.error();
        if (!answer->ok() && !already_bound(*answer)) return rest_error(*answer, operation, TokenOwner::portal);
        installed.placements.push_back(tab.code);
    }
    Result<RestAnswer> bound = rest.answer("event.bind", {{"event", "ONAPPUNINSTALL"}, {"handler", settings.event_handler_url}});
    if (!bound) return bound.error();
    if (!bound->ok() && !already_bound(*bound)) return rest_error(*bound, "event.bind ONAPPUNINSTALL", TokenOwner::portal);

    Result<RobotRegistration> robot = register_robot(rest, robot_setup(settings, installer_id, installed.groups_unread));
    if (!robot) return robot.error();
    installed.robot = *robot;
    return installed;
}

Result<RobotRegistration> refresh_robot(CrmTokenKeeper& keeper, const std::string& member_id, const Bitrix24App& app,
                                        const InstallSettings& settings, Clock& clock, UpstreamPolicy policy) {
    std::optional<Error> unread;
    RobotSetup setup = robot_setup(settings, "", unread);
    if (unread) return *unread;
    Bitrix24Rest rest(keeper, member_id, app, clock, policy);
    return register_robot(rest, setup);
}

Result<Done> accept_app_uninstall(CrmTokenKeeper& keeper, const AppUninstallEvent& event) {
    // One answer for an unknown portal and a wrong token: the sender learns nothing from it.
    static const char* kUnverified = "uninstall: the event is not from a portal that installed GroupDesk";
    Result<CrmAccount> stored = keeper.current(event.member_id);
    if (!stored) {
        if (stored.error().code != ErrorCode::crm_not_connected) return stored.error();
        return Error{ErrorCode::crm_call_unverified, kUnverified};
    }
    // A portal stored without a token cannot prove the event is its own: removing it on anyone's
    // word would let anyone cut a portal off.
    if (stored->application_token.empty() || !same_secret(event.application_token, stored->application_token))
        return Error{ErrorCode::crm_call_unverified, kUnverified};
    return keeper.forget(event.member_id);
}

Result<Done> accept_app_install(CrmTokenKeeper& keeper, const AppInstallEvent& event, const Bitrix24App& app,
                                Clock& clock, UpstreamPolicy policy) {
    Result<CrmAccount> account = connect_portal(
        keeper, {event.member_id, event.claimed_base_url(), event.refresh_token, event.application_token}, app, clock,
        policy);
    if (!account) return account.error();
    return Done{};
}

} // namespace gd
