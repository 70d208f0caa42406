// The bytes a client sends before a worker sees them (proxy/transport/request_framing.h), framed
// as the connection gate frames them: all at once, and again split where the input says, as two
// reads would deliver them. Both must reach the same verdict, within the limits.
#include "proxy/transport/request_framing.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    // Small limits, so inputs of a few KB reach every one of them.
    gd::FramingLimits limits;
    limits.max_request_line = 256;
    limits.max_head_bytes = 1024;
    limits.max_header_count = 8;
    limits.max_body_bytes = 2048;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    const size_t split = bytes.empty() ? 0 : data[0] * bytes.size() / 256;

    gd::Framing whole = gd::RequestFramer(limits).advance(bytes);
    gd::RequestFramer in_parts(limits);
    gd::Framing parts = in_parts.advance(bytes.substr(0, split));
    if (parts.state == gd::Framing::incomplete) parts = in_parts.advance(bytes);

    switch (whole.state) {
    case gd::Framing::complete:
        if (whole.request_bytes == 0 || whole.request_bytes > bytes.size()) std::abort();
        if (whole.request_bytes > limits.max_head_bytes + 2 * limits.max_body_bytes + 64 * 1024) std::abort();
        // What one read completes, two reads complete at the same place (a refusal of the first
        // part alone would drop a request a faster network delivers).
        if (parts.state != gd::Framing::complete || parts.request_bytes != whole.request_bytes) std::abort();
        break;
    case gd::Framing::refused:
        switch (whole.status) {
        case 400: case 413: case 414: case 415: case 431: case 501: break;
        default: std::abort();
        }
        if (parts.state == gd::Framing::complete) std::abort();
        break;
    case gd::Framing::incomplete:
        if (parts.state == gd::Framing::complete) std::abort();
        break;
    }
    return 0;
}
