#pragma once
// A robot run's result going back to the workflow that waits for it (the robot is registered with
// USE_SUBSCRIPTION=Y): bizproc.event.send {EVENT_TOKEN, RETURN_VALUES, LOG_MESSAGE}
// (https://apidocs.bitrix24.com/api-reference/bizproc/bizproc-robot/bizproc-event-send.html).
// It answers {"result": true}; a token whose activity is closed (its timeout passed, or a send
// already closed it) gives 403 ACCESS_DENIED, and nothing will ever change that.
//
// One send per call: what a refusal means decides whether the caller tries again later (the job
// engine's hook backoff), so nothing here sleeps or retries.
#include "proxy/connectors/bitrix24/bitrix24_rest.h"

#include <string>

namespace gd {

// The robot's return values (its RETURN_PROPERTIES) and the workflow log's line.
struct RobotReturnValues {
    std::string result_code;      // "ok", "partial", "failed", "no_people", "bad_request", a stop reason
    std::string result_message;   // one line in Russian
    int succeeded = 0;
    int failed = 0;
    std::string log_message;      // a line per person, in Russian
};

enum class ResultDelivery {
    accepted,    // Bitrix24 took it: the workflow goes on
    try_later,   // not now (its rate limit, the portal down or unreachable, a pair to renew)
    refused,     // never: the activity is closed, or the portal refuses this call for good
};

struct ResultSent {
    ResultDelivery delivery = ResultDelivery::try_later;
    std::string detail;   // for the log line: the portal's code and text, never a token
};

// The longest LOG_MESSAGE sent; a longer one is cut at a line (the whole list stays in GroupDesk's
// «Роботы» screen). The workflow log keeps one text per entry, not pages of it.
inline constexpr size_t kMaxLogMessageBytes = 16000;

// `portal`: the portal's stored pair (it is refreshed on expired_token and the call repeated).
// Give it a policy of one attempt: a retry belongs to the caller's backoff.
ResultSent send_robot_result(Bitrix24Rest& portal, const std::string& event_token, const RobotReturnValues& values);

} // namespace gd
