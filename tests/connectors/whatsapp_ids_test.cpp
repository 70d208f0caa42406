// What every WhatsApp gateway shares: how a phone becomes an id and back, and what WhatsApp's
// per-person codes mean.
#include "proxy/connectors/upstream/whatsapp_ids.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(WhatsAppIds, APhoneBecomesAChatIdAndBack) {
    EXPECT_EQ(chat_id_of_phone("+79161234567").value(), "79161234567@c.us");
    EXPECT_EQ(digits_of_phone("+79161234567").value(), "79161234567");
    EXPECT_EQ(phone_of_id("79161234567@c.us"), "+79161234567");
    EXPECT_EQ(phone_of_id("79161234567@s.whatsapp.net"), "+79161234567");
    EXPECT_EQ(phone_of_id("79161234567:12@s.whatsapp.net"), "+79161234567");
    EXPECT_EQ(phone_of_id("79161234567"), "+79161234567");
}

TEST(WhatsAppIds, IdsWithoutAPhoneGiveNone) {
    EXPECT_EQ(phone_of_id("555000111222333@lid"), "");
    EXPECT_TRUE(is_lid("555000111222333@lid"));
    EXPECT_FALSE(is_lid("79161234567@c.us"));
    EXPECT_EQ(phone_of_id("120363041234567890@g.us"), "");
    EXPECT_EQ(phone_of_id("status@broadcast"), "");
    EXPECT_EQ(phone_of_id(""), "");
    EXPECT_EQ(phone_of_id("07916@c.us"), "");            // no country code starts with 0
    EXPECT_EQ(phone_of_id("1234567890123456@c.us"), "");  // longer than E.164 allows
}

TEST(WhatsAppIds, WhatIsNotE164IsAnInvalidPhoneNamingTheInput) {
    for (const char* bad : {"", "+", "79161234567", "+7916abc4567", "+0916123456", "+123456", "+1234567890123456"}) {
        Result<std::string> digits = digits_of_phone(bad);
        ASSERT_FALSE(digits) << bad;
        EXPECT_EQ(digits.error().code, ErrorCode::invalid_phone);
        EXPECT_EQ(digits.error().detail, bad);
        EXPECT_FALSE(chat_id_of_phone(bad)) << bad;
    }
}

TEST(WhatsAppCodes, CodesComeAsNumbersOrDigitStrings) {
    EXPECT_EQ(whatsapp_code_of(nlohmann::json(403)), 403);
    EXPECT_EQ(whatsapp_code_of(nlohmann::json("408")), 408);
    EXPECT_EQ(whatsapp_code_of(nlohmann::json("forbidden")), std::nullopt);
    EXPECT_EQ(whatsapp_code_of(nlohmann::json("12345")), std::nullopt);
    EXPECT_EQ(whatsapp_code_of(nlohmann::json("")), std::nullopt);
    EXPECT_EQ(whatsapp_code_of(nlohmann::json(nullptr)), std::nullopt);
    EXPECT_EQ(whatsapp_code_of(nlohmann::json::object()), std::nullopt);
}

TEST(WhatsAppCodes, EachCodeMeansOneOutcome) {
    const auto add = ParticipantAction::add;
    EXPECT_EQ(outcome_of_whatsapp_code(200, add), ChangeOutcome::done);
    EXPECT_EQ(outcome_of_whatsapp_code(403, add), ChangeOutcome::privacy_blocked);
    EXPECT_EQ(outcome_of_whatsapp_code(408, add), ChangeOutcome::left_recently);
    EXPECT_EQ(outcome_of_whatsapp_code(409, add), ChangeOutcome::already_member);
    EXPECT_EQ(outcome_of_whatsapp_code(417, add), ChangeOutcome::privacy_blocked);
    EXPECT_EQ(outcome_of_whatsapp_code(419, add), ChangeOutcome::group_full);
    EXPECT_EQ(outcome_of_whatsapp_code(404, ParticipantAction::remove), ChangeOutcome::not_a_member);
    EXPECT_EQ(outcome_of_whatsapp_code(404, ParticipantAction::demote), ChangeOutcome::not_a_member);
    EXPECT_EQ(outcome_of_whatsapp_code(404, add), ChangeOutcome::unknown);
    EXPECT_EQ(outcome_of_whatsapp_code(401, add), ChangeOutcome::not_admin);
    EXPECT_EQ(outcome_of_whatsapp_code(429, add), ChangeOutcome::rate_limited);
    EXPECT_EQ(outcome_of_whatsapp_code(500, add), ChangeOutcome::unknown);
}

TEST(WhatsAppInviteLinks, ACodeOrAWholeLinkBecomesTheLink) {
    EXPECT_EQ(invite_link_from_code("AbCdEfGhIjKlMnOpQrStUv")->url, "https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv");
    EXPECT_EQ(invite_link_from_code("https://chat.whatsapp.com/AbC-dEf_Gh12 \n")->url, "https://chat.whatsapp.com/AbC-dEf_Gh12");
    for (const char* bad : {"", "abc", "https://chat.whatsapp.com/", "not a code!", "https://evil.example/AbCdEfGh"})
        EXPECT_FALSE(invite_link_from_code(bad)) << bad;
}

} // namespace
} // namespace gd
