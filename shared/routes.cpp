#include "shared/routes.h"

namespace gd::routes {

std::string group_participants(std::string_view group_id) {
    return std::string(kGroups) + "/" + url_encode(group_id) + "/participants";
}

std::string card(std::string_view kind, std::string_view id) {
    return std::string(kCards) + "/" + url_encode(kind) + "/" + url_encode(id);
}

std::string group_changes(std::string_view group_id) {
    return std::string(kGroups) + "/" + url_encode(group_id) + "/changes";
}

std::string group_invite_link(std::string_view group_id) {
    return std::string(kGroups) + "/" + url_encode(group_id) + "/invite-link";
}

std::string group_invite_link_revoke(std::string_view group_id) { return group_invite_link(group_id) + "/revoke"; }
std::string group_invite_link_send(std::string_view group_id) { return group_invite_link(group_id) + "/send"; }

std::string group_privacy_retry(std::string_view group_id) {
    return std::string(kGroups) + "/" + url_encode(group_id) + "/privacy-refusals/retry";
}

std::string job(std::string_view job_id) { return "/api/v1/jobs/" + url_encode(job_id); }
std::string job_cancel(std::string_view job_id) { return job(job_id) + "/cancel"; }

std::string sandbox_deal_stage(std::string_view deal_id) { return "/api/v1/sandbox/deals/" + url_encode(deal_id) + "/stage"; }

std::string url_encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (unsigned char c : s) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += (char)c;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool url_decode(std::string_view s, std::string& out) {
    out.clear();
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return false;
        int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out += (char)(hi * 16 + lo);
        i += 2;
    }
    return true;
}

} // namespace gd::routes
