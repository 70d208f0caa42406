// The Evolution API connector against a fake Evolution API v2 on 127.0.0.1 that answers as
// Evolution's source does (bodies from whatsapp.baileys.service.ts, errors shaped by src/main.ts),
// requires its apikey header, and records what it was sent.
#include "proxy/connectors/evolution/evolution_changes.h"
#include "proxy/connectors/evolution/evolution_gateway.h"
#include "proxy/connectors/evolution/evolution_ids.h"
#include "proxy/connectors/evolution/evolution_instance.h"

#include "tests/connectors/fake_upstream.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

namespace gd {
namespace {

using nlohmann::json;

const char* kKey = "evolution-secret-key";
const char* kInstance = "sales";
const char* kOurJid = "79990001122@s.whatsapp.net";
const char* kGroup = "120363041234567890@g.us";
const std::string kGroupQuery = "?groupJid=120363041234567890%40g.us";

// Evolution's error body: {"status","error","response":{"message":[...]}} (src/main.ts).
std::string evolution_error_body(int status, const std::string& error, const json& message) {
    return json{{"status", status}, {"error", error}, {"response", {{"message", message}}}}.dump();
}

// An Evolution server: every request is recorded, and refused with 401 without the right apikey
// (src/api/guards/auth.guard.ts). Tests add the routes their story needs.
class FakeEvolution : public test::FakeKeyedApi {
public:
    FakeEvolution() : FakeKeyedApi("apikey", kKey, evolution_error_body(401, "Unauthorized", json::array({"Unauthorized"}))) {}

    // fetchInstances' row for our instance, paired with our number unless a test says otherwise.
    // It carries the instance's own token, as Evolution's does: it must never reach an error.
    void instance_row(const std::string& owner = kOurJid) {
        json row = {{"id", "0b6f1c2e"}, {"name", kInstance}, {"connectionStatus", "open"},
                    {"profileName", "GroupDesk"}, {"integration", "WHATSAPP-BAILEYS"}, {"token", "instance-token-7f3a"}};
        row["ownerJid"] = owner.empty() ? json(nullptr) : json(owner);
        answer("GET", "/instance/fetchInstances", 200, json::array({row}).dump());
    }

    void state(const std::string& state) {
        json instance = {{"instanceName", kInstance}};
        if (!state.empty()) instance["state"] = state;
        answer("GET", std::string("/instance/connectionState/") + kInstance, 200, json{{"instance", instance}}.dump());
    }
};

std::string route(const std::string& controller_action) { return "/" + controller_action + "/" + kInstance; }

// The connector as the proxy would build it, with a clock that never sleeps.
struct Connected {
    ManualClock clock;
    EvolutionGateway evolution;
    explicit Connected(const FakeEvolution& fake, const std::string& key = kKey)
        : evolution({fake.url(), key, kInstance}, clock) {}
};

std::vector<ChangeOutcome> outcomes(const std::vector<ParticipantChange>& changes) {
    std::vector<ChangeOutcome> o;
    for (const ParticipantChange& c : changes) o.push_back(c.outcome);
    return o;
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

TEST(EvolutionGroups, GroupsAreListedWithMembersSoWeAreAdminOnlyWhereOurNumberHoldsTheRole) {
    FakeEvolution fake;
    fake.instance_row();
    fake.answer("GET", route("group/fetchAllGroups"), 200, R"([
        {"id": "120363041234567890@g.us", "subject": "Клиенты VIP", "size": 3, "pictureUrl": null,
         "isCommunity": false, "isCommunityAnnounce": false,
         "participants": [{"id": "79990001122@s.whatsapp.net", "admin": "admin"},
                          {"id": "79161234567@s.whatsapp.net", "admin": null},
                          {"id": "555000111222333@lid", "phoneNumber": "79035550000@s.whatsapp.net", "admin": "superadmin"}]},
        {"id": "120363000000000001@g.us", "subject": "Поставщики", "size": 2, "isCommunity": false,
         "participants": [{"id": "111222333444555@lid", "phoneNumber": "79990001122@s.whatsapp.net", "admin": null},
                          {"id": "666777888999000@lid", "phoneNumber": "79161234567@s.whatsapp.net", "admin": "superadmin"}]},
        {"id": "120363000000000002@g.us", "subject": "Склад", "size": 2, "isCommunity": false,
         "participants": [{"id": "111222333444555@lid", "phoneNumber": "79990001122@s.whatsapp.net", "admin": "superadmin"},
                          {"id": "666777888999000@lid", "admin": null}]},
        {"id": "120363000000000003@g.us", "subject": "Сообщество партнёров", "size": 40, "isCommunity": true,
         "participants": [{"id": "79990001122@s.whatsapp.net", "admin": "superadmin"}]}
    ])");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.evolution.list_groups();

    ASSERT_TRUE(groups.ok()) << groups.error().detail;
    ASSERT_EQ(groups->size(), 3u);   // the community itself is not a group to add people to
    const Group& vip = groups.value()[0];
    EXPECT_EQ(vip.id, kGroup);
    EXPECT_EQ(vip.name, "Клиенты VIP");
    EXPECT_EQ(vip.participant_count, 3);
    EXPECT_TRUE(vip.we_are_admin);
    EXPECT_EQ(groups.value()[1].name, "Поставщики");
    EXPECT_FALSE(groups.value()[1].we_are_admin);   // someone else is the owner there
    EXPECT_TRUE(groups.value()[2].we_are_admin);    // found by the phone beside our privacy id
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET /instance/fetchInstances?instanceName=sales",
                                                        "GET /group/fetchAllGroups/sales?getParticipants=true"}));
    for (const test::SeenRequest& s : fake.seen()) EXPECT_EQ(s.key, kKey);
}

TEST(EvolutionGroups, AnInstanceNeverPairedIsAdminNowhere) {
    FakeEvolution fake;
    fake.instance_row("");
    fake.answer("GET", route("group/fetchAllGroups"), 200, R"([
        {"id": "120363041234567890@g.us", "subject": "Клиенты VIP", "size": 1,
         "participants": [{"id": "79990001122@s.whatsapp.net", "admin": "superadmin"}]}])");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.evolution.list_groups();

    ASSERT_TRUE(groups.ok()) << groups.error().detail;
    EXPECT_FALSE(groups.value()[0].we_are_admin);
}

TEST(EvolutionGroups, MembersComeWithTheirNamesAndPhonesBesidePrivacyIds) {
    FakeEvolution fake;
    fake.instance_row();
    fake.answer("GET", route("group/findGroupInfos"), 200, R"({
        "id": "120363041234567890@g.us", "subject": "Клиенты VIP", "size": 4, "pictureUrl": null,
        "participants": [{"id": "79990001122@s.whatsapp.net", "admin": "admin"}]})");
    fake.answer("GET", route("group/participants"), 200, R"({"participants": [
        {"id": "79990001122@s.whatsapp.net", "admin": "admin", "name": "GroupDesk", "imgUrl": null},
        {"id": "555000111222333@lid", "phoneNumber": "79161234567@s.whatsapp.net", "admin": null, "name": "Иван Петров"},
        {"id": "444000111222333@lid", "admin": "superadmin", "name": null},
        {"id": "79035550000:3@s.whatsapp.net", "admin": null}
    ]})");
    fake.start();
    Connected c(fake);

    Result<ParticipantList> list = c.evolution.participants(kGroup);

    ASSERT_TRUE(list.ok()) << list.error().detail;
    EXPECT_EQ(list->group.id, kGroup);
    EXPECT_EQ(list->group.name, "Клиенты VIP");
    EXPECT_EQ(list->group.participant_count, 4);
    EXPECT_TRUE(list->group.we_are_admin);
    ASSERT_EQ(list->participants.size(), 4u);
    EXPECT_EQ(list->participants[1].id, "555000111222333@lid");
    EXPECT_EQ(list->participants[1].phone, "+79161234567");
    EXPECT_EQ(list->participants[1].name, "Иван Петров");
    EXPECT_EQ(list->participants[1].role, ParticipantRole::member);
    EXPECT_EQ(list->participants[2].phone, "");   // WhatsApp hides this one's number
    EXPECT_EQ(list->participants[2].role, ParticipantRole::owner);
    EXPECT_EQ(list->participants[3].phone, "+79035550000");
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET /instance/fetchInstances?instanceName=sales",
                                                        "GET /group/findGroupInfos/sales" + kGroupQuery,
                                                        "GET /group/participants/sales" + kGroupQuery}));
}

TEST(EvolutionGroups, AGroupWhatsAppDoesNotKnowIsGroupNotFound) {
    FakeEvolution fake;
    fake.instance_row();
    fake.answer("GET", route("group/findGroupInfos"), 404,
                evolution_error_body(404, "Not Found", json::array({"Error fetching group", "Error: item-not-found"})));
    fake.start();
    Connected c(fake);

    Result<ParticipantList> list = c.evolution.participants(kGroup);

    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::group_not_found);
    EXPECT_NE(list.error().detail.find("item-not-found"), std::string::npos);
    EXPECT_EQ(fake.seen().size(), 2u);
}

TEST(EvolutionGroups, AnInstanceWithoutItsWhatsAppConnectionIsUnavailable) {
    FakeEvolution fake;
    fake.instance_row();
    // fetchAllGroups catches nothing: Baileys' own error reaches Express's handler as a 500.
    fake.answer("GET", route("group/fetchAllGroups"), 500,
                json{{"status", 500}, {"error", "Internal Server Error"}, {"response", {{"message", "Connection Closed"}}}}.dump());
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.evolution.list_groups();

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::gateway_unavailable);
    EXPECT_NE(groups.error().detail.find("not connected"), std::string::npos);
    EXPECT_EQ(fake.seen().size(), 2u);   // a 500 is not repeated
}

// ---------------------------------------------------------------------------------------------
// Adding, removing, promoting, demoting
// ---------------------------------------------------------------------------------------------

TEST(EvolutionChanges, AnAddSendsEveryoneInOneRequestAndReadsEachPersonsStatus) {
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 201, R"({"updateParticipants": [
        {"status": "200", "jid": "79161234567@s.whatsapp.net",
         "content": {"tag": "participant", "attrs": {"jid": "79161234567@s.whatsapp.net"}}},
        {"status": "403", "jid": "79035550000@s.whatsapp.net",
         "content": {"tag": "participant", "attrs": {"jid": "79035550000@s.whatsapp.net", "error": "403"},
                     "content": [{"tag": "add_request", "attrs": {"code": "cV0oyyBsD49e6Plw", "expiration": "1759028118"}}]}},
        {"status": "409", "jid": "79261112233@s.whatsapp.net"},
        {"status": "408", "jid": "79051112233@s.whatsapp.net"},
        {"status": "419", "jid": "79061112233@s.whatsapp.net"}
    ]})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.evolution.change_participants(
        kGroup, ParticipantAction::add, {"+79161234567", "+79035550000", "+79261112233", "+79051112233", "+79061112233"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()),
              (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::privacy_blocked, ChangeOutcome::already_member,
                                          ChangeOutcome::left_recently, ChangeOutcome::group_full}));
    EXPECT_EQ(changes.value()[1].phone, "+79035550000");
    ASSERT_EQ(fake.seen().size(), 1u);
    EXPECT_EQ(fake.seen()[0].method, "POST");
    EXPECT_EQ(fake.seen()[0].target, "/group/updateParticipant/sales" + kGroupQuery);
    EXPECT_EQ(json::parse(fake.seen()[0].body),
              json::parse(R"({"action":"add","participants":["79161234567","79035550000","79261112233","79051112233","79061112233"]})"));
}

TEST(EvolutionChanges, InAGroupOfPrivacyIdsThePhoneIsReadBesideTheId) {
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 201, R"({"updateParticipants": [
        {"status": "200", "jid": "208409418264791@lid",
         "content": {"tag": "participant", "attrs": {"jid": "208409418264791@lid", "phone_number": "79035550000@s.whatsapp.net"}}},
        {"status": "403", "jid": "108409418264792@lid",
         "content": {"tag": "participant", "attrs": {"jid": "108409418264792@lid", "phone_number": "79161234567@s.whatsapp.net", "error": "403"}}}
    ]})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.evolution.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "+79035550000"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::privacy_blocked, ChangeOutcome::done}));
}

TEST(EvolutionChanges, ANumberEvolutionRewritesIsStillMatchedToItsAnswer) {
    // Evolution drops the Brazilian mobile 9 for area code 31 before asking WhatsApp.
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 201,
                R"({"updateParticipants": [{"status": "200", "jid": "553187654321@s.whatsapp.net"}]})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.evolution.change_participants(kGroup, ParticipantAction::add, {"+5531987654321"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(changes.value()[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(changes.value()[0].phone, "+5531987654321");
    EXPECT_EQ(json::parse(fake.seen()[0].body)["participants"], json::array({"5531987654321"}));
}

TEST(EvolutionChanges, PromotingSomeoneWhoIsNotInTheGroupIsNotAMember) {
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 201,
                R"({"updateParticipants": [{"status": "404", "jid": "79161234567@s.whatsapp.net"}]})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.evolution.change_participants(kGroup, ParticipantAction::promote, {"+79161234567"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(changes.value()[0].outcome, ChangeOutcome::not_a_member);
    EXPECT_EQ(json::parse(fake.seen()[0].body)["action"], "promote");
}

TEST(EvolutionChanges, WhenOurNumberIsNotAnAdminTheWholeRequestIsRefusedOnce) {
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 400,
                evolution_error_body(400, "Bad Request", json::array({"Error updating participants", "Error: not-authorized"})));
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.evolution.change_participants(kGroup, ParticipantAction::remove, {"+79161234567", "+79035550000"});

    ASSERT_FALSE(changes.ok());
    EXPECT_EQ(changes.error().code, ErrorCode::not_group_admin);
    EXPECT_EQ(fake.seen().size(), 1u);
}

TEST(EvolutionChanges, WhatsAppThrottlingIsRateLimitedAndNotRepeated) {
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 400,
                evolution_error_body(400, "Bad Request", json::array({"Error updating participants", "Error: rate-overlimit"})));
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.evolution.change_participants(kGroup, ParticipantAction::add, {"+79161234567"});

    ASSERT_FALSE(changes.ok());
    EXPECT_EQ(changes.error().code, ErrorCode::upstream_rate_limited);
    EXPECT_EQ(fake.seen().size(), 1u);
}

TEST(EvolutionChanges, AnAddThatBrokeHalfwayIsNeverSentTwice) {
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 502, "<html>Bad Gateway</html>", "text/html");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.evolution.change_participants(kGroup, ParticipantAction::add, {"+79161234567"});

    ASSERT_FALSE(changes.ok());
    EXPECT_EQ(changes.error().code, ErrorCode::gateway_unavailable);
    EXPECT_EQ(fake.seen().size(), 1u);
}

TEST(EvolutionChanges, AnAddWithoutAPerPersonAnswerIsNeverTakenAsDone) {
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 201, R"({"updateParticipants": []})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.evolution.change_participants(kGroup, ParticipantAction::add, {"+79161234567"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(changes.value()[0].outcome, ChangeOutcome::unknown);
}

TEST(EvolutionChanges, ThePhoneTwiceInOneListIsSentOnceAndBothReadTheAnswer) {
    FakeEvolution fake;   // Evolution's schema refuses duplicates (uniqueItems)
    fake.answer("POST", route("group/updateParticipant"), 201,
                R"({"updateParticipants": [{"status": "200", "jid": "79161234567@s.whatsapp.net"}]})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.evolution.change_participants(kGroup, ParticipantAction::remove, {"+79161234567", "+79161234567"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::done}));
    EXPECT_EQ(json::parse(fake.seen()[0].body)["participants"], json::array({"79161234567"}));
}

TEST(EvolutionChanges, AShortNumberGoesAsAFullJidBecauseEvolutionWantsTenCharacters) {
    FakeEvolution fake;
    fake.answer("POST", route("group/updateParticipant"), 201,
                R"({"updateParticipants": [{"status": "200", "jid": "6831234@s.whatsapp.net"}]})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.evolution.change_participants(kGroup, ParticipantAction::add, {"+6831234"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(changes.value()[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(json::parse(fake.seen()[0].body)["participants"], json::array({"6831234@s.whatsapp.net"}));
}

TEST(EvolutionChanges, ResultsNamedOnlyByPrivacyIdAreMatchedByOrderWhenTheyLineUp) {
    json body = json::parse(R"({"updateParticipants":[{"status":"403","jid":"1@lid"},{"status":"200","jid":"2@lid"}]})");
    std::vector<ParticipantChange> changes =
        evolution::read_participant_updates(body, ParticipantAction::add, {"+79161234567", "+79035550000"});
    EXPECT_EQ(outcomes(changes), (std::vector<ChangeOutcome>{ChangeOutcome::privacy_blocked, ChangeOutcome::done}));

    std::vector<ParticipantChange> short_answer = evolution::read_participant_updates(
        json::parse(R"({"updateParticipants":[{"status":"200","jid":"2@lid"}]})"), ParticipantAction::add,
        {"+79161234567", "+79035550000"});
    EXPECT_EQ(outcomes(short_answer), (std::vector<ChangeOutcome>{ChangeOutcome::unknown, ChangeOutcome::unknown}));
}

// ---------------------------------------------------------------------------------------------
// Checks, invite links, texts, contacts
// ---------------------------------------------------------------------------------------------

TEST(EvolutionChecks, AllNumbersAreCheckedInOneRequestAndMatchedByTheNumberEchoed) {
    FakeEvolution fake;
    fake.answer("POST", route("chat/whatsappNumbers"), 200, R"([
        {"exists": false, "jid": "79035550000@s.whatsapp.net", "number": "79035550000"},
        {"exists": true, "jid": "79161234567@s.whatsapp.net", "number": "79161234567", "name": "Иван"}
    ])");
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.evolution.check_whatsapp({"+79161234567", "+79035550000"});

    ASSERT_TRUE(checks.ok()) << checks.error().detail;
    ASSERT_EQ(checks->size(), 2u);
    EXPECT_EQ(checks.value()[0].phone, "+79161234567");
    EXPECT_TRUE(checks.value()[0].exists);
    EXPECT_FALSE(checks.value()[1].exists);
    ASSERT_EQ(fake.seen().size(), 1u);
    EXPECT_EQ(fake.seen()[0].target, "/chat/whatsappNumbers/sales");
    EXPECT_EQ(json::parse(fake.seen()[0].body), json::parse(R"({"numbers":["79161234567","79035550000"]})"));
}

TEST(EvolutionChecks, ANumberTheAnswerLeavesOutIsNeverGuessedToBeMissingFromWhatsApp) {
    FakeEvolution fake;
    fake.answer("POST", route("chat/whatsappNumbers"), 200,
                R"([{"exists": true, "jid": "79161234567@s.whatsapp.net", "number": "79161234567"}])");
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.evolution.check_whatsapp({"+79161234567", "+79035550000"});

    ASSERT_FALSE(checks.ok());
    EXPECT_EQ(checks.error().code, ErrorCode::gateway_bad_response);
    EXPECT_NE(checks.error().detail.find("+79035550000"), std::string::npos);
}

TEST(EvolutionInvites, TheInviteCodeBecomesAChatWhatsappLinkAndRevokeGivesANewOne) {
    FakeEvolution fake;
    fake.answer("GET", route("group/inviteCode"), 200,
                R"({"inviteUrl":"https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E","inviteCode":"HbbSmlB7BqqGbMPCpVkU4E"})");
    fake.answer("POST", route("group/revokeInviteCode"), 201, R"({"revoked":true,"inviteCode":"NewCode9xYzAbCdEfGh12"})");
    fake.start();
    Connected c(fake);

    Result<InviteLink> link = c.evolution.invite_link(kGroup);
    Result<InviteLink> fresh = c.evolution.revoke_invite_link(kGroup);

    ASSERT_TRUE(link.ok()) << link.error().detail;
    EXPECT_EQ(link->url, "https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E");
    ASSERT_TRUE(fresh.ok()) << fresh.error().detail;
    EXPECT_EQ(fresh->url, "https://chat.whatsapp.com/NewCode9xYzAbCdEfGh12");
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET /group/inviteCode/sales" + kGroupQuery,
                                                        "POST /group/revokeInviteCode/sales" + kGroupQuery}));
    EXPECT_TRUE(c.evolution.capabilities().revoke_invite_link);
}

TEST(EvolutionInvites, OnlyAnAdminCanReadTheLink) {
    FakeEvolution fake;
    fake.answer("GET", route("group/inviteCode"), 404,
                evolution_error_body(404, "Not Found", json::array({"No invite code", "Error: not-authorized"})));
    fake.start();
    Connected c(fake);

    Result<InviteLink> link = c.evolution.invite_link(kGroup);

    ASSERT_FALSE(link.ok());
    EXPECT_EQ(link.error().code, ErrorCode::not_group_admin);
}

TEST(EvolutionTexts, TheInviteLinkIsSentAsATextToThePersonsNumber) {
    FakeEvolution fake;
    fake.answer("POST", route("message/sendText"), 201,
                R"({"key":{"remoteJid":"79161234567@s.whatsapp.net","fromMe":true,"id":"3EB0"},"status":"PENDING"})");
    fake.start();
    Connected c(fake);

    Result<Done> sent = c.evolution.send_text("+79161234567", "Вступайте в группу: https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E");

    ASSERT_TRUE(sent.ok()) << sent.error().detail;
    ASSERT_EQ(fake.seen().size(), 1u);
    EXPECT_EQ(fake.seen()[0].target, "/message/sendText/sales");
    EXPECT_EQ(json::parse(fake.seen()[0].body),
              (json{{"number", "79161234567"}, {"text", "Вступайте в группу: https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E"}}));
}

TEST(EvolutionTexts, ANumberNotOnWhatsAppIsRefusedAsThatNumber) {
    FakeEvolution fake;
    fake.answer("POST", route("message/sendText"), 400,
                evolution_error_body(400, "Bad Request",
                                     json::array({{{"jid", "79161234567@s.whatsapp.net"}, {"exists", false}, {"number", "79161234567"}}})));
    fake.start();
    Connected c(fake);

    Result<Done> sent = c.evolution.send_text("+79161234567", "Ссылка на группу");

    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().code, ErrorCode::invalid_phone);
    EXPECT_NE(sent.error().detail.find("not on WhatsApp"), std::string::npos);
}

TEST(EvolutionContacts, EvolutionCannotSaveContactsSoTheUserIsToldToDoItByHand) {
    FakeEvolution fake;
    fake.start();
    Connected c(fake);
    EXPECT_FALSE(c.evolution.capabilities().save_contact);

    Result<Done> saved = c.evolution.save_contact("+79161234567", "Иван", "Петров");

    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().code, ErrorCode::not_supported);
    EXPECT_NE(saved.error().detail.find("by hand"), std::string::npos);
    EXPECT_TRUE(fake.seen().empty());
}

// ---------------------------------------------------------------------------------------------
// The connection and how Evolution says no
// ---------------------------------------------------------------------------------------------

TEST(EvolutionConnection, AnOpenInstanceIsConnectedAsOurNumber) {
    FakeEvolution fake;
    fake.state("open");
    fake.instance_row();
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.evolution.connection_state();

    ASSERT_TRUE(state.ok()) << state.error().detail;
    EXPECT_EQ(state->status, ConnectionStatus::connected);
    EXPECT_EQ(state->phone, "+79990001122");
    EXPECT_EQ(fake.targets(), (std::vector<std::string>{"GET /instance/connectionState/sales",
                                                        "GET /instance/fetchInstances?instanceName=sales"}));
}

TEST(EvolutionConnection, AClosedInstanceIsLoggedOutWithoutAskingForItsNumber) {
    FakeEvolution fake;
    fake.state("close");
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.evolution.connection_state();

    ASSERT_TRUE(state.ok()) << state.error().detail;
    EXPECT_EQ(state->status, ConnectionStatus::logged_out);
    EXPECT_EQ(state->phone, "");
    EXPECT_EQ(fake.seen().size(), 1u);
}

TEST(EvolutionConnection, EachStateMapsToAStatusWithItsOwnAdvice) {
    using evolution::connection_status_of;
    using evolution::state_advice;
    EXPECT_EQ(connection_status_of("open"), ConnectionStatus::connected);
    EXPECT_EQ(connection_status_of("connecting"), ConnectionStatus::starting);
    EXPECT_EQ(connection_status_of("close"), ConnectionStatus::logged_out);
    EXPECT_EQ(connection_status_of("refused"), ConnectionStatus::logged_out);
    EXPECT_EQ(connection_status_of(""), ConnectionStatus::logged_out);   // not loaded by Evolution
    EXPECT_EQ(state_advice("open"), "");
    EXPECT_NE(state_advice("close").find("QR"), std::string::npos);
    EXPECT_NE(state_advice("close"), state_advice("refused"));
    EXPECT_NE(state_advice(""), state_advice("close"));
}

TEST(EvolutionConnection, AnInstanceEvolutionDoesNotHaveIsAConfigurationProblem) {
    FakeEvolution fake;
    fake.answer("GET", route("instance/connectionState"), 404,
                evolution_error_body(404, "Not Found", json::array({"The \"sales\" instance does not exist"})));
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.evolution.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_unavailable);
    EXPECT_NE(state.error().detail.find("no instance"), std::string::npos);
}

TEST(EvolutionRefusals, AWrongApiKeyIsNotAuthorisedAndNoKeyIsEverEchoed) {
    FakeEvolution fake;
    fake.state("open");
    fake.start();
    Connected c(fake, "wrong-key");

    Result<ConnectionState> state = c.evolution.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_not_authorized);
    EXPECT_EQ(state.error().detail.find("wrong-key"), std::string::npos);
    EXPECT_EQ(fake.seen()[0].key, "wrong-key");
}

TEST(EvolutionRefusals, AnAnswerEchoingOurApiKeyHasItHiddenBeforeAnyoneReadsIt) {
    FakeEvolution fake;
    fake.answer("GET", std::string("/instance/connectionState/") + kInstance, 400,
                evolution_error_body(400, "Bad Request", json::array({std::string("apikey ") + kKey + " has no access to sales"})));
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.evolution.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().detail.find(kKey), std::string::npos) << state.error().detail;
    EXPECT_NE(state.error().detail.find("apikey (hidden) has no access"), std::string::npos) << state.error().detail;
}

TEST(EvolutionRefusals, TheInstanceTokenInFetchInstancesNeverReachesAnError) {
    FakeEvolution fake;
    fake.instance_row();
    fake.answer("GET", route("group/fetchAllGroups"), 200, R"({"unexpected": true})");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.evolution.list_groups();

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::gateway_bad_response);
    EXPECT_EQ(groups.error().detail.find("instance-token"), std::string::npos);
}

TEST(EvolutionRefusals, A429IsWaitedOutOnTheClockThenTheAnswerIsRead) {
    FakeEvolution fake;
    int calls = 0;
    fake.server.Post(route("chat/whatsappNumbers"), [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ == 0) {
            res.status = 429;
            res.set_header("Retry-After", "4");
            return;
        }
        res.set_content(R"([{"exists":true,"jid":"79161234567@s.whatsapp.net","number":"79161234567"}])", "application/json");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.evolution.check_whatsapp({"+79161234567"});

    ASSERT_TRUE(checks.ok()) << checks.error().detail;
    EXPECT_TRUE(checks.value()[0].exists);
    EXPECT_EQ(fake.seen().size(), 2u);
    EXPECT_GE(c.clock.slept(), Clock::Duration(4000));
}

TEST(EvolutionRefusals, AServerWithoutEvolutionsRoutesIsTheWrongGateway) {
    FakeEvolution fake;
    fake.answer("GET", route("instance/connectionState"), 404,
                evolution_error_body(404, "Not Found", json::array({"Cannot GET /instance/connectionState/sales"})));
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.evolution.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_bad_response);
}

TEST(EvolutionRefusals, AnswersThatAreNotEvolutionsShapeAreCleanErrors) {
    FakeEvolution fake;
    fake.instance_row();
    fake.state("");
    fake.answer("GET", route("group/fetchAllGroups"), 200, "<html>nginx default page</html>", "text/html");
    fake.answer("GET", route("group/findGroupInfos"), 200, "42");
    fake.answer("GET", route("group/inviteCode"), 200, R"({"unexpected": true})");
    fake.answer("POST", route("chat/whatsappNumbers"), 200, R"({"exists": true})");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.evolution.list_groups();
    Result<ParticipantList> list = c.evolution.participants(kGroup);
    Result<InviteLink> link = c.evolution.invite_link(kGroup);
    Result<std::vector<WhatsAppCheck>> checks = c.evolution.check_whatsapp({"+79161234567"});
    Result<ConnectionState> state = c.evolution.connection_state();

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(link.ok());
    EXPECT_EQ(link.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(checks.ok());
    EXPECT_EQ(checks.error().code, ErrorCode::gateway_bad_response);
    ASSERT_TRUE(state.ok());   // {"instance":{"instanceName"}} with no state: not loaded, so not connected
    EXPECT_EQ(state->status, ConnectionStatus::logged_out);
}

TEST(EvolutionRefusals, AMalformedPhoneOrGroupIdIsRefusedBeforeAnyRequest) {
    FakeEvolution fake;
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> bad_phone =
        c.evolution.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "8 916 123"});
    Result<std::vector<ParticipantChange>> bad_group =
        c.evolution.change_participants("120363041234567890@g.us&groupJid=1", ParticipantAction::add, {"+79161234567"});
    Result<std::vector<WhatsAppCheck>> bad_check = c.evolution.check_whatsapp({"79161234567"});
    Result<Done> bad_text = c.evolution.send_text("+7abc", "hi");
    Result<InviteLink> bad_link = c.evolution.invite_link("not-a-group");
    Result<ParticipantList> bad_list = c.evolution.participants("../instance/logout@g.us");

    EXPECT_EQ(bad_phone.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_phone.error().detail, "8 916 123");
    EXPECT_EQ(bad_group.error().code, ErrorCode::invalid_group_id);
    EXPECT_EQ(bad_check.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_text.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_link.error().code, ErrorCode::invalid_group_id);
    EXPECT_EQ(bad_list.error().code, ErrorCode::invalid_group_id);
    EXPECT_TRUE(fake.seen().empty());
}

TEST(EvolutionRefusals, AnInstanceNameIsEncodedIntoThePathAndDotSegmentsAreAConfigurationMistake) {
    FakeEvolution fake;
    fake.start();
    ManualClock clock;
    EvolutionGateway odd({fake.url(), kKey, "Отдел продаж/2"}, clock);

    (void)odd.connection_state();

    ASSERT_EQ(fake.seen().size(), 1u);
    EXPECT_EQ(fake.seen()[0].target,
              "/instance/connectionState/%D0%9E%D1%82%D0%B4%D0%B5%D0%BB%20%D0%BF%D1%80%D0%BE%D0%B4%D0%B0%D0%B6%2F2");
    EXPECT_THROW(EvolutionGateway({fake.url(), kKey, ".."}, clock), std::invalid_argument);
    EXPECT_THROW(EvolutionGateway({fake.url(), kKey, ""}, clock), std::invalid_argument);
    EXPECT_THROW(EvolutionGateway({"not a url", kKey, kInstance}, clock), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Pieces
// ---------------------------------------------------------------------------------------------

TEST(EvolutionNumbers, EvolutionsCountryRewritesAreKnownSoAnswersCanBeMatched) {
    using evolution::rewritten_by_evolution;
    EXPECT_EQ(rewritten_by_evolution("79161234567"), "79161234567");
    EXPECT_EQ(rewritten_by_evolution("5531987654321"), "553187654321");   // BR, area 31+, mobile 9 dropped
    EXPECT_EQ(rewritten_by_evolution("5511987654321"), "5511987654321");  // BR, area 11 keeps it
    EXPECT_EQ(rewritten_by_evolution("5531912345678"), "5531912345678");  // BR, subscriber starts below 7
    EXPECT_EQ(rewritten_by_evolution("5215512345678"), "525512345678");   // MX, the 1 after 52
    EXPECT_EQ(rewritten_by_evolution("5491123456789"), "541123456789");   // AR, the 9 after 54
    EXPECT_EQ(phone_of_id("79161234567:12@s.whatsapp.net"), "+79161234567");
    EXPECT_EQ(phone_of_id("555000111222333@lid"), "");
    EXPECT_EQ(phone_of_id("120363041234567890@g.us"), "");
}

} // namespace
} // namespace gd
