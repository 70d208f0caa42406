#include "web/state/text_search.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(TextSearch, FoldsLatinAndCyrillicCase) {
    EXPECT_EQ(fold_for_search("ПрИвЕт World"), "привет world");
    EXPECT_EQ(fold_for_search("ЁЛКА ёлка"), "елка елка");
}

TEST(TextSearch, PassesInvalidUtf8Through) {
    std::string bad = "a\xff\xfe" "b";
    EXPECT_EQ(fold_for_search(bad), "a\xff\xfe" "b");
    EXPECT_EQ(fold_for_search("\xd0"), "\xd0");   // truncated sequence
}

TEST(TextSearch, QueryMatchesNamesCaseInsensitively) {
    SearchQuery q = make_query("  москва ");
    EXPECT_TRUE(matches(q, "Клиенты — Москва"));
    EXPECT_FALSE(matches(q, "Оптовики Урал"));
}

TEST(TextSearch, DigitQueriesMatchPhonesInAnyFormat) {
    SearchQuery q = make_query("916 123-45");
    EXPECT_EQ(q.digits, "91612345");
    EXPECT_TRUE(matches(q, "Иван", "+7 (916) 123-45-67"));
    EXPECT_FALSE(matches(q, "Иван", "+7 (926) 123-45-67"));
}

// A phone is shown as «+7 916 123-45-67» and kept as +79161234567: what a person types from either
// finds them, and so does the trunk prefix people dial (8 for +7).
TEST(TextSearch, APhoneIsFoundByItsShownFormItsE164AndTheTrunkPrefix) {
    for (const char* typed : {"916 123", "+7916123", "+7 916 123-45", "79161234567", "8 916 123", "8(916)1234567"}) {
        SearchQuery q = make_query(typed);
        EXPECT_TRUE(matches(q, "Анна", "+79161234567")) << typed;
        EXPECT_TRUE(matches(q, "Анна", "+7 916 123-45-67")) << typed;
    }
    EXPECT_FALSE(matches(make_query("8 916 124"), "Анна", "+79161234567"));
    // The trunk prefix counts only at the start: «8495» is not «7495» inside another number.
    EXPECT_FALSE(matches(make_query("8495"), "Анна", "+79167495111"));
    EXPECT_TRUE(matches(make_query("8495"), "Анна", "+74957775533"));
    // A query with + is written internationally: +8… is not +7….
    EXPECT_FALSE(matches(make_query("+8 916"), "Анна", "+79161234567"));
}

TEST(TextSearch, MixedQueriesDoNotBecomePhoneQueries) {
    SearchQuery q = make_query("Иван 916");
    EXPECT_TRUE(q.digits.empty());
    EXPECT_FALSE(matches(q, "Пётр", "+79161234567"));
}

TEST(TextSearch, EmptyQueryMatchesEverything) {
    EXPECT_TRUE(matches(make_query(""), "anything"));
    EXPECT_TRUE(matches(make_query("   "), ""));
}

} // namespace
} // namespace gd
