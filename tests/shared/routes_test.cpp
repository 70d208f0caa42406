// Paths the widget asks and the proxy answers, and the percent-encoding both sides agree on.
#include "shared/routes.h"

#include <gtest/gtest.h>

namespace gd::routes {
namespace {

TEST(Routes, AGroupIdIsEncodedIntoItsParticipantsPath) {
    EXPECT_EQ(group_participants("120363041234567801@g.us"), "/api/v1/groups/120363041234567801%40g.us/participants");
    EXPECT_EQ(group_participants("79990000001-1612345678@g.us"),
              "/api/v1/groups/79990000001-1612345678%40g.us/participants");
}

TEST(Routes, EncodingLeavesOnlyUnreservedCharacters) {
    EXPECT_EQ(url_encode("aZ09-._~"), "aZ09-._~");
    EXPECT_EQ(url_encode("a b/c?d#e%"), "a%20b%2Fc%3Fd%23e%25");
    EXPECT_EQ(url_encode("Чат"), "%D0%A7%D0%B0%D1%82");
    EXPECT_EQ(url_encode(""), "");
}

TEST(Routes, DecodingUndoesEncoding) {
    for (const char* s : {"120363041234567801@g.us", "a b/c?d#e%", "Клиенты — Москва", "", "%"}) {
        std::string back;
        ASSERT_TRUE(url_decode(url_encode(s), back)) << s;
        EXPECT_EQ(back, s);
    }
}

TEST(Routes, DecodingAcceptsBothHexCasesAndLeavesPlusAlone) {
    std::string out;
    ASSERT_TRUE(url_decode("%2f%2F+x", out));
    EXPECT_EQ(out, "//+x");
}

TEST(Routes, MalformedEscapesAreRefused) {
    std::string out;
    for (const char* bad : {"%", "%4", "abc%", "%zz", "%g0", "%0g", "x%2"}) EXPECT_FALSE(url_decode(bad, out)) << bad;
}

} // namespace
} // namespace gd::routes
