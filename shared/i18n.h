#pragma once
// The two languages of the product. Every user-facing string exists in both; Russian first.
#include <string_view>

namespace gd {

enum class Lang { ru, en };

struct Text {
    const char* ru;
    const char* en;
    const char* in(Lang lang) const { return lang == Lang::ru ? ru : en; }
};

// "ru", "ru-RU", "en-US,en;q=0.9" ... -> the first supported language; Russian when unsure.
Lang parse_lang(std::string_view accept_language_or_code);
const char* lang_code(Lang lang);

} // namespace gd
