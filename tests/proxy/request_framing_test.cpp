// Where a request ends, and which requests are refused before anyone reads them whole.
#include "proxy/transport/request_framing.h"

#include <gtest/gtest.h>

#include <string>

namespace gd {
namespace {

FramingLimits small_limits() {
    FramingLimits limits;
    limits.max_request_line = 100;
    limits.max_head_bytes = 400;
    limits.max_header_count = 5;
    limits.max_body_bytes = 1000;
    return limits;
}

Framing frame_all(const std::string& bytes, FramingLimits limits = small_limits()) {
    return RequestFramer(limits).advance(bytes);
}

// Feeds the bytes one at a time, as the slowest client would send them.
Framing frame_byte_by_byte(const std::string& bytes, FramingLimits limits = small_limits()) {
    RequestFramer framer(limits);
    Framing f;
    for (size_t n = 1; n <= bytes.size(); ++n) {
        f = framer.advance(std::string_view(bytes).substr(0, n));
        if (f.state != Framing::incomplete) return f;
    }
    return f;
}

const std::string kGet = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

TEST(RequestFraming, AGetEndsAtItsBlankLineAndLeavesAPipelinedRequestAlone) {
    Framing f = frame_all(kGet + kGet);
    EXPECT_EQ(f.state, Framing::complete);
    EXPECT_EQ(f.request_bytes, kGet.size());
    EXPECT_EQ(f.host, "localhost");
}

TEST(RequestFraming, AHeadThatHasNotEndedWaitsForMore) {
    EXPECT_EQ(frame_all("GET / HTTP/1.1\r\nHost: x\r\n").state, Framing::incomplete);
    EXPECT_EQ(frame_byte_by_byte(kGet).state, Framing::complete);
}

TEST(RequestFraming, AContentLengthBodyEndsAfterItsBytes) {
    std::string req = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    EXPECT_EQ(frame_all(req.substr(0, req.size() - 1)).state, Framing::incomplete);
    Framing f = frame_all(req + "GET");
    EXPECT_EQ(f.state, Framing::complete);
    EXPECT_EQ(f.request_bytes, req.size());
}

TEST(RequestFraming, AChunkedBodyEndsAfterItsLastChunkAndTrailers) {
    std::string req = "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n";
    Framing f = frame_byte_by_byte(req);
    EXPECT_EQ(f.state, Framing::complete);
    EXPECT_EQ(f.request_bytes, req.size());
}

TEST(RequestFraming, AChunkedBodyOverTheLimitIsRefusedAsSoonAsAChunkSaysSo) {
    std::string head = "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    // 600 + 600 decoded bytes pass 1000: refused when the second size line arrives, not after.
    std::string body = "258\r\n" + std::string(600, 'a') + "\r\n258\r\n";
    Framing f = frame_byte_by_byte(head + body);
    EXPECT_EQ(f.state, Framing::refused);
    EXPECT_EQ(f.status, 413);
    // A size too large for any integer is 413 too, not an overflow.
    EXPECT_EQ(frame_all(head + "ffffffffffffffffffffffffffff\r\n").status, 413);
}

TEST(RequestFraming, OneByteChunksCannotMakeTheRawBodyHuge) {
    FramingLimits limits = small_limits();
    std::string req = "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    std::string ext(900, 'e');
    for (int i = 0; i < 200; ++i) req += "1;" + ext + "\r\na\r\n";
    Framing f = frame_all(req, limits);
    EXPECT_EQ(f.state, Framing::refused);
    EXPECT_EQ(f.status, 413);
}

TEST(RequestFraming, ALongContentLengthIsRefusedBeforeTheBody) {
    Framing f = frame_all("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
    EXPECT_EQ(f.state, Framing::refused);
    EXPECT_EQ(f.status, 413);
}

TEST(RequestFraming, CompressedBodiesAreRefused) {
    for (const char* encoding : {"gzip", "br", "deflate", "GZIP", "identity, gzip"}) {
        Framing f = frame_all(std::string("POST /a HTTP/1.1\r\nHost: x\r\nContent-Encoding: ") + encoding +
                              "\r\nContent-Length: 3\r\n\r\nabc");
        EXPECT_EQ(f.status, 415) << encoding;
    }
    EXPECT_EQ(frame_all("POST /a HTTP/1.1\r\nHost: x\r\nContent-Encoding: identity\r\nContent-Length: 3\r\n\r\nabc").state,
              Framing::complete);
}

TEST(RequestFraming, TooManyHeadersOrTooManyHeaderBytesAre431) {
    std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 5; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
    EXPECT_EQ(frame_all(many + "\r\n").status, 431);
    // A head that keeps growing is refused once it passes the limit, without waiting for its end.
    std::string big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(500, 'b');
    EXPECT_EQ(frame_all(big).status, 431);
}

TEST(RequestFraming, ALongRequestLineIs414) {
    EXPECT_EQ(frame_all("GET /" + std::string(200, 'a')).status, 414);
    EXPECT_EQ(frame_all("GET /" + std::string(200, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n").status, 414);
}

TEST(RequestFraming, SmugglingShapesAre400) {
    const char* bad[] = {
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length : 3\r\n\r\nabc",
        "GET / HTTP/1.1\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n",
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
    };
    for (const char* request : bad) EXPECT_EQ(frame_all(request).status, 400) << request;
}

TEST(RequestFraming, AnUnknownTransferEncodingIs501) {
    EXPECT_EQ(frame_all("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").status, 501);
}

TEST(RequestFraming, AClientWaitingForContinueIsSeen) {
    Framing f = frame_all("POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    EXPECT_EQ(f.state, Framing::incomplete);
    EXPECT_TRUE(f.expects_continue);
}

TEST(RequestFraming, HttpOneZeroMayLeaveOutTheHost) {
    EXPECT_EQ(frame_all("GET / HTTP/1.0\r\n\r\n").state, Framing::complete);
}

// Found by fuzzing (tests/fuzz/http_request_fuzz.cpp): a trailer line longer than the head limit
// was refused when it came in two reads but accepted when it came in one.
TEST(RequestFraming, ALongTrailerLineIsRefusedHoweverItArrives) {
    std::string req = "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: " +
                      std::string(500, 't') + "\r\n\r\n";
    EXPECT_EQ(frame_all(req).status, 431);
    EXPECT_EQ(frame_byte_by_byte(req).status, 431);
}

// A request line exactly at the limit may arrive with its CR in one read and its LF in the next.
TEST(RequestFraming, ALineAtTheLimitSplitAfterItsCrIsStillTaken) {
    FramingLimits limits = small_limits();
    std::string line = "GET /" + std::string(limits.max_request_line - 14, 'a') + " HTTP/1.1";
    ASSERT_EQ(line.size(), limits.max_request_line);
    std::string req = line + "\r\nHost: x\r\n\r\n";
    EXPECT_EQ(frame_all(req).state, Framing::complete);
    EXPECT_EQ(frame_byte_by_byte(req).state, Framing::complete);
    RequestFramer empty(limits);
    EXPECT_EQ(empty.advance("").state, Framing::incomplete);
}

TEST(RequestFraming, ResetStartsTheNextRequest) {
    RequestFramer framer(small_limits());
    EXPECT_EQ(framer.advance(kGet).state, Framing::complete);
    framer.reset();
    EXPECT_EQ(framer.advance("GET / HTTP/1.1\r\n").state, Framing::incomplete);
}

} // namespace
} // namespace gd
