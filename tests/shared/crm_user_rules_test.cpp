// The new CRM user's rules (shared/crm_user_rules.h), as the widget checks them while the admin
// types and the proxy checks them again before the CRM is asked.
#include "shared/crm_user_rules.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace gd {
namespace {

CrmAdminAbilities amocrm_rules() {
    CrmAdminAbilities a;
    a.add_users = true;
    a.sets_password = true;
    a.password_min_length = 6;
    a.name_max_length = 50;
    return a;
}

NewUser user(std::string first, std::string last, std::string email = "gleb@example.com",
             std::string password = "Vx7-pQ2m-Lk9r") {
    return {std::move(first), std::move(last), std::move(email), std::move(password), {}, {}, false};
}

std::vector<std::string> fields(const std::vector<FieldProblem>& problems) {
    std::vector<std::string> out;
    for (const FieldProblem& p : problems) out.push_back(p.field);
    return out;
}

TEST(CrmUserRules, TheSeedsExampleIsAccepted) {
    EXPECT_TRUE(check_new_user(user("Глеб", "Кочергин"), amocrm_rules()).empty());
    EXPECT_TRUE(check_new_user(user("Anna-Maria", "O.Brien"), amocrm_rules()).empty());
}

TEST(CrmUserRules, AFullNameIsExactlyTwoWordsWithoutPatronymic) {
    std::string first, last;
    ASSERT_TRUE(split_full_name("  Глеб   Кочергин ", first, last));
    EXPECT_EQ(first, "Глеб");
    EXPECT_EQ(last, "Кочергин");

    Text why{"", ""};
    EXPECT_FALSE(split_full_name("Глеб Игоревич Кочергин", first, last, &why));
    EXPECT_STREQ(why.en, "First and last name only, no patronymic.");
    EXPECT_FALSE(split_full_name("Глеб", first, last, &why));
    EXPECT_STREQ(why.en, "First and last name are needed: two words.");
    EXPECT_FALSE(split_full_name("   ", first, last, &why));
    EXPECT_STREQ(why.en, "Enter the first and last name.");
    EXPECT_FALSE(split_full_name("Глеб К0чергин", first, last, &why));
    EXPECT_FALSE(split_full_name("Глеб http://x.ru", first, last, &why));
    EXPECT_STREQ(why.en, "A name may hold letters, a hyphen and a dot.");
}

TEST(CrmUserRules, EachBrokenFieldIsNamed) {
    EXPECT_EQ(fields(check_new_user(user("Глеб", ""), amocrm_rules())), std::vector<std::string>{"name"});
    EXPECT_EQ(fields(check_new_user(user("Глеб Игоревич", "Кочергин"), amocrm_rules())), std::vector<std::string>{"name"});
    EXPECT_EQ(fields(check_new_user(user("Глеб", "Кочергин", "gleb@"), amocrm_rules())), std::vector<std::string>{"email"});
    EXPECT_EQ(fields(check_new_user(user("Глеб", "Кочергин", "gleb example@x.ru"), amocrm_rules())),
              std::vector<std::string>{"email"});
    EXPECT_EQ(fields(check_new_user(user("Глеб", "Кочергин", "a@b@c.ru"), amocrm_rules())), std::vector<std::string>{"email"});
    // amoCRM: at least 6 characters with a digit, a lower- and an upper-case letter.
    EXPECT_EQ(fields(check_new_user(user("Глеб", "Кочергин", "g@x.ru", "Ab1"), amocrm_rules())),
              std::vector<std::string>{"password"});
    EXPECT_EQ(fields(check_new_user(user("Глеб", "Кочергин", "g@x.ru", "abcdef1"), amocrm_rules())),
              std::vector<std::string>{"password"});
    EXPECT_EQ(fields(check_new_user(user("Глеб", "Кочергин", "g@x.ru", "Abc def1"), amocrm_rules())),
              std::vector<std::string>{"password"});
    EXPECT_TRUE(check_new_user(user("Глеб", "Кочергин", "g@x.ru", "Abcde1"), amocrm_rules()).empty());
}

TEST(CrmUserRules, ANameLongerThanTheCrmTakesIsRefusedCountingLettersNotBytes) {
    // 24 + 1 + 25 = 50 Cyrillic letters: 100 bytes, and still within amoCRM's 50 characters.
    std::string first, last;
    for (int i = 0; i < 24; ++i) first += "ж";
    for (int i = 0; i < 25; ++i) last += "ж";
    EXPECT_TRUE(check_new_user(user(first, last), amocrm_rules()).empty());
    EXPECT_EQ(fields(check_new_user(user(first + "ж", last), amocrm_rules())), std::vector<std::string>{"name"});
}

TEST(CrmUserRules, AnInvitationCrmAsksNoPasswordButADepartment) {
    CrmAdminAbilities bitrix24;
    bitrix24.add_users = true;
    bitrix24.group_required = true;
    NewUser invited = user("Глеб", "Кочергин", "gleb@example.com", "");
    EXPECT_EQ(fields(check_new_user(invited, bitrix24)), std::vector<std::string>{"group_id"});
    invited.group_id = "7";
    EXPECT_TRUE(check_new_user(invited, bitrix24).empty());
}

TEST(CrmUserRules, AnExistingAccountNeedsOnlyItsEmail) {
    NewUser existing = user("", "", "gleb@example.com", "");
    existing.existing_account = true;
    EXPECT_TRUE(check_new_user(existing, amocrm_rules()).empty());
    existing.email = "not an e-mail";
    EXPECT_EQ(fields(check_new_user(existing, amocrm_rules())), std::vector<std::string>{"email"});
}

TEST(CrmUserRules, AGeneratedPasswordMeetsEveryRuleAndIsNeverTheSameTwice) {
    std::mt19937 engine(20261130);
    auto random = [&] { return (uint32_t)engine(); };
    std::set<std::string> seen;
    for (int i = 0; i < 500; ++i) {
        std::string p = generate_password(random);
        EXPECT_EQ(p.size(), 14u);
        EXPECT_TRUE(check_new_user(user("Глеб", "Кочергин", "g@x.ru", p), amocrm_rules()).empty()) << p;
        EXPECT_EQ(p.find_first_of("0O1lI"), std::string::npos) << p;   // nothing that reads alike
        EXPECT_NE(p.find_first_of("-_.!#%+"), std::string::npos) << p;
        seen.insert(p);
    }
    EXPECT_EQ(seen.size(), 500u);
    EXPECT_EQ(generate_password(random, 4).size(), 12u);   // never shorter than 12
}

} // namespace
} // namespace gd
