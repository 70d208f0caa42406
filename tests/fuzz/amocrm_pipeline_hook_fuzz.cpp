// amoCRM's Digital Pipeline hook as posted to /crm/amocrm/pipeline, read as the route reads it
// (parse_pipeline_hook, proxy/connectors/amocrm/amo_pipeline_hook.h): a form with bracketed keys
// or JSON of the same shape. Input: the Content-Type, a newline, the body.
#include "proxy/connectors/amocrm/amo_pipeline_hook.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t newline = input.find('\n');
    const std::string content_type = input.substr(0, newline);
    const std::string body = newline == std::string::npos ? std::string() : input.substr(newline + 1);

    gd::Result<gd::AmoPipelineHook> hook = gd::parse_pipeline_hook(content_type, body);
    if (!hook) {
        // Every refusal is a bad request that says what is wrong, never a 500.
        if (hook.error().code != gd::ErrorCode::bad_request || hook.error().detail.empty()) std::abort();
        return 0;
    }
    if (hook->account_id.empty() || hook->secret.empty()) std::abort();
    if (hook->lead_entered_stage() && (hook->lead_id.empty() || hook->pipeline_id.empty() || hook->status_id.empty() ||
                                       hook->event_time.empty()))
        std::abort();
    (void)gd::check_pipeline_settings(*hook);
    (void)gd::pipeline_secret_matches(hook->secret, hook->secret);
    return 0;
}
