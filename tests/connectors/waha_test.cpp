// The WAHA connector against a fake WAHA on 127.0.0.1 that answers as WAHA does for each engine
// (NOWEB, WEBJS, GOWS), requires its X-Api-Key, and records what it was sent.
#include "proxy/connectors/waha/waha_change_results.h"
#include "proxy/connectors/waha/waha_gateway.h"
#include "proxy/connectors/waha/waha_session.h"

#include "tests/connectors/fake_upstream.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

namespace gd {
namespace {

using nlohmann::json;

const char* kKey = "waha-secret-key";
const char* kOurNumber = "79990001122@c.us";
const char* kGroup = "120363041234567890@g.us";

// A WAHA server: every request is recorded, and refused with 401 without the right X-Api-Key
// (WAHA's api_key security scheme). Tests add the routes their story needs.
class FakeWaha : public test::FakeKeyedApi {
public:
    FakeWaha() : FakeKeyedApi("X-Api-Key", kKey, R"({"message":"Unauthorized","statusCode":401})") {}

    // The session is WORKING as our number unless a test says otherwise.
    void session(const std::string& status = "WORKING", const std::string& me = kOurNumber) {
        json info = {{"name", "default"}, {"status", status}};
        if (!me.empty()) info["me"] = {{"id", me}, {"pushName", "GroupDesk"}};
        answer("GET", "/api/sessions/default", 200, info.dump());
    }
};

std::string group_path(const std::string& rest = "") { return std::string("/api/default/groups/") + kGroup + rest; }

// The connector as the proxy would build it, with a clock that never sleeps.
struct Connected {
    ManualClock clock;
    WahaGateway waha;
    explicit Connected(const FakeWaha& fake, const std::string& key = kKey)
        : waha({fake.url(), key, "default"}, clock) {}
};

std::vector<ChangeOutcome> outcomes(const std::vector<ParticipantChange>& changes) {
    std::vector<ChangeOutcome> o;
    for (const ParticipantChange& c : changes) o.push_back(c.outcome);
    return o;
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

TEST(WahaGroups, NowebListsGroupsKeyedByIdAndWeAreAdminOnlyWhereWeHoldTheRole) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", "/api/default/groups", 200, R"({
        "120363041234567890@g.us": {"id": "120363041234567890@g.us", "subject": "Клиенты VIP", "size": 3,
            "participants": [{"id": "79990001122@s.whatsapp.net", "admin": "admin"},
                             {"id": "79161234567@s.whatsapp.net", "admin": null},
                             {"id": "555000111222333@lid", "phoneNumber": "79035550000@s.whatsapp.net", "admin": "superadmin"}]},
        "120363000000000001@g.us": {"id": "120363000000000001@g.us", "subject": "Поставщики",
            "participants": [{"id": "79990001122@s.whatsapp.net", "admin": null}]}
    })");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.waha.list_groups();

    ASSERT_TRUE(groups.ok()) << groups.error().detail;
    ASSERT_EQ(groups->size(), 2u);
    const Group& suppliers = groups.value()[0];   // object keys come back sorted
    const Group& vip = groups.value()[1];
    EXPECT_EQ(vip.id, kGroup);
    EXPECT_EQ(vip.name, "Клиенты VIP");
    EXPECT_EQ(vip.participant_count, 3);
    EXPECT_TRUE(vip.we_are_admin);
    EXPECT_EQ(suppliers.name, "Поставщики");
    EXPECT_FALSE(suppliers.we_are_admin);
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET /api/sessions/default", "GET /api/default/groups"}));
    for (const test::SeenRequest& s : fake.seen()) EXPECT_EQ(s.key, kKey);
}

TEST(WahaGroups, WebjsListsChatsWithSerializedIdsAndAdminFlagsInGroupMetadata) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", "/api/default/groups", 200, R"([
        {"id": {"server": "g.us", "user": "120363041234567890", "_serialized": "120363041234567890@g.us"},
         "name": "Клиенты VIP", "isGroup": true,
         "groupMetadata": {"participants": [
            {"id": {"_serialized": "79990001122@c.us"}, "isAdmin": true, "isSuperAdmin": false},
            {"id": {"_serialized": "79161234567@c.us"}, "isAdmin": false, "isSuperAdmin": false}]}}
    ])");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.waha.list_groups();

    ASSERT_TRUE(groups.ok()) << groups.error().detail;
    ASSERT_EQ(groups->size(), 1u);
    EXPECT_EQ(groups.value()[0].id, kGroup);
    EXPECT_EQ(groups.value()[0].name, "Клиенты VIP");
    EXPECT_EQ(groups.value()[0].participant_count, 2);
    EXPECT_TRUE(groups.value()[0].we_are_admin);
}

TEST(WahaGroups, GowsListsWhatsmeowGroupInfoAndTheOwnerCountsAsAdmin) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", "/api/default/groups", 200, R"([
        {"JID": "120363041234567890@g.us", "Name": "Клиенты VIP",
         "Participants": [{"JID": "111222333444555@lid", "PhoneNumber": "79990001122@s.whatsapp.net", "IsAdmin": true, "IsSuperAdmin": true},
                          {"JID": "79161234567@s.whatsapp.net", "PhoneNumber": "79161234567@s.whatsapp.net", "IsAdmin": false, "IsSuperAdmin": false}]}
    ])");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.waha.list_groups();

    ASSERT_TRUE(groups.ok()) << groups.error().detail;
    ASSERT_EQ(groups->size(), 1u);
    EXPECT_EQ(groups.value()[0].name, "Клиенты VIP");
    EXPECT_EQ(groups.value()[0].participant_count, 2);
    EXPECT_TRUE(groups.value()[0].we_are_admin);
}

TEST(WahaGroups, MembersComeFromV2WithPhonesBesidePrivacyIdsAndWithoutThoseWhoLeft) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", group_path(), 200, R"({"id": "120363041234567890@g.us", "subject": "Клиенты VIP"})");
    fake.answer("GET", group_path("/participants/v2"), 200, R"([
        {"id": "79990001122@c.us", "pn": "79990001122@c.us", "role": "admin"},
        {"id": "555000111222333@lid", "pn": "79161234567@c.us", "role": "participant"},
        {"id": "444000111222333@lid", "pn": null, "role": "superadmin"},
        {"id": "79035550000@c.us", "pn": "79035550000@c.us", "role": "left"}
    ])");
    fake.start();
    Connected c(fake);

    Result<ParticipantList> list = c.waha.participants(kGroup);

    ASSERT_TRUE(list.ok()) << list.error().detail;
    EXPECT_EQ(list->group.id, kGroup);
    EXPECT_EQ(list->group.name, "Клиенты VIP");
    EXPECT_EQ(list->group.participant_count, 3);
    EXPECT_TRUE(list->group.we_are_admin);
    ASSERT_EQ(list->participants.size(), 3u);
    EXPECT_EQ(list->participants[1].id, "555000111222333@lid");
    EXPECT_EQ(list->participants[1].phone, "+79161234567");
    EXPECT_EQ(list->participants[1].role, ParticipantRole::member);
    EXPECT_EQ(list->participants[2].phone, "");   // WhatsApp hides this one's number
    EXPECT_EQ(list->participants[2].role, ParticipantRole::owner);
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET /api/sessions/default", "GET " + group_path(),
                                                        "GET " + group_path("/participants/v2")}));
}

TEST(WahaGroups, AnOlderWahaWithoutV2IsReadThroughTheLegacyParticipantsList) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", group_path(), 200, R"({"id": "120363041234567890@g.us", "subject": "Клиенты VIP"})");
    fake.answer("GET", group_path("/participants/v2"), 404,
                R"({"statusCode":404,"message":"Cannot GET /api/default/groups/120363041234567890@g.us/participants/v2","error":"Not Found"})");
    fake.answer("GET", group_path("/participants"), 200, R"([
        {"id": "79990001122@s.whatsapp.net", "admin": "superadmin"},
        {"id": "79161234567@s.whatsapp.net", "admin": null}
    ])");
    fake.start();
    Connected c(fake);

    Result<ParticipantList> list = c.waha.participants(kGroup);

    ASSERT_TRUE(list.ok()) << list.error().detail;
    ASSERT_EQ(list->participants.size(), 2u);
    EXPECT_EQ(list->participants[0].id, "79990001122@c.us");
    EXPECT_EQ(list->participants[0].role, ParticipantRole::owner);
    EXPECT_EQ(list->participants[1].phone, "+79161234567");
    EXPECT_TRUE(list->group.we_are_admin);
    EXPECT_EQ(fake.targets().back(), "GET " + group_path("/participants"));
}

TEST(WahaGroups, AGroupWahaDoesNotKnowIsGroupNotFound) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", group_path(), 500,
                R"({"statusCode":500,"error":"Group with id '120363041234567890@g.us' not found: item-not-found"})");
    fake.start();
    Connected c(fake);

    Result<ParticipantList> list = c.waha.participants(kGroup);

    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::group_not_found);
}

// ---------------------------------------------------------------------------------------------
// Adding, removing, promoting, demoting
// ---------------------------------------------------------------------------------------------

TEST(WahaChanges, NowebAddSendsEveryoneInOneRequestAndReadsEachPersonsStatus) {
    FakeWaha fake;
    fake.answer("POST", group_path("/participants/add"), 200, R"([
        {"status": "200", "jid": "79161234567@s.whatsapp.net"},
        {"status": "403", "jid": "79035550000@s.whatsapp.net",
         "content": {"tag": "participant", "attrs": {"error": "403", "jid": "79035550000@s.whatsapp.net"},
                     "content": [{"tag": "add_request", "attrs": {"code": "AbCd1234", "expiration": "1718000000"}}]}},
        {"status": "409", "jid": "79261112233@s.whatsapp.net"}
    ])");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.waha.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "+79035550000", "+79261112233"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::privacy_blocked,
                                                                     ChangeOutcome::already_member}));
    EXPECT_EQ(changes.value()[1].phone, "+79035550000");
    ASSERT_EQ(fake.seen().size(), 1u);
    EXPECT_EQ(fake.seen()[0].target, group_path("/participants/add"));
    EXPECT_EQ(json::parse(fake.seen()[0].body),
              json::parse(R"({"participants":[{"id":"79161234567@c.us"},{"id":"79035550000@c.us"},{"id":"79261112233@c.us"}]})"));
}

TEST(WahaChanges, WebjsAddAnswersAnObjectKeyedByIdWithACodePerPerson) {
    FakeWaha fake;
    fake.answer("POST", group_path("/participants/add"), 200, R"({
        "79161234567@c.us": {"code": 200, "message": "The participant was added successfully", "isInviteV4Sent": false},
        "79035550000@c.us": {"code": 403, "message": "The participant can be added by sending private invitation only", "isInviteV4Sent": true},
        "79261112233@c.us": {"code": 408, "message": "You cannot add this participant because they recently left the group", "isInviteV4Sent": false},
        "79051112233@c.us": {"code": 419, "message": "The participant can't be added because the group is full", "isInviteV4Sent": false},
        "79061112233@c.us": {"code": 417, "message": "The participant can't be added to the community", "isInviteV4Sent": false}
    })");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.waha.change_participants(
        kGroup, ParticipantAction::add, {"+79261112233", "+79161234567", "+79035550000", "+79051112233", "+79061112233"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()),
              (std::vector<ChangeOutcome>{ChangeOutcome::left_recently, ChangeOutcome::done, ChangeOutcome::privacy_blocked,
                                          ChangeOutcome::group_full, ChangeOutcome::privacy_blocked}));
}

TEST(WahaChanges, GowsAddNamesPeopleByPrivacyIdWithTheirPhoneBeside) {
    FakeWaha fake;
    fake.answer("POST", group_path("/participants/add"), 200, R"([
        {"JID": "208409418264791@lid", "PhoneNumber": "79035550000@s.whatsapp.net", "LID": "208409418264791@lid",
         "IsAdmin": false, "IsSuperAdmin": false, "DisplayName": "", "Error": 403,
         "AddRequest": {"Code": "Xy7AbCd", "Expiration": "2026-04-09T11:44:32+03:00"}},
        {"JID": "79161234567@s.whatsapp.net", "PhoneNumber": "79161234567@s.whatsapp.net", "IsAdmin": false,
         "IsSuperAdmin": false, "DisplayName": "", "Error": 0, "AddRequest": null}
    ])");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.waha.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "+79035550000"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::privacy_blocked}));
}

TEST(WahaChanges, RemovingSomeoneWhoIsNotInTheGroupIsNotAMember) {
    FakeWaha fake;
    fake.answer("POST", group_path("/participants/remove"), 200,
                R"([{"status":"200","jid":"79161234567@s.whatsapp.net"},{"status":"404","jid":"79035550000@s.whatsapp.net"}])");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.waha.change_participants(kGroup, ParticipantAction::remove, {"+79161234567", "+79035550000"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::not_a_member}));
    EXPECT_EQ(fake.seen()[0].target, group_path("/participants/remove"));
}

TEST(WahaChanges, PromoteAndDemoteGoToTheAdminPaths) {
    FakeWaha fake;
    fake.answer("POST", group_path("/admin/promote"), 200, R"([{"status":"200","jid":"79161234567@s.whatsapp.net"}])");
    fake.answer("POST", group_path("/admin/demote"), 200, R"({"status":200})");   // WEBJS: one status for all
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> promoted = c.waha.change_participants(kGroup, ParticipantAction::promote, {"+79161234567"});
    Result<std::vector<ParticipantChange>> demoted = c.waha.change_participants(kGroup, ParticipantAction::demote, {"+79161234567"});

    ASSERT_TRUE(promoted.ok() && demoted.ok());
    EXPECT_EQ(promoted.value()[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(demoted.value()[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"POST " + group_path("/admin/promote"), "POST " + group_path("/admin/demote")}));
    EXPECT_EQ(json::parse(fake.seen()[1].body), json::parse(R"({"participants":[{"id":"79161234567@c.us"}]})"));
}

TEST(WahaChanges, WhenOurNumberIsNotAnAdminEveryoneGetsNotAdmin) {
    FakeWaha fake;
    fake.answer("POST", group_path("/participants/add"), 500,
                R"({"statusCode":500,"timestamp":"2025-01-01T00:00:00.000Z","error":"not-authorized"})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.waha.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "+79035550000"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::not_admin, ChangeOutcome::not_admin}));
}

TEST(WahaChanges, AnAddThatBrokeHalfwayIsNeverSentTwice) {
    FakeWaha fake;
    fake.answer("POST", group_path("/participants/add"), 502, "<html>Bad Gateway</html>", "text/html");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.waha.change_participants(kGroup, ParticipantAction::add, {"+79161234567"});

    ASSERT_FALSE(changes.ok());
    EXPECT_EQ(changes.error().code, ErrorCode::gateway_unavailable);
    EXPECT_EQ(fake.seen().size(), 1u);
}

TEST(WahaChanges, AnAddWithoutAPerPersonAnswerIsNeverTakenAsDone) {
    FakeWaha fake;
    fake.answer("POST", group_path("/participants/add"), 200, "", "application/json");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.waha.change_participants(kGroup, ParticipantAction::add, {"+79161234567"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(changes.value()[0].outcome, ChangeOutcome::unknown);
}

TEST(WahaChanges, ResultsNamedOnlyByPrivacyIdAreMatchedByOrderWhenTheyLineUp) {
    json body = json::parse(R"([{"status":"403","jid":"1@lid"},{"status":"200","jid":"2@lid"}])");
    std::vector<ParticipantChange> changes = read_change_results(body, ParticipantAction::add, {"+79161234567", "+79035550000"});
    EXPECT_EQ(outcomes(changes), (std::vector<ChangeOutcome>{ChangeOutcome::privacy_blocked, ChangeOutcome::done}));

    std::vector<ParticipantChange> short_answer =
        read_change_results(json::parse(R"([{"status":"200","jid":"2@lid"}])"), ParticipantAction::add, {"+79161234567", "+79035550000"});
    EXPECT_EQ(outcomes(short_answer), (std::vector<ChangeOutcome>{ChangeOutcome::unknown, ChangeOutcome::unknown}));
}

// ---------------------------------------------------------------------------------------------
// Checks, invite links, texts, contacts
// ---------------------------------------------------------------------------------------------

TEST(WahaChecks, EachNumberIsCheckedWithCheckExistsBeforeAnyAdd) {
    FakeWaha fake;
    fake.server.Get("/api/contacts/check-exists", [](const httplib::Request& req, httplib::Response& res) {
        bool exists = req.get_param_value("phone") == "79161234567";
        json answer = {{"numberExists", exists}};
        if (exists) answer["chatId"] = "79161234567@c.us";
        res.set_content(answer.dump(), "application/json");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.waha.check_whatsapp({"+79161234567", "+79035550000"});

    ASSERT_TRUE(checks.ok()) << checks.error().detail;
    ASSERT_EQ(checks->size(), 2u);
    EXPECT_EQ(checks.value()[0].phone, "+79161234567");
    EXPECT_TRUE(checks.value()[0].exists);
    EXPECT_FALSE(checks.value()[1].exists);
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET /api/contacts/check-exists?phone=79161234567&session=default",
                                                        "GET /api/contacts/check-exists?phone=79035550000&session=default"}));
}

TEST(WahaInvites, TheInviteCodeBecomesAChatWhatsappLinkAndRevokeGivesANewOne) {
    FakeWaha fake;
    fake.answer("GET", group_path("/invite-code"), 200, "HbbSmlB7BqqGbMPCpVkU4E", "text/html; charset=utf-8");
    fake.answer("POST", group_path("/invite-code/revoke"), 200, R"("NewCode9xYzAbCdEfGh12")");
    fake.start();
    Connected c(fake);

    Result<InviteLink> link = c.waha.invite_link(kGroup);
    Result<InviteLink> fresh = c.waha.revoke_invite_link(kGroup);

    ASSERT_TRUE(link.ok()) << link.error().detail;
    EXPECT_EQ(link->url, "https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E");
    ASSERT_TRUE(fresh.ok()) << fresh.error().detail;
    EXPECT_EQ(fresh->url, "https://chat.whatsapp.com/NewCode9xYzAbCdEfGh12");
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET " + group_path("/invite-code"), "POST " + group_path("/invite-code/revoke")}));
}

TEST(WahaInvites, OnlyAnAdminCanReadTheLink) {
    FakeWaha fake;
    fake.answer("GET", group_path("/invite-code"), 500, R"({"statusCode":500,"error":"not-authorized"})");
    fake.start();
    Connected c(fake);

    Result<InviteLink> link = c.waha.invite_link(kGroup);

    ASSERT_FALSE(link.ok());
    EXPECT_EQ(link.error().code, ErrorCode::not_group_admin);
}

TEST(WahaTexts, TheInviteLinkIsSentAsATextToThePersonsChat) {
    FakeWaha fake;
    fake.answer("POST", "/api/sendText", 201, R"({"id":"true_79161234567@c.us_3EB0"})");
    fake.start();
    Connected c(fake);

    Result<Done> sent = c.waha.send_text("+79161234567", "Вступайте в группу: https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E");

    ASSERT_TRUE(sent.ok()) << sent.error().detail;
    ASSERT_EQ(fake.seen().size(), 1u);
    EXPECT_EQ(fake.seen()[0].target, "/api/sendText");
    EXPECT_EQ(json::parse(fake.seen()[0].body),
              (json{{"session", "default"}, {"chatId", "79161234567@c.us"},
                    {"text", "Вступайте в группу: https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E"}}));
}

TEST(WahaContacts, ANewWahaSavesTheNumberInThePhonesContacts) {
    FakeWaha fake;
    fake.answer("PUT", "/api/default/contacts/79161234567@c.us", 200, R"({"success":true})");
    fake.start();
    Connected c(fake);

    Result<Done> saved = c.waha.save_contact("+79161234567", "Иван", "Петров");

    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    EXPECT_EQ(fake.seen()[0].method, "PUT");
    EXPECT_EQ(fake.seen()[0].target, "/api/default/contacts/79161234567@c.us");
    EXPECT_EQ(json::parse(fake.seen()[0].body), (json{{"firstName", "Иван"}, {"lastName", "Петров"}}));
    EXPECT_TRUE(c.waha.capabilities().save_contact);
}

TEST(WahaContacts, AnOlderWahaCannotSaveContactsSoTheUserIsToldToDoItByHand) {
    FakeWaha fake;   // no PUT route: NestJS answers 404 "Cannot PUT ..."
    fake.start();
    Connected c(fake);
    EXPECT_TRUE(c.waha.capabilities().save_contact);

    Result<Done> saved = c.waha.save_contact("+79161234567", "Иван", "Петров");

    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().code, ErrorCode::not_supported);
    EXPECT_NE(saved.error().detail.find("by hand"), std::string::npos);
    EXPECT_FALSE(c.waha.capabilities().save_contact);
    EXPECT_TRUE(c.waha.capabilities().revoke_invite_link);
}

// ---------------------------------------------------------------------------------------------
// The connection and how WAHA says no
// ---------------------------------------------------------------------------------------------

TEST(WahaConnection, AWorkingSessionIsConnectedAsOurNumber) {
    FakeWaha fake;
    fake.session("WORKING");
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.waha.connection_state();

    ASSERT_TRUE(state.ok()) << state.error().detail;
    EXPECT_EQ(state->status, ConnectionStatus::connected);
    EXPECT_EQ(state->phone, "+79990001122");
}

TEST(WahaConnection, EachSessionStatusMapsToAStateWithItsOwnAdvice) {
    auto state_of = [](const std::string& status) { return connection_state_of({status, {}}).status; };
    EXPECT_EQ(state_of("STARTING"), ConnectionStatus::starting);
    EXPECT_EQ(state_of("SCAN_QR_CODE"), ConnectionStatus::logged_out);
    EXPECT_EQ(state_of("STOPPED"), ConnectionStatus::logged_out);
    EXPECT_EQ(state_of("FAILED"), ConnectionStatus::logged_out);
    EXPECT_NE(session_status_advice("SCAN_QR_CODE").find("QR"), std::string::npos);
    EXPECT_NE(session_status_advice("STOPPED"), session_status_advice("FAILED"));
    EXPECT_EQ(session_status_advice("WORKING"), "");
}

TEST(WahaConnection, ASessionWaitingForItsQrCodeStopsGroupWorkAsLoggedOut) {
    FakeWaha fake;
    fake.session("SCAN_QR_CODE", "");
    fake.answer("GET", "/api/default/groups", 422,
                R"({"error":"Session status is not as expected. Try again later or restart the session","session":"default","status":"SCAN_QR_CODE","expected":["WORKING"]})");
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.waha.connection_state();
    Result<std::vector<Group>> groups = c.waha.list_groups();

    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state->status, ConnectionStatus::logged_out);
    EXPECT_EQ(state->phone, "");
    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::number_logged_out);
    EXPECT_NE(groups.error().detail.find("SCAN_QR_CODE"), std::string::npos);
}

TEST(WahaRefusals, AWrongApiKeyIsNotAuthorisedAndTheKeyIsNeverEchoed) {
    FakeWaha fake;
    fake.session();
    fake.start();
    Connected c(fake, "wrong-key");

    Result<ConnectionState> state = c.waha.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_not_authorized);
    EXPECT_EQ(state.error().detail.find("wrong-key"), std::string::npos);
    EXPECT_EQ(fake.seen()[0].key, "wrong-key");
}

TEST(WahaRefusals, A429IsWaitedOutOnTheClockThenTheAnswerIsRead) {
    FakeWaha fake;
    int calls = 0;
    fake.server.Get("/api/contacts/check-exists", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ == 0) {
            res.status = 429;
            res.set_header("Retry-After", "4");
            return;
        }
        res.set_content(R"({"numberExists":true,"chatId":"79161234567@c.us"})", "application/json");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.waha.check_whatsapp({"+79161234567"});

    ASSERT_TRUE(checks.ok()) << checks.error().detail;
    EXPECT_TRUE(checks.value()[0].exists);
    EXPECT_EQ(fake.seen().size(), 2u);
    EXPECT_GE(c.clock.slept(), Clock::Duration(4000));
}

TEST(WahaRefusals, KeptThrottlingIsRateLimited) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", "/api/default/groups", 429, R"({"statusCode":429,"message":"Too Many Requests"})");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.waha.list_groups();

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::upstream_rate_limited);
}

TEST(WahaRefusals, NowebRateOverlimitIsRateLimitedAndNotRepeated) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", "/api/default/groups", 500,
                R"({"statusCode":500,"timestamp":"2024-07-10T10:00:00.000Z","path":"/api/default/groups","error":"rate-overlimit","stack":"Error: rate-overlimit\n    at assertNodeErrorFree"})");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.waha.list_groups();

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::upstream_rate_limited);
    EXPECT_EQ(groups.error().detail.find("assertNodeErrorFree"), std::string::npos);   // no stack in the message
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET /api/sessions/default", "GET /api/default/groups"}));
}

TEST(WahaRefusals, AServerErrorIsUnavailable) {
    FakeWaha fake;
    fake.answer("GET", "/api/sessions/default", 503, "<html>Service Unavailable</html>", "text/html");
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.waha.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_unavailable);
}

TEST(WahaRefusals, ASessionWahaDoesNotHaveIsAConfigurationProblem) {
    FakeWaha fake;   // nothing at /api/sessions/default
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.waha.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_unavailable);
    EXPECT_NE(state.error().detail.find("no session"), std::string::npos);
}

TEST(WahaRefusals, AnswersThatAreNotWahasShapeAreCleanErrors) {
    FakeWaha fake;
    fake.session();
    fake.answer("GET", "/api/default/groups", 200, "<html>nginx default page</html>", "text/html");
    fake.answer("GET", group_path(), 200, "42");
    fake.answer("GET", group_path("/invite-code"), 200, R"({"unexpected": true})");
    fake.answer("GET", "/api/contacts/check-exists", 200, R"({"exists": true})");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.waha.list_groups();
    Result<ParticipantList> list = c.waha.participants(kGroup);
    Result<InviteLink> link = c.waha.invite_link(kGroup);
    Result<std::vector<WhatsAppCheck>> checks = c.waha.check_whatsapp({"+79161234567"});

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(link.ok());
    EXPECT_EQ(link.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(checks.ok());
    EXPECT_EQ(checks.error().code, ErrorCode::gateway_bad_response);
}

TEST(WahaRefusals, AMalformedPhoneOrGroupIdIsRefusedBeforeAnyRequest) {
    FakeWaha fake;
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> bad_phone =
        c.waha.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "8 916 123"});
    Result<std::vector<ParticipantChange>> bad_group =
        c.waha.change_participants("120363041234567890@g.us/../../sessions", ParticipantAction::add, {"+79161234567"});
    Result<std::vector<WhatsAppCheck>> bad_check = c.waha.check_whatsapp({"79161234567&session=other"});
    Result<Done> bad_text = c.waha.send_text("+7abc", "hi");
    Result<InviteLink> bad_link = c.waha.invite_link("not-a-group");

    EXPECT_EQ(bad_phone.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_phone.error().detail, "8 916 123");
    EXPECT_EQ(bad_group.error().code, ErrorCode::invalid_group_id);
    EXPECT_EQ(bad_check.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_text.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_link.error().code, ErrorCode::invalid_group_id);
    EXPECT_TRUE(fake.seen().empty());
}

TEST(WahaRefusals, ASessionNameThatWouldBendTheUrlIsAConfigurationMistake) {
    ManualClock clock;
    EXPECT_THROW(WahaGateway({"http://127.0.0.1:3000", kKey, "default/../x"}, clock), std::invalid_argument);
    EXPECT_THROW(WahaGateway({"not a url", kKey, "default"}, clock), std::invalid_argument);
}

} // namespace
} // namespace gd
