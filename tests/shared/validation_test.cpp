// Which group ids the proxy lets through to a gateway.
#include "shared/validation.h"

#include <gtest/gtest.h>

#include <string>

namespace gd {
namespace {

TEST(GroupIds, NewAndOldStyleIdsAreValid) {
    EXPECT_TRUE(is_valid_group_id("120363041234567801@g.us"));
    EXPECT_TRUE(is_valid_group_id("79990000001-1612345678@g.us"));
    EXPECT_TRUE(is_valid_group_id("1@g.us"));
}

TEST(GroupIds, AnythingElseIsNot) {
    for (const char* bad : {"", "@g.us", "120363041234567801", "120363041234567801@c.us", "79161234567@c.us",
                            "12a3@g.us", "-123@g.us", "123-@g.us", "1-2-3@g.us", "12 3@g.us", "../1@g.us",
                            "120363041234567801@g.us/participants", "120363041234567801@G.US", "%31@g.us"})
        EXPECT_FALSE(is_valid_group_id(bad)) << bad;
}

TEST(GroupIds, OverlongIdsAreRefused) {
    std::string longest = std::string(kMaxGroupIdLength - 5, '1') + "@g.us";
    EXPECT_TRUE(is_valid_group_id(longest));
    EXPECT_FALSE(is_valid_group_id("1" + longest));
}

} // namespace
} // namespace gd
