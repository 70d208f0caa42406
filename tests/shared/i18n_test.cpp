// The answer's language from ?lang= or the browser's Accept-Language; Russian when unsure.
#include "shared/i18n.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(Lang, PlainCodes) {
    EXPECT_EQ(parse_lang("ru"), Lang::ru);
    EXPECT_EQ(parse_lang("en"), Lang::en);
    EXPECT_EQ(parse_lang("EN"), Lang::en);
}

TEST(Lang, TheFirstSupportedLanguageOfAnAcceptLanguageHeaderWins) {
    EXPECT_EQ(parse_lang("en-US,en;q=0.9,ru;q=0.8"), Lang::en);
    EXPECT_EQ(parse_lang("ru-RU,ru;q=0.9,en-US;q=0.8"), Lang::ru);
    EXPECT_EQ(parse_lang("de-DE,de;q=0.9,en;q=0.8"), Lang::en);
    EXPECT_EQ(parse_lang("en_GB"), Lang::en);
}

TEST(Lang, RussianWhenNothingFits) {
    for (const char* s : {"", "de", "fr-FR,fr;q=0.9", "*", "e", "eng", "english", ",,,"}) EXPECT_EQ(parse_lang(s), Lang::ru) << s;
}

TEST(Lang, CodesForTheWire) {
    EXPECT_STREQ(lang_code(Lang::ru), "ru");
    EXPECT_STREQ(lang_code(Lang::en), "en");
}

} // namespace
} // namespace gd
