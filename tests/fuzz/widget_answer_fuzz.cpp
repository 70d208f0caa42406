// The proxy's answers as the widget reads them: decode_response<T> (web/state/api_decode.h) for
// every answer type the widget asks for. The widget is built without exceptions, so whatever the
// body, decoding must give the value or bad_response without a throw (one escaping stops the
// fuzzer), and json_read must read exactly what nlohmann reads as T, the same value.
#include "shared/json_fields.h"
#include "shared/types.h"
#include "web/state/api_decode.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

template <class T>
void read_as(const gd::HttpResponse& answer, const nlohmann::json& parsed) {
    gd::Result<T> decoded = gd::decode_response<T>(answer);
    if (!decoded.ok() && decoded.error().code != gd::ErrorCode::bad_response) std::abort();
    if (parsed.is_discarded()) return;
    nlohmann::json by_nlohmann = nullptr;
    try {
        by_nlohmann = nlohmann::json(parsed.get<T>());
    } catch (const nlohmann::json::exception&) {
        // not read: stays null
    }
    T ours{};
    const bool read = gd::json_read(parsed, ours);
    if (read != (by_nlohmann != nullptr) || decoded.ok() != read) std::abort();
    if (read && nlohmann::json(ours) != by_nlohmann) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gd;
    HttpResponse answer{200, false, std::string(reinterpret_cast<const char*>(data), size)};
    const nlohmann::json parsed = nlohmann::json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
    read_as<Ack>(answer, parsed);
    read_as<AuditPage>(answer, parsed);
    read_as<Card>(answer, parsed);
    read_as<CardList>(answer, parsed);
    read_as<CrmUser>(answer, parsed);
    read_as<GatewayStatus>(answer, parsed);
    read_as<GroupList>(answer, parsed);
    read_as<Handover>(answer, parsed);
    read_as<HandoverList>(answer, parsed);
    read_as<Health>(answer, parsed);
    read_as<InviteLink>(answer, parsed);
    read_as<Job>(answer, parsed);
    read_as<JobList>(answer, parsed);
    read_as<ParticipantList>(answer, parsed);
    read_as<RecordCounts>(answer, parsed);
    read_as<RobotRunList>(answer, parsed);
    read_as<SandboxPipeline>(answer, parsed);
    read_as<SeatCount>(answer, parsed);
    read_as<Session>(answer, parsed);
    read_as<SessionUser>(answer, parsed);
    read_as<StageMoved>(answer, parsed);
    read_as<UserDirectory>(answer, parsed);
    return 0;
}
