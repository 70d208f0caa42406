// One error type from connector to the widget's message: its JSON shape, its status, both
// languages, and reading it back from whatever a server sent.
#include "shared/errors.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace gd {
namespace {

TEST(Errors, AnErrorLeavesWithItsCodeAndTheMessageInBothLanguages) {
    nlohmann::json j = error_to_json(Error{ErrorCode::group_not_found, {}}, Lang::en);
    ASSERT_TRUE(j.contains("error"));
    const nlohmann::json& e = j["error"];
    EXPECT_EQ(e["code"], "group_not_found");
    EXPECT_EQ(e["message"], e["message_en"]);
    EXPECT_EQ(e["message_ru"], "Группа не найдена: возможно, номер из неё вышел.");
    EXPECT_FALSE(e.contains("detail"));
}

TEST(Errors, TheMessageFollowsTheAskedLanguage) {
    nlohmann::json ru = error_to_json(Error{ErrorCode::invalid_group_id, {}}, Lang::ru);
    EXPECT_EQ(ru["error"]["message"], ru["error"]["message_ru"]);
    EXPECT_NE(ru["error"]["message_ru"], ru["error"]["message_en"]);
}

TEST(Errors, DetailIsIncludedOnlyWhenThere) {
    nlohmann::json j = error_to_json(Error{ErrorCode::invalid_json, "at byte 7"}, Lang::ru);
    EXPECT_EQ(j["error"]["detail"], "at byte 7");
}

TEST(Errors, EveryCodeHasANameAStatusAndTextInBothLanguages) {
    for (ErrorCode code : {ErrorCode::bad_request, ErrorCode::invalid_json, ErrorCode::payload_too_large,
                           ErrorCode::not_found, ErrorCode::method_not_allowed, ErrorCode::invalid_group_id,
                           ErrorCode::group_not_found, ErrorCode::gateway_unavailable, ErrorCode::crm_unavailable,
                           ErrorCode::crm_not_connected, ErrorCode::crm_reauthorization_needed,
                           ErrorCode::crm_token_rejected, ErrorCode::crm_not_authorized, ErrorCode::crm_bad_response,
                           ErrorCode::crm_call_unverified, ErrorCode::crm_robot_not_allowed, ErrorCode::crm_robot_rejected,
                           ErrorCode::storage_failed, ErrorCode::internal}) {
        EXPECT_EQ(error_code_from_name(error_code_name(code)), code) << error_code_name(code);
        EXPECT_GE(http_status(code), 400) << error_code_name(code);
        EXPECT_STRNE(error_text(code).ru, "") << error_code_name(code);
        EXPECT_STRNE(error_text(code).en, "") << error_code_name(code);
        EXPECT_STRNE(error_next_step(code).ru, "") << error_code_name(code);
    }
}

TEST(Errors, StatusesMatchHttpMeaning) {
    EXPECT_EQ(http_status(ErrorCode::invalid_json), 400);
    EXPECT_EQ(http_status(ErrorCode::not_found), 404);
    EXPECT_EQ(http_status(ErrorCode::method_not_allowed), 405);
    EXPECT_EQ(http_status(ErrorCode::payload_too_large), 413);
    EXPECT_EQ(http_status(ErrorCode::group_not_found), 404);
    EXPECT_EQ(http_status(ErrorCode::internal), 500);
    EXPECT_EQ(http_status(ErrorCode::gateway_unavailable), 502);
}

TEST(Errors, AnErrorBodyReadsBackToTheSameCodeAndDetail) {
    std::string body = error_to_json(Error{ErrorCode::group_not_found, "120@g.us"}, Lang::en).dump();
    Error e = error_from_json_body(body, 404);
    EXPECT_EQ(e.code, ErrorCode::group_not_found);
    EXPECT_EQ(e.detail, "120@g.us");
}

TEST(Errors, GarbageFromAServerIsABadResponseNamingTheStatus) {
    for (const char* body : {"", "<html>502 Bad Gateway</html>", "{", "[]", "{\"error\":\"text\"}", "null"}) {
        Error e = error_from_json_body(body, 502);
        EXPECT_EQ(e.code, ErrorCode::bad_response) << body;
        EXPECT_EQ(e.detail, "HTTP 502") << body;
    }
}

TEST(Errors, AnUnknownCodeFromANewerServerIsUnknownNotACrash) {
    Error e = error_from_json_body(R"({"error":{"code":"from_the_future","message":"x"}})", 409);
    EXPECT_EQ(e.code, ErrorCode::unknown);
    EXPECT_EQ(error_from_json_body(R"({"error":{"code":42}})", 400).code, ErrorCode::unknown);
}

} // namespace
} // namespace gd
