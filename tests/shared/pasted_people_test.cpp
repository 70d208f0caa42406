#include "shared/pasted_people.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(PastedPeople, OneNumberPerLineWithNamesInAnyOrder) {
    auto people = read_pasted_people("Иван Петров +7 (916) 123-45-67\n8 926 000 11 22 — Мария\n\n79031234567");
    ASSERT_EQ(people.size(), 3u);
    EXPECT_EQ(people[0].phone, "+7 (916) 123-45-67");
    EXPECT_EQ(people[0].name, "Иван Петров");
    EXPECT_EQ(people[0].line, 1);
    EXPECT_EQ(people[1].phone, "8 926 000 11 22");
    EXPECT_EQ(people[1].name, "Мария");
    EXPECT_EQ(people[2].phone, "79031234567");
    EXPECT_EQ(people[2].name, "");
    EXPECT_EQ(people[2].line, 4);
}

TEST(PastedPeople, SeveralNumbersOnALineAndSpreadsheetTabs) {
    auto people = read_pasted_people("ООО Ромашка\t+79161112233, +79162223344;\r\n");
    ASSERT_EQ(people.size(), 2u);
    EXPECT_EQ(people[0].phone, "+79161112233");
    EXPECT_EQ(people[1].phone, "+79162223344");
    EXPECT_EQ(people[1].name, "ООО Ромашка");
}

TEST(PastedPeople, ShortNumbersAreNotPhonesAndDuplicatesAreDropped) {
    auto people = read_pasted_people("кв. 12, дом 5\n+7 916 123 45 67\n8 (916) 1234567 повтор\n+7-916-123-45-67");
    ASSERT_EQ(people.size(), 2u);   // the 8-prefixed one has other digits: the proxy decides it is the same
    EXPECT_EQ(people[0].phone, "+7 916 123 45 67");
    EXPECT_EQ(people[1].phone, "8 (916) 1234567");
}

TEST(PastedPeople, AMistypedPhoneIsKeptSoItCanBeReportedNotDropped) {
    auto people = read_pasted_people("Пётр 12345\nкв. 12, дом 5\nАнна 916-12-3 офис 2");
    ASSERT_EQ(people.size(), 2u);
    EXPECT_EQ(people[0].phone, "12345");
    EXPECT_EQ(people[0].name, "Пётр");
    EXPECT_EQ(people[0].line, 1);
    EXPECT_EQ(people[1].phone, "916-12-3");
    EXPECT_EQ(people[1].name, "Анна офис 2");
    EXPECT_EQ(people[1].line, 3);
}

TEST(PastedPeople, DashesBetweenNameAndPhoneGoButCyrillicEndingsStay) {
    // "р" is D1 80 in UTF-8 and the dashes hold an 80 byte too.
    auto people = read_pasted_people("Пётр — +79161112233\n+79162223344 – Виктор\nИгорь-+79163334455");
    ASSERT_EQ(people.size(), 3u);
    EXPECT_EQ(people[0].name, "Пётр");
    EXPECT_EQ(people[1].name, "Виктор");
    EXPECT_EQ(people[2].name, "Игорь");
}

TEST(PastedPeople, EmptyAndGarbageGiveNobody) {
    EXPECT_TRUE(read_pasted_people("").empty());
    EXPECT_TRUE(read_pasted_people("\n\n  \t").empty());
    EXPECT_TRUE(read_pasted_people("привет, как дела?").empty());
}

TEST(PastedPeople, AHugePasteIsCappedNotRefused) {
    std::string text;
    for (int i = 0; i < 1500; ++i) text += "+7916" + std::to_string(1000000 + i) + "\n";
    EXPECT_EQ(read_pasted_people(text).size(), kMaxPastedPeople);
}

} // namespace
} // namespace gd
