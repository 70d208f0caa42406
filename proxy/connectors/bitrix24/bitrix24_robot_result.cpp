#include "proxy/connectors/bitrix24/bitrix24_robot_result.h"

#include <algorithm>

namespace gd {

namespace {

constexpr const char* kMethod = "bizproc.event.send";

// Cut at the last whole line that fits (never inside a UTF-8 character), saying how much is left out.
std::string shortened_log(const std::string& log) {
    if (log.size() <= kMaxLogMessageBytes) return log;
    const std::string more = "\n… (полный список — в GroupDesk, раздел «Роботы»)";
    size_t cut = log.rfind('\n', kMaxLogMessageBytes - more.size());
    if (cut == std::string::npos || cut == 0) {
        cut = kMaxLogMessageBytes - more.size();
        while (cut > 0 && ((unsigned char)log[cut] & 0xC0) == 0x80) --cut;
    }
    return log.substr(0, cut) + more;
}

bool any_of(const std::string& code, std::initializer_list<const char*> codes) {
    return std::any_of(codes.begin(), codes.end(), [&](const char* c) { return code == c; });
}

std::string said(const RestAnswer& answer) {
    std::string text = "HTTP " + std::to_string(answer.status);
    if (!answer.error.empty()) text += " " + answer.error.substr(0, 64);
    if (!answer.description.empty()) text += " (" + answer.description.substr(0, 160) + ")";
    return text;
}

} // namespace

ResultSent send_robot_result(Bitrix24Rest& portal, const std::string& event_token, const RobotReturnValues& values) {
    // RETURN_VALUES are keyed by the RETURN_PROPERTIES ids the robot was registered with.
    const nlohmann::json params = {{"EVENT_TOKEN", event_token},
                                   {"RETURN_VALUES",
                                    {{"result_code", values.result_code},
                                     {"result_message", values.result_message},
                                     {"succeeded", values.succeeded},
                                     {"failed", values.failed}}},
                                   {"LOG_MESSAGE", shortened_log(values.log_message)}};
    Result<RestAnswer> answer = portal.answer(kMethod, params);
    if (!answer) {
        // No readable answer, or the pair could not be renewed: all of it may pass (a reinstall
        // stores a new pair), except a portal that has forgotten GroupDesk.
        const ErrorCode code = answer.error().code;
        return {code == ErrorCode::crm_not_connected ? ResultDelivery::refused : ResultDelivery::try_later,
                std::string(error_code_name(code)) + ": " + answer.error().detail};
    }
    if (answer->ok()) return {ResultDelivery::accepted, {}};
    const std::string& code = answer->error;
    // Limits and the portal's own failures pass (https://apidocs.bitrix24.com/error-codes.html); so does a refused token
    // (expired_token was already refreshed once by Bitrix24Rest: an admin may reinstall).
    if (any_of(code, {"QUERY_LIMIT_EXCEEDED", "OPERATION_TIME_LIMIT", "OVERLOAD_LIMIT", "INTERNAL_SERVER_ERROR",
                      "ERROR_UNEXPECTED_ANSWER", "expired_token", "invalid_token", "NO_AUTH_FOUND"}) ||
        answer->status == 429 || answer->status == 401 || answer->status >= 500)
        return {ResultDelivery::try_later, said(*answer)};
    // 403 ACCESS_DENIED: the activity is closed; any other refusal will be the same next time.
    return {ResultDelivery::refused, said(*answer)};
}

} // namespace gd
