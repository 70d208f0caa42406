#include "proxy/connectors/bitrix24/bitrix24_frame.h"

#include "proxy/connectors/bitrix24/bitrix24_records.h"
#include "shared/outside_json.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace gd {

namespace {

// Far above any real value (tokens are ~70 characters), low enough that junk is refused early.
constexpr size_t kMaxFieldLength = 2048;

// Bitrix24 puts some fields in the query and some in the body (§1.3); a field is read from its
// documented place first and from the other one otherwise.
const std::string* find(const FormFields& first, const FormFields& second, const std::string& name) {
    if (auto it = first.find(name); it != first.end()) return &it->second;
    if (auto it = second.find(name); it != second.end()) return &it->second;
    return nullptr;
}

Error missing(const std::string& name) { return {ErrorCode::bad_request, "Bitrix24 did not send " + name}; }

Result<std::string> required_field(const FormFields& first, const FormFields& second, const std::string& name) {
    const std::string* value = find(first, second, name);
    if (!value || value->empty()) return missing(name);
    if (value->size() > kMaxFieldLength) return Error{ErrorCode::bad_request, name + " is too long"};
    return *value;
}

std::string optional_field(const FormFields& first, const FormFields& second, const std::string& name) {
    const std::string* value = find(first, second, name);
    return value && value->size() <= kMaxFieldLength ? *value : std::string{};
}

int seconds(const std::string& text) {
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::stoi(text);
}

std::string base_url(bool https, const std::string& domain) { return (https ? "https://" : "http://") + domain; }

} // namespace

std::string FrameRequest::claimed_base_url() const { return base_url(https, domain); }

std::string AppInstallEvent::claimed_base_url() const {
    // client_endpoint is "<scheme>://<portal>/rest/"; without it the portal is HTTPS (§5.2).
    const std::string suffix = "/rest/";
    if (client_endpoint.size() > suffix.size() &&
        client_endpoint.compare(client_endpoint.size() - suffix.size(), suffix.size(), suffix) == 0)
        return client_endpoint.substr(0, client_endpoint.size() - suffix.size());
    return base_url(true, domain);
}

Result<FrameRequest> parse_frame_request(const FormFields& query, const FormFields& form) {
    FrameRequest frame;
    Result<std::string> member_id = required_field(form, query, "member_id");
    if (!member_id) return member_id.error();
    Result<std::string> auth_id = required_field(form, query, "AUTH_ID");
    if (!auth_id) return auth_id.error();
    frame.member_id = *member_id;
    frame.auth_id = *auth_id;
    frame.domain = optional_field(query, form, "DOMAIN");
    frame.https = optional_field(query, form, "PROTOCOL") != "0";
    frame.lang = optional_field(query, form, "LANG");
    frame.app_sid = optional_field(query, form, "APP_SID");
    frame.refresh_id = optional_field(form, query, "REFRESH_ID");
    frame.auth_expires = seconds(optional_field(form, query, "AUTH_EXPIRES"));
    frame.application_token = optional_field(form, query, "APPLICATION_TOKEN");
    return frame;
}

Result<PlacementRequest> parse_placement_request(const FormFields& query, const FormFields& form) {
    Result<FrameRequest> frame = parse_frame_request(query, form);
    if (!frame) return frame.error();
    PlacementRequest request;
    request.frame = std::move(*frame);

    Result<std::string> placement = required_field(form, query, "PLACEMENT");
    if (!placement) return placement.error();
    std::optional<EntityKind> kind;
    for (const CardPlacement& card : kCardPlacements)
        if (*placement == card.code) kind = card.kind;
    if (!kind) return Error{ErrorCode::bad_request, "GroupDesk does not open in the Bitrix24 placement " + placement->substr(0, 64)};
    request.placement = *placement;

    // §1.3: PLACEMENT_OPTIONS is a JSON string, {"ID":"8061","URI":"..."}; the ID is the card's.
    Result<std::string> options_text = required_field(form, query, "PLACEMENT_OPTIONS");
    if (!options_text) return options_text.error();
    Result<nlohmann::json> options = parse_outside_json(*options_text);
    if (!options || !options->is_object()) return Error{ErrorCode::bad_request, "PLACEMENT_OPTIONS is not a JSON object"};
    std::string id = id_text(options->value("ID", nlohmann::json()));
    if (id.empty()) return Error{ErrorCode::bad_request, "PLACEMENT_OPTIONS has no ID"};
    if (!is_bitrix24_id(id)) return Error{ErrorCode::bad_request, "PLACEMENT_OPTIONS.ID is not a Bitrix24 id"};
    request.entity = {*kind, id};
    return request;
}

Result<AppInstallEvent> parse_app_install_event(const FormFields& form) {
    const FormFields none;
    Result<std::string> event = required_field(form, none, "event");
    if (!event) return event.error();
    if (*event != "ONAPPINSTALL") return Error{ErrorCode::bad_request, "not an ONAPPINSTALL event"};
    AppInstallEvent install;
    for (auto [field, name] : {std::pair{&install.member_id, "auth[member_id]"},
                               std::pair{&install.refresh_token, "auth[refresh_token]"},
                               std::pair{&install.application_token, "auth[application_token]"}}) {
        Result<std::string> value = required_field(form, none, name);
        if (!value) return value.error();
        *field = *value;
    }
    install.access_token = optional_field(form, none, "auth[access_token]");
    install.domain = optional_field(form, none, "auth[domain]");
    install.client_endpoint = optional_field(form, none, "auth[client_endpoint]");
    return install;
}

std::string event_name(const FormFields& form) { return optional_field(form, FormFields{}, "event"); }

Result<AppUninstallEvent> parse_app_uninstall_event(const FormFields& form) {
    const FormFields none;
    if (event_name(form) != "ONAPPUNINSTALL") return Error{ErrorCode::bad_request, "not an ONAPPUNINSTALL event"};
    AppUninstallEvent uninstall;
    for (auto [field, name] : {std::pair{&uninstall.member_id, "auth[member_id]"},
                               std::pair{&uninstall.application_token, "auth[application_token]"}}) {
        Result<std::string> value = required_field(form, none, name);
        if (!value) return value.error();
        *field = *value;
    }
    uninstall.clean = optional_field(form, none, "data[CLEAN]") == "1";
    return uninstall;
}

} // namespace gd
