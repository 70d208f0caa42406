// The robot «Управление группой» as Bitrix24 calls it: the form its queue server posts, read into
// a call and the administrator's settings (every setting GroupDesk cannot act on said in Russian
// for the workflow's log), and the result going back through bizproc.event.send against a fake
// portal: its rate limit, an expired pair, a closed activity.
#include "bitrix24_posts.h"

#include "proxy/connectors/bitrix24/bitrix24_robot_call.h"
#include "proxy/connectors/bitrix24/bitrix24_robot_result.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

using test::add_phones;
using test::FakeBitrix24;
using test::form_of;
using test::kAppToken;
using test::kMemberId;
using test::RobotPost;

const char* kGroup = "120363041234567890@g.us";

RobotPost post_with(test::OrderedFields properties, const std::string& document = "DEAL_8061") {
    RobotPost post;
    post.domain = "portal.bitrix24.ru";
    post.properties = std::move(properties);
    post.document = document;
    return post;
}

RobotCall call_of(const RobotPost& post) {
    Result<RobotCall> call = parse_robot_call(form_of(post.body()));
    EXPECT_TRUE(call.ok()) << (call.ok() ? "" : call.error().detail);
    return call.ok() ? *call : RobotCall{};
}

// ---- The call -------------------------------------------------------------------------------

TEST(Bitrix24RobotCall, TheFormIsSentWithPhpBracketsPercentEncoded) {
    const std::string body = post_with(add_phones(kGroup, {"+7 916 555-01-02"})).body();
    // Byte for byte what http_build_query() writes: brackets, "|" and "@" encoded, spaces as "+".
    EXPECT_EQ(body.rfind("workflow_id=6571a3b2c4d5e6.12345678&code=groupdesk_group&document_id%5B0%5D=crm&"
                         "document_id%5B1%5D=CCrmDocumentDeal&document_id%5B2%5D=DEAL_8061&document_type%5B0%5D=crm&",
                         0),
              0u)
        << body;
    EXPECT_NE(body.find("&event_token=55c1dc1c3f0d75.78875596%7CA51601_82584_96831_81132%7ChsyQfk3M8Pp5bX2Y0d9Jw1nLr7Tc&"), std::string::npos);
    EXPECT_NE(body.find("&properties%5Bgroup%5D=120363041234567890%40g.us&"), std::string::npos);
    EXPECT_NE(body.find("&properties%5Bphones%5D%5B0%5D=%2B7+916+555-01-02&"), std::string::npos);
    EXPECT_NE(body.find("&auth%5Bapplication_token%5D=app-token-Hq2Lm9Xv"), std::string::npos);
}

TEST(Bitrix24RobotCall, AGenuineCallIsReadWhole) {
    const RobotCall call = call_of(post_with(add_phones(kGroup, {"+79165550102", "8 916 555-01-03 Иван Петров"})));
    EXPECT_EQ(call.member_id, kMemberId);
    EXPECT_EQ(call.user_id, "1");
    EXPECT_EQ(call.code, "groupdesk_group");
    EXPECT_EQ(call.event_token, "55c1dc1c3f0d75.78875596|A51601_82584_96831_81132|hsyQfk3M8Pp5bX2Y0d9Jw1nLr7Tc");
    EXPECT_EQ(call.document_id, (std::vector<std::string>{"crm", "CCrmDocumentDeal", "DEAL_8061"}));
    EXPECT_TRUE(call.use_subscription);
    EXPECT_EQ(call.properties.at("phones"), (std::vector<std::string>{"+79165550102", "8 916 555-01-03 Иван Петров"}));

    const RobotCaller caller = robot_caller(form_of(post_with({}).body()));
    EXPECT_EQ(caller.member_id, kMemberId);
    EXPECT_EQ(caller.application_token, kAppToken);
}

TEST(Bitrix24RobotCall, AnOlderPortalsCallWithoutDocumentTypeOrRefreshTokenIsReadToo) {
    RobotPost post = post_with(add_phones(kGroup, {"+79165550102"}));
    post.newer_core = false;
    const RobotCall call = call_of(post);
    EXPECT_EQ(call.document_id[2], "DEAL_8061");
    EXPECT_TRUE(read_robot_settings(call).ok());
}

TEST(Bitrix24RobotCall, ManyPhonesKeepTheirOrderPastTheTenth) {
    std::vector<std::string> phones;
    for (int i = 0; i < 12; ++i) phones.push_back("+791655501" + std::to_string(10 + i));
    const RobotCall call = call_of(post_with(add_phones(kGroup, phones)));
    EXPECT_EQ(call.properties.at("phones"), phones);   // [10] and [11] after [9], not after [1]
}

TEST(Bitrix24RobotCall, AMissingFieldIsABadRequestNamingItAndNoToken) {
    for (const char* field : {"event_token", "code", "document_id[2]", "auth[member_id]"}) {
        test::OrderedFields fields = post_with(add_phones(kGroup, {"+79165550102"})).fields();
        std::erase_if(fields, [&](const auto& f) { return f.first == field; });
        Result<RobotCall> call = parse_robot_call(form_of(test::php_form(fields)));
        ASSERT_FALSE(call.ok()) << field;
        EXPECT_EQ(call.error().code, ErrorCode::bad_request);
        EXPECT_NE(call.error().detail.find(field), std::string::npos) << call.error().detail;
        EXPECT_EQ(call.error().detail.find(kAppToken), std::string::npos);
        EXPECT_EQ(call.error().detail.find("at-robot-user-1"), std::string::npos);
    }
    Result<RobotCall> odd = parse_robot_call(form_of(post_with({{"properties[group\n]", kGroup}}).body()));
    ASSERT_FALSE(odd.ok());
    EXPECT_EQ(odd.error().detail, "properties has a malformed name");
}

// ---- The settings ---------------------------------------------------------------------------

TEST(Bitrix24RobotSettings, PhonesFromTheSettingsWithNamesAndTheInviteFlag) {
    const RobotSettings s = read_robot_settings(call_of(post_with(add_phones(kGroup, {"+79165550102", "8 916 555-01-03 Иван Петров, +79165550104"}))));
    ASSERT_TRUE(s.ok()) << s.problem_en;
    EXPECT_EQ(s.entity.kind, EntityKind::deal);
    EXPECT_EQ(s.entity.id, "8061");
    EXPECT_EQ(s.group_id, kGroup);
    EXPECT_EQ(s.action, ParticipantAction::add);
    EXPECT_EQ(s.whom, RobotWhom::phones);
    EXPECT_TRUE(s.invite_on_failure);
    ASSERT_EQ(s.people.size(), 3u);   // one value may hold several numbers
    EXPECT_EQ(s.people[0].phone, "+79165550102");
    EXPECT_EQ(s.people[1].phone, "8 916 555-01-03");
    EXPECT_EQ(s.people[1].name, "Иван Петров");
    EXPECT_EQ(s.people[2].phone, "+79165550104");
}

TEST(Bitrix24RobotSettings, TheLeadsContactsAreReadLaterNotNow) {
    const RobotSettings s = read_robot_settings(call_of(post_with(
        {{"properties[group]", kGroup}, {"properties[action]", "demote"}, {"properties[whom]", "contacts"},
         {"properties[phones]", ""}, {"properties[invite_on_failure]", "N"}},
        "LEAD_7")));
    ASSERT_TRUE(s.ok()) << s.problem_en;
    EXPECT_EQ(s.entity.kind, EntityKind::lead);
    EXPECT_EQ(s.entity.id, "7");
    EXPECT_EQ(s.action, ParticipantAction::demote);
    EXPECT_EQ(s.whom, RobotWhom::contacts);
    EXPECT_TRUE(s.people.empty());
    EXPECT_FALSE(s.invite_on_failure);
    EXPECT_EQ(entity_card_url("https://portal.bitrix24.ru/", s.entity), "https://portal.bitrix24.ru/crm/lead/details/7/");
    EXPECT_EQ(entity_card_url("https://portal.bitrix24.ru", {EntityKind::deal, "123"}), "https://portal.bitrix24.ru/crm/deal/details/123/");
}

TEST(Bitrix24RobotSettings, WhatCannotBeActedOnIsSaidInRussianForTheWorkflowLog) {
    struct Case {
        test::OrderedFields properties;
        std::string document;
        std::string says;
    };
    const test::OrderedFields whom_phones = {{"properties[action]", "add"}, {"properties[whom]", "phones"}};
    std::vector<Case> cases = {
        {{{"properties[action]", "add"}, {"properties[whom]", "contacts"}}, "DEAL_1", "не выбрана группа"},
        {{{"properties[group]", "Клиенты"}, {"properties[action]", "add"}, {"properties[whom]", "contacts"}}, "DEAL_1", "указана неверно"},
        {{{"properties[group]", kGroup}, {"properties[whom]", "contacts"}}, "DEAL_1", "не выбрано действие"},
        {{{"properties[group]", kGroup}, {"properties[action]", "kick"}, {"properties[whom]", "contacts"}}, "DEAL_1", "неизвестное действие «kick»"},
        {{{"properties[group]", kGroup}, {"properties[action]", "add"}}, "DEAL_1", "не выбрано, с кем"},
        {{{"properties[group]", kGroup}, {"properties[action]", "add"}, {"properties[whom]", "phones"}}, "DEAL_1", "ни одного номера"},
        {{{"properties[group]", kGroup}, {"properties[action]", "add"}, {"properties[whom]", "phones"}, {"properties[phones][0]", " "}},
         "DEAL_1", "ни одного номера"},
        {{{"properties[group]", kGroup}, {"properties[action]", "add"}, {"properties[whom]", "contacts"},
          {"properties[invite_on_failure]", "maybe"}}, "DEAL_1", "«Да» или «Нет»"},
        {{{"properties[group]", kGroup}, {"properties[action]", "add"}, {"properties[whom]", "contacts"}}, "CONTACT_5",
         "только в сделках и лидах"},
        {{{"properties[group]", kGroup}, {"properties[action]", "add"}, {"properties[whom]", "contacts"}}, "DEAL_x1", "«DEAL_x1»"},
    };
    for (const Case& c : cases) {
        const RobotSettings s = read_robot_settings(call_of(post_with(c.properties, c.document)));
        EXPECT_FALSE(s.ok()) << c.says;
        EXPECT_NE(s.problem_ru.find(c.says), std::string::npos) << s.problem_ru;
        EXPECT_FALSE(s.problem_en.empty());
    }
    RobotPost other_code = post_with(add_phones(kGroup, {"+79165550102"}));
    test::OrderedFields fields = other_code.fields();
    fields[1].second = "other_robot";
    const RobotSettings s = read_robot_settings(*parse_robot_call(form_of(test::php_form(fields))));
    EXPECT_NE(s.problem_ru.find("«other_robot»"), std::string::npos) << s.problem_ru;
}

TEST(Bitrix24RobotSettings, TextWithoutANumberIsKeptSoTheRunReportsIt) {
    const RobotSettings s = read_robot_settings(call_of(post_with(add_phones(kGroup, {"позвоните мне"}))));
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s.people.size(), 1u);
    EXPECT_EQ(s.people[0].phone, "позвоните мне");
}

TEST(Bitrix24RobotSettings, BytesThatAreNoUtf8BecomeReplacementCharactersNotBrokenJson) {
    RobotSettings s = read_robot_settings(call_of(post_with(add_phones(kGroup, {"\xFF\xFE позвоните"}))));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(nlohmann::json(s.people[0].phone).dump(), "\"\xEF\xBF\xBD\xEF\xBF\xBD позвоните\"");
    // A long unknown action is cut for the log at a character, never inside one.
    const std::string long_action = std::string(63, 'a') + "ж\xC0";
    s = read_robot_settings(call_of(post_with({{"properties[group]", kGroup}, {"properties[action]", long_action}})));
    EXPECT_NO_THROW((void)nlohmann::json(s.problem_ru).dump()) << s.problem_ru;
    EXPECT_NE(s.problem_ru.find("«" + std::string(63, 'a') + "…»"), std::string::npos) << s.problem_ru;

    RobotPost odd_token = post_with(add_phones(kGroup, {"+79165550102"}));
    odd_token.event_token = "token\xD0";
    Result<RobotCall> call = parse_robot_call(form_of(odd_token.body()));
    ASSERT_FALSE(call.ok());
    EXPECT_EQ(call.error().detail, "event_token is not printable ASCII");
}

// ---- The result -----------------------------------------------------------------------------

const char* kEventToken = "55c1dc1c3f0d75.78875596|A51601_82584_96831_81132|hsyQfk3M8Pp5bX2Y0d9Jw1nLr7Tc";

struct Portal {
    FakeBitrix24 fake;
    ManualClock clock;
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    Bitrix24App app{test::kClientId, test::kClientSecret, ""};
    std::unique_ptr<Bitrix24Rest> rest;
    std::string access;

    Portal() {
        fake.user("1", "Anna", "Admin", /*admin=*/true);
        auto [a, refresh] = fake.issue_pair("1");
        access = a;
        app.oauth_url = fake.url();
        keeper.store({kMemberId, "bitrix24", fake.url(), access, refresh, 0, kAppToken});
        UpstreamPolicy one_attempt;
        one_attempt.max_attempts = 1;
        rest = std::make_unique<Bitrix24Rest>(keeper, kMemberId, app, clock, one_attempt);
        fake.await_event(kEventToken);
    }
};

RobotReturnValues two_of_three() {
    return {"partial", "Группа «Клиенты», действие «добавить»: выполнено для 2 из 3.", 2, 1,
            "Группа «Клиенты», действие «добавить»: выполнено для 2 из 3.\n+79165550102: добавлен"};
}

TEST(Bitrix24RobotResult, TheValuesAndTheLogGoBackUnderTheEventToken) {
    Portal portal;
    const ResultSent sent = send_robot_result(*portal.rest, kEventToken, two_of_three());
    EXPECT_EQ(sent.delivery, ResultDelivery::accepted) << sent.detail;
    ASSERT_EQ(portal.fake.events_sent().size(), 1u);
    const FakeBitrix24::SentEvent event = portal.fake.events_sent()[0];
    EXPECT_EQ(event.event_token, kEventToken);
    EXPECT_EQ(event.return_values,
              (nlohmann::json{{"result_code", "partial"},
                              {"result_message", "Группа «Клиенты», действие «добавить»: выполнено для 2 из 3."},
                              {"succeeded", 2},
                              {"failed", 1}}));
    EXPECT_EQ(event.log_message, two_of_three().log_message);
}

TEST(Bitrix24RobotResult, ARateLimitIsTriedLaterAndAnExpiredPairIsRenewedOnce) {
    Portal portal;
    portal.fake.rate_limit_next(1);
    ResultSent sent = send_robot_result(*portal.rest, kEventToken, two_of_three());
    EXPECT_EQ(sent.delivery, ResultDelivery::try_later);
    EXPECT_NE(sent.detail.find("QUERY_LIMIT_EXCEEDED"), std::string::npos) << sent.detail;
    EXPECT_TRUE(portal.fake.events_sent().empty());

    portal.fake.expire(portal.access);
    sent = send_robot_result(*portal.rest, kEventToken, two_of_three());
    EXPECT_EQ(sent.delivery, ResultDelivery::accepted) << sent.detail;
    EXPECT_EQ(portal.fake.refreshes(), 1);
    EXPECT_EQ(portal.fake.events_sent().size(), 1u);
    EXPECT_EQ(portal.fake.methods(), (std::vector<std::string>{"bizproc.event.send", "bizproc.event.send", "bizproc.event.send"}));
}

TEST(Bitrix24RobotResult, AClosedActivityIsRefusedForGood) {
    Portal portal;
    EXPECT_EQ(send_robot_result(*portal.rest, kEventToken, two_of_three()).delivery, ResultDelivery::accepted);
    const ResultSent again = send_robot_result(*portal.rest, kEventToken, two_of_three());   // closed by the first
    EXPECT_EQ(again.delivery, ResultDelivery::refused);
    EXPECT_NE(again.detail.find("ACCESS_DENIED"), std::string::npos) << again.detail;
    EXPECT_EQ(portal.fake.events_sent().size(), 1u);
}

TEST(Bitrix24RobotResult, ThePortalDownIsTriedLaterAndAForgottenPortalNever) {
    Portal portal;
    portal.fake.answer_html_next(1, 502);
    EXPECT_EQ(send_robot_result(*portal.rest, kEventToken, two_of_three()).delivery, ResultDelivery::try_later);
    MemoryCrmAccounts empty;
    CrmTokenKeeper nobody(empty);
    Bitrix24Rest forgotten(nobody, kMemberId, portal.app, portal.clock);
    EXPECT_EQ(send_robot_result(forgotten, kEventToken, two_of_three()).delivery, ResultDelivery::refused);
}

TEST(Bitrix24RobotResult, AVeryLongLogIsCutAtALine) {
    Portal portal;
    RobotReturnValues values = two_of_three();
    values.log_message = "Итог.";
    for (int i = 0; i < 1000; ++i) values.log_message += "\n+7916555" + std::to_string(1000 + i) + ": не в WhatsApp";
    ASSERT_EQ(send_robot_result(*portal.rest, kEventToken, values).delivery, ResultDelivery::accepted);
    const std::string sent = portal.fake.events_sent()[0].log_message;
    EXPECT_LE(sent.size(), kMaxLogMessageBytes);
    EXPECT_EQ(sent.rfind("Итог.\n+79165551000: не в WhatsApp\n", 0), 0u);
    EXPECT_NE(sent.find("\n… (полный список — в GroupDesk, раздел «Роботы»)"), std::string::npos);
    EXPECT_EQ(values.log_message.find(sent.substr(0, sent.find("\n…"))), 0u);   // whole lines only
}

} // namespace
} // namespace gd
