#include "shared/crm_user_rules.h"

namespace gd {

namespace {

// Bytes of a UTF-8 name: ASCII letters, any non-ASCII character (Cyrillic and other scripts),
// and the joiners names use. amoCRM allows no special character but . @ - _ in a name.
bool name_byte_ok(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80 || c == '-' || c == '.';
}

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::vector<std::string> words_of(const std::string& s) {
    std::vector<std::string> words;
    std::string word;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            if (!word.empty()) words.push_back(word), word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(word);
    return words;
}

bool email_ok(const std::string& email) {
    if (email.size() > 254) return false;
    size_t at = email.find('@');
    if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) return false;
    size_t dot = email.find('.', at);
    if (dot == std::string::npos || dot == at + 1 || email.back() == '.') return false;
    for (unsigned char c : email)
        if (c <= ' ' || c == 0x7F || c == ',' || c == ';' || c == '<' || c == '>') return false;
    return true;
}

} // namespace

bool split_full_name(const std::string& full_name, std::string& first, std::string& last, Text* problem) {
    std::vector<std::string> words = words_of(full_name);
    auto fail = [&](Text t) {
        if (problem) *problem = t;
        return false;
    };
    if (words.empty()) return fail({"Введите имя и фамилию.", "Enter the first and last name."});
    if (words.size() == 1) return fail({"Нужны имя и фамилия: два слова.", "First and last name are needed: two words."});
    if (words.size() > 2)
        return fail({"Только имя и фамилия, без отчества.", "First and last name only, no patronymic."});
    for (const std::string& w : words)
        for (unsigned char c : w)
            if (!name_byte_ok(c))
                return fail({"В имени допустимы буквы, дефис и точка.", "A name may hold letters, a hyphen and a dot."});
    first = words[0];
    last = words[1];
    return true;
}

std::vector<FieldProblem> check_new_user(const NewUser& user, const CrmAdminAbilities& rules) {
    std::vector<FieldProblem> problems;
    if (!user.existing_account) {
        std::string first, last;
        Text why{"", ""};
        if (!split_full_name(user.first_name + " " + user.last_name, first, last, &why) ||
            first != user.first_name || last != user.last_name) {
            if (why.ru[0] == '\0') why = {"Имя и фамилия — по одному слову.", "First and last name: one word each."};
            problems.push_back({"name", why});
        } else if ((int)utf8_length(first + " " + last) > rules.name_max_length) {
            problems.push_back({"name", {"Имя слишком длинное для этой CRM.", "The name is too long for this CRM."}});
        }
    }
    if (!email_ok(user.email))
        problems.push_back({"email", {"Введите почту вида name@company.ru.", "Enter an e-mail like name@company.com."}});
    if (rules.sets_password && !user.existing_account) {
        const std::string& p = user.password;
        bool digit = false, lower = false, upper = false;
        for (unsigned char c : p) {
            digit |= c >= '0' && c <= '9';
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if ((int)p.size() < rules.password_min_length)
            problems.push_back({"password", {"Пароль слишком короткий.", "The password is too short."}});
        else if (!digit || !lower || !upper)
            problems.push_back({"password", {"В пароле нужны цифра, строчная и заглавная латинские буквы.",
                                             "The password needs a digit, a lower-case and an upper-case Latin letter."}});
        else if (p.size() > 128 || p.find_first_of(" \t\r\n") != std::string::npos)
            problems.push_back({"password", {"Пароль без пробелов, не длиннее 128 знаков.",
                                             "The password may not hold spaces or exceed 128 characters."}});
    }
    if (rules.group_required && user.group_id.empty())
        problems.push_back({"group_id", {"Выберите отдел.", "Choose a department."}});
    return problems;
}

std::string generate_password(const std::function<uint32_t()>& random, int length) {
    static const char kLower[] = "abcdefghijkmnopqrstuvwxyz";   // no l
    static const char kUpper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";    // no I, O
    static const char kDigits[] = "23456789";                   // no 0, 1
    static const char kSigns[] = "-_.!#%+";
    const std::string all = std::string(kLower) + kUpper + kDigits + kSigns;
    if (length < 12) length = 12;
    // Uniform picks: a value below the largest multiple of n, so no character is favoured.
    auto pick = [&](const std::string& from) {
        const uint32_t n = (uint32_t)from.size();
        const uint32_t limit = UINT32_MAX - UINT32_MAX % n;
        uint32_t v;
        do v = random();
        while (v >= limit);
        return from[v % n];
    };
    std::string p;
    p += pick(kLower), p += pick(kUpper), p += pick(kDigits), p += pick(kSigns);
    while ((int)p.size() < length) p += pick(all);
    // Shuffle, so the four guaranteed classes are not always first (Fisher-Yates).
    for (int i = length - 1; i > 0; --i) {
        const uint32_t n = (uint32_t)i + 1;
        const uint32_t limit = UINT32_MAX - UINT32_MAX % n;
        uint32_t v;
        do v = random();
        while (v >= limit);
        std::swap(p[i], p[v % n]);
    }
    return p;
}

} // namespace gd
