#pragma once
// Where one HTTP/1.1 request ends in the bytes a connection has sent so far, and whether the
// proxy takes it at all. The connection gate reads a whole request before any worker thread sees
// it, so a client that sends slowly, sends too much or frames its body in a way that hides its
// size costs a buffer, never a thread. Only the framing is read here (RFC 9112 §2-§7); cpp-httplib
// parses the request itself once it is complete.
//
// Refused, with the status to answer:
//   400 malformed request line, header or chunk; both Content-Length and Transfer-Encoding
//       (request smuggling, RFC 9112 §6.3); differing Content-Lengths; bare LF line ends
//   413 a body over max_body_bytes, counted as decoded bytes for chunked bodies
//   414 a request line over max_request_line
//   415 any Content-Encoding but identity: a 3 KB gzip body may expand to gigabytes
//   431 more than max_header_count headers or max_head_bytes of head (trailers count too)
//   501 a Transfer-Encoding other than chunked
#include <cstddef>
#include <string>
#include <string_view>

namespace gd {

struct FramingLimits {
    size_t max_request_line = 8192;        // cpp-httplib's CPPHTTPLIB_REQUEST_URI_MAX_LENGTH
    size_t max_head_bytes = 16 * 1024;     // request line and headers, CRLFs included
    size_t max_header_count = 64;
    size_t max_body_bytes = 1024 * 1024;
};

struct Framing {
    enum State { incomplete, complete, refused };
    State state = incomplete;
    size_t request_bytes = 0;        // complete: where this request ends in the buffer
    int status = 0;                  // refused: the status to answer
    std::string reason;              // refused: what was wrong, for the error's detail
    bool expects_continue = false;   // the head is in, the body is not, and the client waits for 100
    std::string host;                // the Host header once the head is in; empty when absent
};

// Scans the bytes of one request as they arrive. advance() takes the whole buffer each time (it
// only grows between calls) and resumes where it stopped, so a body dripped byte by byte is still
// scanned once. reset() before the next request on the connection.
class RequestFramer {
public:
    explicit RequestFramer(FramingLimits limits) : limits_(limits) {}

    Framing advance(std::string_view buffer);
    void reset() { *this = RequestFramer(limits_); }

private:
    enum class Phase { head, fixed_body, chunk_size, chunk_data, chunk_data_end, trailers, done };

    Framing refuse(int status, std::string reason);
    Framing read_head(std::string_view buffer);
    Framing read_chunks(std::string_view buffer);

    FramingLimits limits_;
    Phase phase_ = Phase::head;
    size_t pos_ = 0;              // bytes of the buffer already scanned
    size_t head_bytes_ = 0;       // where the head (and its blank line) ends
    size_t body_bytes_ = 0;       // Content-Length, or decoded chunk bytes so far
    size_t chunk_left_ = 0;       // bytes of the current chunk still to come
    size_t trailers_start_ = 0;   // where the trailer section begins
    size_t trailer_lines_ = 0;
    bool expects_continue_ = false;
    std::string host_;
};

} // namespace gd
