#include "proxy/transport/request_framing.h"

#include "proxy/connectors/upstream/ascii_text.h"

#include <algorithm>
#include <cctype>

namespace gd {

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr size_t kMaxChunkLine = 1024;   // a size and any extensions; nobody sends more

// RFC 9110 §5.6.2 tchar: what a method or a header name may hold.
bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (unsigned char c : s) {
        if (std::isalnum(c)) continue;
        if (std::string_view("!#$%&'*+-.^_`|~").find((char)c) == std::string_view::npos) return false;
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Digits only, no sign, no overflow: "1e3", "-1", " 5" and "99999999999999999999999" are not lengths.
bool parse_length(std::string_view s, size_t& out) {
    if (s.empty() || s.size() > 18) return false;
    size_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + (size_t)(c - '0');
    }
    out = n;
    return true;
}

bool valid_request_line(std::string_view line) {
    size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return false;
    size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) return false;
    std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                     version = line.substr(sp2 + 1);
    if (!is_token(method) || target.empty()) return false;
    for (unsigned char c : target)
        if (c <= 0x20 || c == 0x7f) return false;
    return version == "HTTP/1.1" || version == "HTTP/1.0";
}

} // namespace

Framing RequestFramer::refuse(int status, std::string reason) {
    Framing f;
    f.state = Framing::refused;
    f.status = status;
    f.reason = std::move(reason);
    f.host = host_;
    return f;
}

Framing RequestFramer::advance(std::string_view buffer) {
    if (phase_ == Phase::head) {
        Framing head = read_head(buffer);
        if (phase_ == Phase::head || head.state == Framing::refused) return head;
    }
    if (phase_ == Phase::fixed_body) {
        if (buffer.size() >= head_bytes_ + body_bytes_) {
            phase_ = Phase::done;
            pos_ = head_bytes_ + body_bytes_;
        }
    } else if (phase_ != Phase::done) {
        Framing chunks = read_chunks(buffer);
        if (chunks.state == Framing::refused) return chunks;
    }
    Framing f;
    f.host = host_;
    if (phase_ == Phase::done) {
        f.state = Framing::complete;
        f.request_bytes = pos_;
    } else {
        f.expects_continue = expects_continue_;
    }
    return f;
}

Framing RequestFramer::read_head(std::string_view buffer) {
    size_t end = buffer.find("\r\n\r\n", pos_ >= 3 ? pos_ - 3 : 0);
    if (end == std::string_view::npos) {
        // Refuse as soon as the limits are passed: waiting for the rest would only let it grow.
        // Without its CRLF yet, the line may end in the CR: one byte of slack, so a line the
        // whole request passes is never refused for arriving in two reads.
        size_t line_end = buffer.find(kCrlf);
        if ((line_end == std::string_view::npos ? std::max<size_t>(buffer.size(), 1) - 1 : line_end) > limits_.max_request_line)
            return refuse(414, "the request line is longer than " + std::to_string(limits_.max_request_line) + " bytes");
        if (buffer.size() > limits_.max_head_bytes)
            return refuse(431, "the headers are longer than " + std::to_string(limits_.max_head_bytes) + " bytes");
        pos_ = buffer.size();
        return Framing{};
    }
    head_bytes_ = end + 4;
    if (head_bytes_ > limits_.max_head_bytes)
        return refuse(431, "the headers are longer than " + std::to_string(limits_.max_head_bytes) + " bytes");

    std::string_view head = buffer.substr(0, end + 2);   // every line with its CRLF
    for (size_t i = 0; i < head.size(); ++i) {
        // A bare CR or LF splits lines differently for different readers (RFC 9112 §2.2).
        if (head[i] == '\n' && (i == 0 || head[i - 1] != '\r')) return refuse(400, "a line ends in a bare LF");
        if (head[i] == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n')) return refuse(400, "a bare CR in the head");
    }
    size_t line_end = head.find(kCrlf);
    std::string_view request_line = head.substr(0, line_end);
    if (request_line.size() > limits_.max_request_line)
        return refuse(414, "the request line is longer than " + std::to_string(limits_.max_request_line) + " bytes");
    if (!valid_request_line(request_line)) return refuse(400, "malformed request line");
    const bool http11 = request_line.substr(request_line.size() - 8) == "HTTP/1.1";

    bool has_length = false, chunked = false, has_host = false;
    size_t length = 0, count = 0;
    for (size_t at = line_end + 2; at < head.size();) {
        size_t eol = head.find(kCrlf, at);
        std::string_view line = head.substr(at, eol - at);
        at = eol + 2;
        if (++count > limits_.max_header_count)
            return refuse(431, "more than " + std::to_string(limits_.max_header_count) + " headers");
        if (line.front() == ' ' || line.front() == '\t') return refuse(400, "a folded header line");
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
            return refuse(400, "malformed header line");
        std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
        for (unsigned char c : value)
            if ((c < 0x20 && c != '\t') || c == 0x7f) return refuse(400, "a control character in a header");
        if (equals_ignoring_case(name, "Content-Length")) {
            size_t n = 0;
            if (!parse_length(value, n)) return refuse(400, "Content-Length is not a number");
            if (has_length && n != length) return refuse(400, "two different Content-Lengths");
            has_length = true;
            length = n;
        } else if (equals_ignoring_case(name, "Transfer-Encoding")) {
            if (!equals_ignoring_case(value, "chunked") || chunked)
                return refuse(501, "only one Transfer-Encoding: chunked is understood");
            chunked = true;
        } else if (equals_ignoring_case(name, "Content-Encoding")) {
            if (!value.empty() && !equals_ignoring_case(value, "identity"))
                return refuse(415, "compressed request bodies are not accepted");
        } else if (equals_ignoring_case(name, "Expect")) {
            expects_continue_ = equals_ignoring_case(value, "100-continue");
        } else if (equals_ignoring_case(name, "Host")) {
            if (has_host) return refuse(400, "two Host headers");
            has_host = true;
            host_ = std::string(value);
        }
    }
    if (http11 && !has_host) return refuse(400, "an HTTP/1.1 request without Host");
    if (has_length && chunked) return refuse(400, "both Content-Length and Transfer-Encoding");
    if (length > limits_.max_body_bytes)
        return refuse(413, "the body is longer than " + std::to_string(limits_.max_body_bytes) + " bytes");

    pos_ = head_bytes_;
    body_bytes_ = chunked ? 0 : length;
    phase_ = chunked ? Phase::chunk_size : length > 0 ? Phase::fixed_body : Phase::done;
    if (phase_ == Phase::done) expects_continue_ = false;
    return Framing{};
}

Framing RequestFramer::read_chunks(std::string_view buffer) {
    // Framing bytes count too: a megabyte sent as one-byte chunks with long extensions is still
    // a lot to hold.
    const size_t max_raw_body = 2 * limits_.max_body_bytes + 64 * 1024;
    while (phase_ != Phase::done) {
        if (pos_ - head_bytes_ > max_raw_body)
            return refuse(413, "the chunked body is longer than " + std::to_string(limits_.max_body_bytes) + " bytes");
        switch (phase_) {
        case Phase::chunk_size: {
            size_t eol = buffer.find(kCrlf, pos_);
            if (eol == std::string_view::npos) {
                if (buffer.size() - pos_ > kMaxChunkLine + 1) return refuse(400, "a chunk size line is too long");
                return Framing{};
            }
            std::string_view line = buffer.substr(pos_, eol - pos_);
            if (line.size() > kMaxChunkLine) return refuse(400, "a chunk size line is too long");
            size_t digits = 0, size = 0;
            bool too_big = false;
            for (; digits < line.size() && std::isxdigit((unsigned char)line[digits]); ++digits) {
                if (size > limits_.max_body_bytes) too_big = true;   // stop multiplying long before overflow
                if (too_big) continue;
                char c = (char)std::tolower((unsigned char)line[digits]);
                size = size * 16 + (size_t)(c <= '9' ? c - '0' : c - 'a' + 10);
            }
            std::string_view rest = trim(line.substr(digits));
            if (digits == 0 || (!rest.empty() && rest.front() != ';')) return refuse(400, "malformed chunk size");
            if (too_big || body_bytes_ + size > limits_.max_body_bytes)
                return refuse(413, "the body is longer than " + std::to_string(limits_.max_body_bytes) + " bytes");
            pos_ = eol + 2;
            body_bytes_ += size;
            chunk_left_ = size;
            phase_ = size == 0 ? Phase::trailers : Phase::chunk_data;
            trailers_start_ = pos_;
            break;
        }
        case Phase::chunk_data: {
            size_t take = std::min(buffer.size() - pos_, chunk_left_);
            pos_ += take;
            chunk_left_ -= take;
            if (chunk_left_ > 0) return Framing{};
            phase_ = Phase::chunk_data_end;
            break;
        }
        case Phase::chunk_data_end:
            if (buffer.size() - pos_ < 2) return Framing{};
            if (buffer.substr(pos_, 2) != kCrlf) return refuse(400, "a chunk does not end in CRLF");
            pos_ += 2;
            phase_ = Phase::chunk_size;
            break;
        case Phase::trailers: {
            // Trailers are headers too: all of them, with their CRLFs, within max_head_bytes.
            size_t eol = buffer.find(kCrlf, pos_);
            size_t seen = (eol == std::string_view::npos ? buffer.size() : eol + 2) - trailers_start_;
            if (seen > limits_.max_head_bytes) return refuse(431, "the trailers are too long");
            if (eol == std::string_view::npos) return Framing{};
            std::string_view line = buffer.substr(pos_, eol - pos_);
            pos_ = eol + 2;
            if (line.empty()) {
                phase_ = Phase::done;
                break;
            }
            if (++trailer_lines_ > limits_.max_header_count) return refuse(431, "too many trailer lines");
            size_t colon = line.find(':');
            if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
                return refuse(400, "malformed trailer line");
            break;
        }
        default: return Framing{};
        }
    }
    return Framing{};
}

} // namespace gd
