#pragma once
// One error type, carried from a connector through the proxy's JSON to the widget's message.
// On the wire: {"error":{"code":"group_not_found","message":"<in the asked language>",
//                        "message_ru":"...","message_en":"..."}}
#include "shared/i18n.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>

namespace gd {

enum class ErrorCode {
    // Request problems (4xx)
    bad_request,
    invalid_json,
    payload_too_large,
    uri_too_long,
    headers_too_large,      // too many request headers, or too many bytes of them
    unsupported_encoding,   // a compressed request body
    request_timeout,        // the request did not arrive whole in time
    unknown_host,           // the Host header names no address of this proxy (DNS rebinding)
    not_implemented,        // a Transfer-Encoding other than chunked
    not_found,
    method_not_allowed,
    invalid_group_id,
    invalid_phone,
    invalid_action,
    no_people,
    too_many_people,
    group_not_found,
    card_not_found,         // no such lead, deal or contact in the CRM
    invalid_card,           // the card reference is malformed (kind or id)
    job_not_found,
    invalid_idempotency_key,   // the Idempotency-Key header is empty, too long or not printable ASCII
    idempotency_key_reused,    // the same key came with a different request
    not_group_admin,
    daily_limit_reached,
    not_supported,          // this gateway cannot do that (e.g. save a contact)
    // Who is asking
    not_signed_in,          // no session token, or one the proxy does not know
    session_expired,
    wrong_login,            // login or password wrong (never says which)
    too_many_attempts,      // sign-in refused for a while: failed attempts, or password checks over budget
    forbidden,              // signed in, but not allowed (e.g. not a CRM admin)
    // The connected WhatsApp number
    number_banned,
    number_warned,
    number_logged_out,
    // Upstream and server problems (5xx)
    gateway_unavailable,
    upstream_rate_limited,
    quota_exceeded,
    gateway_not_authorized,
    gateway_bad_response,   // the gateway answered something we cannot read (wrong URL, unknown version)
    crm_unavailable,
    crm_not_connected,      // the CRM has not installed or authorized GroupDesk yet (no tokens stored)
    crm_reauthorization_needed,   // the CRM refused our refresh token: the admin must reconnect
    crm_token_rejected,     // the card's token (Bitrix24 AUTH_ID, amoCRM JWT) is forged, expired or replayed
    crm_not_authorized,     // the CRM refused our request with a valid token (scope, rights)
    crm_bad_response,       // the CRM answered something we cannot read
    crm_call_unverified,    // a robot's or webhook's call that is not proven to come from an installation
    crm_robot_not_allowed,  // Bitrix24 will not let the app register its robot (rights, bizproc scope, plan)
    crm_robot_rejected,     // Bitrix24 refused the robot's description or its handler address
    // CRM user administration
    crm_user_invalid,       // the CRM (or our check of its rules) refused a field of a new user: Error::field
    crm_user_not_found,     // no such user in the CRM account
    crm_email_in_account,   // this account already has a user with that e-mail
    crm_email_has_account,  // the e-mail has an account elsewhere (amoCRM): offer to add that account
    crm_no_free_seat,       // every licence seat is taken (seen by us, or the CRM's user_count_exceeded)
    crm_add_unavailable,    // the CRM will not add users through its API (amoCRM: over 100 users)
    crm_deactivate_unavailable,   // the CRM will not deactivate through its API here (plan, rights)
    crm_user_is_admin,      // the CRM will not deactivate an administrator
    crm_user_is_integration,      // GroupDesk's tokens belong to this user: deactivating would cut it off
    crm_user_inactive,      // the colleague who should receive the records is not an active user
    crm_api_blocked,        // amoCRM blocked the account's API for too many requests (403 after 429s)
    storage_failed,
    internal,
    // Seen only in the widget: the proxy could not be asked or answered nonsense.
    proxy_unreachable,
    proxy_timeout,
    bad_response,
    unknown,
};

struct Error {
    ErrorCode code = ErrorCode::unknown;
    std::string detail;   // optional technical context, never a secret; shown after the message
    std::string field;    // the request field it concerns ("email", "password"), shown next to it; "" none

    Error() = default;
    Error(ErrorCode code, std::string detail = {}, std::string field = {})
        : code(code), detail(std::move(detail)), field(std::move(field)) {}
};

const char* error_code_name(ErrorCode code);
ErrorCode error_code_from_name(std::string_view name);   // unknown when not recognised
int http_status(ErrorCode code);
const Text& error_text(ErrorCode code);
// What the user can do next, shown under the message.
const Text& error_next_step(ErrorCode code);

nlohmann::json error_to_json(const Error& error, Lang lang);
// Reads an {"error":{...}} body; a body that is not one gives bad_response with the HTTP status.
Error error_from_json_body(std::string_view body, int http_status);

} // namespace gd
