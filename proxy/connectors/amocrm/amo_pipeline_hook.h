#pragma once
// amoCRM's Digital Pipeline hook: the widget's action on a stage, posted to our webhook_url when a
// lead enters that stage (https://www.amocrm.ru/developers/content/digital_pipeline/integrations,
// https://www.amocrm.ru/developers/content/web_sdk/digital_pipeline):
//   {"event":{"type":14,"type_code":"lead_status_changed",
//             "data":{"id":..,"element_type":2,"status_id":..,"pipeline_id":..,"direction_of_movement":"went_to_trigger"},
//             "time":1491300016},
//    "action":{"settings":{"widget":{"settings":{ the dp.settings values of manifest.json }}}},
//    "subdomain":"ivanov","account_id":30441694}
// The documentation never names a Content-Type, and real handlers receive it as a PHP form with
// bracketed keys (event[data][id]=...): both are read, into one shape.
//
// The hook carries no signature. What makes it ours: a per-installation secret (made at install,
// kept with the account, put into the action's hidden `secret` setting by the widget), checked in
// constant time; the account must be installed; the lead is read again before anyone is touched.
#include "shared/result.h"
#include "shared/types.h"

#include <string>

namespace gd {

struct AmoPipelineHook {
    std::string account_id;
    std::string subdomain;        // as posted: never used to reach anything
    int event_type = 0;           // 14: lead_status_changed
    std::string type_code;
    std::string element_type;     // "2": a lead; "12": a customer
    std::string direction;        // went_to_trigger, went_in_trigger, went_from_trigger, or "" when absent
    std::string lead_id;
    std::string pipeline_id;
    std::string status_id;
    std::string event_time;       // unix seconds, as posted (digits only)
    // The action's settings (manifest.json dp.settings).
    std::string group_id;
    std::string action_name;      // as posted: add, remove, promote, demote
    ParticipantAction action = ParticipantAction::add;   // read from action_name when it is one of those
    bool invite_on_failure = false;
    std::string secret;           // never logged

    // A lead entered the action's stage: the only event the action acts on. Every other one is
    // answered and left alone (a stretched trigger, a customer, a lead leaving the stage).
    bool lead_entered_stage() const;
};

// The hook from its body: application/x-www-form-urlencoded with bracketed keys, or JSON of the
// same shape. bad_request names what is missing; the secret is never quoted.
Result<AmoPipelineHook> parse_pipeline_hook(const std::string& content_type, const std::string& body);

// The settings of a hook that acts (group, action) are checked apart from the event, so an event
// we leave alone is never refused for settings it does not need.
Result<Done> check_pipeline_settings(const AmoPipelineHook& hook);

// A fresh per-installation secret: 32 random bytes (OpenSSL RAND_bytes) as 64 hex digits.
std::string new_pipeline_secret();

// The posted secret is the stored one, compared in constant time (CRYPTO_memcmp); an empty stored
// secret matches nothing.
bool pipeline_secret_matches(const std::string& stored, const std::string& posted);

} // namespace gd
