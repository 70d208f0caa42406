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
