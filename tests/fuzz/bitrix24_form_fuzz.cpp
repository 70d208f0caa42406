// What Bitrix24 POSTs to the install page, a card tab, the ONAPPINSTALL and ONAPPUNINSTALL events
// and the robot's handler, read the way the proxy reads it: cpp-httplib's url-encoded form decoding
// (what proxy/transport/crm_entry_routes and bitrix24_robot_routes call) into FormFields, then the
// connector's parsers (proxy/connectors/bitrix24/bitrix24_frame.h, bitrix24_robot_call.h).
// Input: the query string, a newline, the form body ("DOMAIN=x.bitrix24.ru&PROTOCOL=1\nAUTH_ID=...").
#include "proxy/connectors/bitrix24/bitrix24_frame.h"
#include "proxy/connectors/bitrix24/bitrix24_robot_call.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

gd::FormFields form_of(const std::string& text) {
    gd::FormFields fields;
    httplib::detail::parse_query_text(text, fields);
    return fields;
}

// Every refusal is a bad request that names the field, never a 500.
void check_refusal(const gd::Error& error) {
    if (error.code != gd::ErrorCode::bad_request || error.detail.empty()) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t newline = input.find('\n');
    const gd::FormFields query = form_of(input.substr(0, newline));
    const gd::FormFields form = form_of(newline == std::string::npos ? std::string() : input.substr(newline + 1));

    gd::Result<gd::FrameRequest> frame = gd::parse_frame_request(query, form);   // the install page
    if (frame) {
        if (frame->member_id.empty() || frame->auth_id.empty() || frame->auth_expires < 0) std::abort();
        (void)frame->claimed_base_url();
    } else {
        check_refusal(frame.error());
    }

    gd::Result<gd::PlacementRequest> tab = gd::parse_placement_request(query, form);   // a card tab
    if (tab) {
        if (tab->entity.id.empty()) std::abort();
        (void)tab->frame.claimed_base_url();
    } else {
        check_refusal(tab.error());
    }

    gd::Result<gd::AppInstallEvent> event = gd::parse_app_install_event(form);   // ONAPPINSTALL
    if (event) {
        if (event->member_id.empty() || event->application_token.empty()) std::abort();
        (void)event->claimed_base_url();
    } else {
        check_refusal(event.error());
    }

    (void)gd::robot_caller(form);   // the robot's call: never refused, read before its proof
    gd::Result<gd::RobotCall> call = gd::parse_robot_call(form);
    if (call) {
        if (call->event_token.empty() || call->member_id.empty() || call->document_id.size() < 3) std::abort();
        // Every setting either can be acted on or says why not, in both languages.
        const gd::RobotSettings settings = gd::read_robot_settings(*call);
        if (settings.ok() != settings.problem_en.empty()) std::abort();
        // What goes on into JSON (the job, bizproc.event.send) is UTF-8: dump() throws otherwise.
        (void)nlohmann::json(settings.problem_ru).dump();
        (void)nlohmann::json(call->event_token).dump();
        for (const gd::PersonInput& person : settings.people) (void)nlohmann::json({person.phone, person.name}).dump();
        if (settings.ok()) {
            if (settings.entity.id.empty() || settings.group_id.empty()) std::abort();
            if (settings.whom == gd::RobotWhom::phones && settings.people.empty()) std::abort();
            (void)gd::entity_card_url("https://b24-portal.bitrix24.ru", settings.entity);
        }
    } else {
        check_refusal(call.error());
    }
    gd::Result<gd::AppUninstallEvent> uninstall = gd::parse_app_uninstall_event(form);   // ONAPPUNINSTALL
    if (uninstall) {
        if (uninstall->member_id.empty() || uninstall->application_token.empty()) std::abort();
    } else {
        check_refusal(uninstall.error());
    }
    return 0;
}
