// The access log: enough to follow a request, never its query string (tokens ride there).
#include "proxy/transport/access_log.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(AccessLog, MethodPathStatusAndDuration) {
    EXPECT_EQ(access_log_line("GET", "/api/v1/groups", 200, 3), "GET /api/v1/groups 200 3ms");
}

TEST(AccessLog, TheQueryStringIsLeftOut) {
    EXPECT_EQ(access_log_line("GET", "/?token=abc&lang=en", 200, 0), "GET / 200 0ms");
}

TEST(AccessLog, ControlCharactersCannotForgeLines) {
    EXPECT_EQ(access_log_line("GET", "/a\nGET /admin 200 0ms", 404, 1), "GET /a?GET /admin 200 0ms 404 1ms");
}

TEST(AccessLog, VeryLongPathsAreCut) {
    std::string line = access_log_line("GET", "/" + std::string(5000, 'a'), 404, 0);
    EXPECT_LT(line.size(), 400u);
    EXPECT_NE(line.find("... 404 0ms"), std::string::npos);
}

TEST(AccessLog, ARequestThatCouldNotBeReadStillGetsAWholeLine) {
    EXPECT_EQ(access_log_line("", "", 414, 0), "- - 414 0ms");
}

} // namespace
} // namespace gd
