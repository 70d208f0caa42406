#include "proxy/domain/phone_numbers.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(PhoneNumbers, RussianNumbersInEveryCommonSpellingBecomeOne) {
    for (const char* written : {"8 916 123-45-67", "+7 (916) 123-45-67", "89161234567", "9161234567", "7 916 1234567",
                                "+7.916.123.45.67"}) {
        Result<std::string> phone = normalize_phone(written, "RU");
        ASSERT_TRUE(phone.ok()) << written;
        EXPECT_EQ(phone.value(), "+79161234567") << written;
    }
}

TEST(PhoneNumbers, ForeignNumbersKeepTheirCountry) {
    EXPECT_EQ(normalize_phone("+44 20 7946 0958", "RU").value(), "+442079460958");
    EXPECT_EQ(normalize_phone("+375 29 123-45-67", "RU").value(), "+375291234567");
    EXPECT_EQ(normalize_phone("8 029 123 45 67", "BY").value(), "+375291234567");
}

TEST(PhoneNumbers, TyposAreRefusedNotGuessed) {
    for (const char* written : {"", "123", "+7 916 123 45 6x", "звоните", "+7 916 123 45 67 89 01 23", "+0 123 456 789",
                                "8 (000) 000-00-00"}) {
        Result<std::string> phone = normalize_phone(written, "RU");
        ASSERT_FALSE(phone.ok()) << written;
        EXPECT_EQ(phone.error().code, ErrorCode::invalid_phone);
        EXPECT_EQ(phone.error().detail, written);
    }
}

TEST(PhoneNumbers, PeopleReadEachNumberGroupedAsItsCountryWritesIt) {
    EXPECT_EQ(phone_for_people("+79161234567"), "+7 916 123-45-67");   // Russian mobile
    EXPECT_EQ(phone_for_people("+74957775533"), "+7 495 777-55-33");   // Moscow landline
    EXPECT_EQ(phone_for_people("+77012345678"), "+7 701 234 5678");    // Kazakh mobile: +7 too, its own grouping
    EXPECT_EQ(phone_for_people("+4930123456"), "+49 30 123456");       // Berlin
    EXPECT_EQ(phone_for_people("+442079460958"), "+44 20 7946 0958");  // London
}

TEST(PhoneNumbers, WhatCannotBeReadIsShownAsItCame) {
    EXPECT_EQ(phone_for_people("+70000000000"), "+70000000000");   // no such number
    EXPECT_EQ(phone_for_people("+999123"), "+999123");             // no such country
    EXPECT_EQ(phone_for_people("79161234567"), "79161234567");     // not E.164
    EXPECT_EQ(phone_for_people(""), "");
}

TEST(PhoneNumbers, ChatIdsAreDigitsAtCus) {
    EXPECT_EQ(chat_id_of("+79161234567"), "79161234567@c.us");
}

TEST(PhoneNumbers, RegionsAreChecked) {
    EXPECT_TRUE(is_known_region("RU"));
    EXPECT_TRUE(is_known_region("KZ"));
    EXPECT_FALSE(is_known_region("XX"));
    EXPECT_FALSE(is_known_region("ru"));
}

} // namespace
} // namespace gd
