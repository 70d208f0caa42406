// The Green-API connector against a fake Green-API on 127.0.0.1 that serves
// /waInstance{idInstance}/{method}/{apiTokenInstance} as Green-API does: 403 for another
// idInstance, 401 for another token (echoing the path, as a careless server might), and the
// answers each test gives per method. It records what it was sent.
#include "proxy/connectors/green_api/green_api_changes.h"
#include "proxy/connectors/green_api/green_api_gateway.h"
#include "proxy/connectors/green_api/green_api_state.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace gd {
namespace {

using nlohmann::json;

const char* kInstance = "1101000001";
const char* kToken = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345";
const char* kOurNumber = "79990001122";
const char* kGroup = "120363041234567890@g.us";

struct Seen {
    std::string verb;
    std::string method;   // Green-API's method name, from the path
    std::string body;
    bool had_auth_header = false;
};

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

class FakeGreenApi {
public:
    FakeGreenApi() {
        auto route = [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); };
        server.Get(".*", route);
        server.Post(".*", route);
    }
    ~FakeGreenApi() {
        server.stop();
        if (thread_.joinable()) thread_.join();
    }

    void on(const std::string& method, Handler handler) {
        std::lock_guard lock(mutex_);
        handlers_[method] = std::move(handler);
    }
    void answer(const std::string& method, int status, const std::string& body,
                const std::string& content_type = "application/json") {
        on(method, [=](const httplib::Request&, httplib::Response& res) {
            res.status = status;
            res.set_content(body, content_type);
        });
    }
    // Our number, as getWaSettings names it.
    void linked(const std::string& phone = kOurNumber) {
        answer("getWaSettings", 200,
               json{{"avatar", ""}, {"phone", phone}, {"stateInstance", "authorized"}, {"deviceId", phone + ":8@s.whatsapp.net"}}.dump());
    }
    // getGroupData answers per asked groupId.
    void groups(std::map<std::string, json> data) {
        on("getGroupData", [data](const httplib::Request& req, httplib::Response& res) {
            json asked = json::parse(req.body, nullptr, false);
            auto it = asked.is_object() && asked.contains("groupId") ? data.find(asked["groupId"].get<std::string>()) : data.end();
            if (it == data.end()) {
                res.status = 400;
                res.set_content(R"({"message":"Validation failed"})", "application/json");
                return;
            }
            res.set_content(it->second.dump(), "application/json");
        });
    }

    void start() {
        port_ = server.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::yield();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    std::vector<Seen> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    std::vector<std::string> methods() const {
        std::vector<std::string> m;
        for (const Seen& s : seen()) m.push_back(s.method);
        return m;
    }
    int count(const std::string& method) const {
        int n = 0;
        for (const Seen& s : seen()) n += s.method == method;
        return n;
    }
    std::vector<json> bodies(const std::string& method) const {
        std::vector<json> b;
        for (const Seen& s : seen())
            if (s.method == method) b.push_back(json::parse(s.body, nullptr, false));
        return b;
    }

    httplib::Server server;

private:
    void serve(const httplib::Request& req, httplib::Response& res) {
        // /waInstance{id}/{method}/{token}
        std::string path = req.path;
        std::string instance, method, token;
        const std::string prefix = "/waInstance";
        if (path.compare(0, prefix.size(), prefix) == 0) {
            size_t a = path.find('/', prefix.size());
            size_t b = a == std::string::npos ? a : path.find('/', a + 1);
            if (b != std::string::npos) {
                instance = path.substr(prefix.size(), a - prefix.size());
                method = path.substr(a + 1, b - a - 1);
                token = path.substr(b + 1);
            }
        }
        Handler handler;
        {
            std::lock_guard lock(mutex_);
            seen_.push_back({req.method, method, req.body, req.has_header("Authorization")});
            auto it = handlers_.find(method);
            if (it != handlers_.end()) handler = it->second;
        }
        if (instance != kInstance) {
            res.status = 403;
            res.set_content("Forbidden", "text/plain");
        } else if (token != kToken) {
            res.status = 401;
            res.set_content("Unauthorized: no instance at " + path, "text/plain");
        } else if (!handler) {
            res.status = 404;
            res.set_content("Cannot " + req.method + " " + path, "text/plain");
        } else {
            handler(req, res);
        }
    }

    mutable std::mutex mutex_;
    std::map<std::string, Handler> handlers_;
    std::vector<Seen> seen_;
    std::thread thread_;
    int port_ = 0;
};

// The connector as the proxy would build it, with a clock that never sleeps.
struct Connected {
    ManualClock clock;
    GreenApiGateway green;
    explicit Connected(const FakeGreenApi& fake, const std::string& instance = kInstance, const std::string& token = kToken)
        : green({fake.url(), instance, token}, clock) {}
};

json group_data(const std::string& id, const std::string& subject, json participants, const std::string& link = "",
                int size = -1) {
    json g = {{"groupId", id},
              {"owner", "79035550000@c.us"},
              {"subject", subject},
              {"creation", 1587570015},
              {"participants", participants},
              {"groupInviteLink", link}};
    if (size >= 0) g["size"] = size;
    return g;
}

json member(const std::string& id, bool admin = false, bool super_admin = false) {
    return {{"id", id}, {"isAdmin", admin}, {"isSuperAdmin", super_admin}};
}

std::string group_id(int n) { return "12036300000000000" + std::to_string(n) + "@g.us"; }

std::vector<ChangeOutcome> outcomes(const std::vector<ParticipantChange>& changes) {
    std::vector<ChangeOutcome> o;
    for (const ParticipantChange& c : changes) o.push_back(c.outcome);
    return o;
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

TEST(GreenApiGroups, GroupsComeFromGetChatsAndTheirMembersAndOurRoleFromGetGroupData) {
    FakeGreenApi fake;
    fake.linked();
    fake.answer("getChats", 200, json::array({
        {{"archive", false}, {"id", "79161234567@c.us"}, {"name", "Иван"}, {"type", "user"}},
        {{"archive", false}, {"id", kGroup}, {"name", "Клиенты VIP"}, {"type", "group"}},
        {{"archive", true}, {"id", "120363000000000001@g.us"}, {"name", "Поставщики"}, {"type", "group"}},
        {{"archive", false}, {"id", "123456789012345@lid"}, {"name", "", }, {"type", "user"}},
    }).dump());
    fake.groups({
        {kGroup, group_data(kGroup, "Клиенты VIP",
                            {member("79035550000@c.us", true, true), member("79990001122@c.us", true),
                             member("79161234567@c.us")},
                            "https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E", 3)},
        {"120363000000000001@g.us", group_data("120363000000000001@g.us", "Поставщики",
                                               {member("79035550000@c.us", true, true), member("79990001122@c.us")}, "", 2)},
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.green.list_groups();

    ASSERT_TRUE(groups.ok()) << groups.error().detail;
    ASSERT_EQ(groups->size(), 2u);
    const Group& vip = groups.value()[0];   // getChats' order: most recently active first
    const Group& suppliers = groups.value()[1];
    EXPECT_EQ(vip.id, kGroup);
    EXPECT_EQ(vip.name, "Клиенты VIP");
    EXPECT_EQ(vip.participant_count, 3);
    EXPECT_TRUE(vip.we_are_admin);
    EXPECT_EQ(suppliers.name, "Поставщики");
    EXPECT_EQ(suppliers.participant_count, 2);
    EXPECT_FALSE(suppliers.we_are_admin);
    EXPECT_EQ(fake.count("getContacts"), 0);   // buggy for groups (research §1.2)
    EXPECT_EQ(fake.count("getChats"), 1);
    EXPECT_EQ(fake.bodies("getGroupData"),
              (std::vector<json>{json{{"groupId", kGroup}}, json{{"groupId", "120363000000000001@g.us"}}}));
    for (const Seen& s : fake.seen()) EXPECT_FALSE(s.had_auth_header);   // the token is in the path only
}

TEST(GreenApiGroups, EachListingDescribesAtMostSixGroupsAtGreenApisPaceAndTheRestOnTheNextListing) {
    FakeGreenApi fake;
    fake.linked();
    json chats = json::array();
    std::map<std::string, json> data;
    for (int n = 1; n <= 8; ++n) {
        chats.push_back({{"id", group_id(n)}, {"name", "Группа " + std::to_string(n)}, {"type", "group"}});
        data[group_id(n)] = group_data(group_id(n), "Группа " + std::to_string(n), {member("79990001122@c.us", true)}, "", 10 + n);
    }
    fake.answer("getChats", 200, chats.dump());
    fake.groups(data);
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> first = c.green.list_groups();

    ASSERT_TRUE(first.ok()) << first.error().detail;
    ASSERT_EQ(first->size(), 8u);
    EXPECT_EQ(fake.count("getGroupData"), GreenApiGateway::kGroupsDescribedPerListing);
    EXPECT_EQ(first.value()[5].participant_count, 16);
    EXPECT_TRUE(first.value()[5].we_are_admin);
    EXPECT_EQ(first.value()[6].participant_count, 0);   // not described yet
    EXPECT_FALSE(first.value()[6].we_are_admin);
    EXPECT_EQ(first.value()[6].name, "Группа 7");
    // getGroupData is limited to 1 a second: six calls wait five turns of the 0.9-a-second key.
    EXPECT_GE(c.clock.slept(), Clock::Duration(5 * 1111));

    Result<std::vector<Group>> second = c.green.list_groups();
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(fake.count("getGroupData"), 8);   // only the two left
    EXPECT_EQ(second.value()[7].participant_count, 18);
    EXPECT_EQ(second.value()[0].participant_count, 11);   // still shown from the first listing

    Result<std::vector<Group>> third = c.green.list_groups();
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(fake.count("getGroupData"), 8);   // all fresh: none asked again

    c.clock.advance(GreenApiGateway::kGroupDescriptionFresh);
    Result<std::vector<Group>> later = c.green.list_groups();
    ASSERT_TRUE(later.ok());
    EXPECT_EQ(fake.count("getGroupData"), 8 + GreenApiGateway::kGroupsDescribedPerListing);
    std::vector<json> asked = fake.bodies("getGroupData");
    EXPECT_EQ(asked[8], (json{{"groupId", group_id(1)}}));   // the stalest first
}

TEST(GreenApiGroups, AListingStillComesWhenDescribingRunsIntoTheQuota) {
    FakeGreenApi fake;
    fake.linked();
    fake.answer("getChats", 200,
                json::array({{{"id", group_id(1)}, {"name", "Один"}, {"type", "group"}},
                             {{"id", group_id(2)}, {"name", "Два"}, {"type", "group"}}})
                    .dump());
    fake.answer("getGroupData", 466,
                R"({"invokeStatus":{"method":"getgroupdata","used":1000,"total":1000,"status":"QUOTE_EXCEEDED","description":"Monthly quota has been exceeded."}})");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.green.list_groups();

    ASSERT_TRUE(groups.ok()) << groups.error().detail;
    ASSERT_EQ(groups->size(), 2u);
    EXPECT_EQ(groups.value()[1].name, "Два");
    EXPECT_EQ(fake.count("getGroupData"), 1);   // no quota spent on asking the rest
}

TEST(GreenApiGroups, MembersCarryTheirRolesAndAPrivacyIdHasNoPhone) {
    FakeGreenApi fake;
    fake.linked();
    fake.groups({{kGroup, group_data(kGroup, "Клиенты VIP",
                                     {member("79035550000@c.us", true, true), member("79990001122@c.us", true),
                                      member("79161234567@c.us"),
                                      {{"id", "208409418264791@lid"}, {"lid", "208409418264791@lid"}, {"isAdmin", false}, {"isSuperAdmin", false}}},
                                     "https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E", 4)}});
    fake.start();
    Connected c(fake);

    Result<ParticipantList> list = c.green.participants(kGroup);

    ASSERT_TRUE(list.ok()) << list.error().detail;
    EXPECT_EQ(list->group.id, kGroup);
    EXPECT_EQ(list->group.name, "Клиенты VIP");
    EXPECT_EQ(list->group.participant_count, 4);
    EXPECT_TRUE(list->group.we_are_admin);
    ASSERT_EQ(list->participants.size(), 4u);
    EXPECT_EQ(list->participants[0].role, ParticipantRole::owner);
    EXPECT_EQ(list->participants[0].phone, "+79035550000");
    EXPECT_EQ(list->participants[1].role, ParticipantRole::admin);
    EXPECT_EQ(list->participants[2].role, ParticipantRole::member);
    EXPECT_EQ(list->participants[2].id, "79161234567@c.us");
    EXPECT_EQ(list->participants[3].id, "208409418264791@lid");
    EXPECT_EQ(list->participants[3].phone, "");   // the docs give no phone beside an @lid id
    EXPECT_EQ(fake.bodies("getGroupData"), (std::vector<json>{json{{"groupId", kGroup}}}));
}

TEST(GreenApiGroups, TheInviteLinkTellsWeAreAnAdminWhenOurOwnEntryIsAPrivacyId) {
    FakeGreenApi fake;
    fake.linked();
    fake.groups({
        {group_id(1), group_data(group_id(1), "Мы админ под lid", {member("111222333444555@lid", true), member("79161234567@c.us")},
                                 "https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E")},
        {group_id(2), group_data(group_id(2), "Мы участник", {member("79990001122@c.us"), member("79035550000@c.us", true, true)})},
    });
    fake.start();
    Connected c(fake);

    Result<ParticipantList> admin = c.green.participants(group_id(1));
    Result<ParticipantList> not_admin = c.green.participants(group_id(2));

    ASSERT_TRUE(admin.ok() && not_admin.ok());
    EXPECT_TRUE(admin->group.we_are_admin);
    EXPECT_FALSE(not_admin->group.we_are_admin);
}

TEST(GreenApiGroups, AGroupGreenApiCannotFindIsGroupNotFound) {
    FakeGreenApi fake;
    fake.linked();
    fake.answer("getGroupData", 200, "Error: item-not-found", "text/plain");
    fake.start();
    Connected c(fake);

    Result<ParticipantList> list = c.green.participants(kGroup);

    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::group_not_found);
}

// ---------------------------------------------------------------------------------------------
// Adding, removing, promoting, demoting
// ---------------------------------------------------------------------------------------------

TEST(GreenApiChanges, AddAsksOncePerPersonAndGoesOnAfterAFalse) {
    FakeGreenApi fake;
    fake.on("addGroupParticipant", [](const httplib::Request& req, httplib::Response& res) {
        bool added = json::parse(req.body)["participantChatId"] != "79035550000@c.us";
        res.set_content(json{{"addParticipant", added}}.dump(), "application/json");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.green.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "+79035550000", "+79261112233"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    // false says nothing of why (not admin, not in the phone's contacts, already a member, privacy).
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::unknown, ChangeOutcome::done}));
    EXPECT_EQ(changes.value()[1].phone, "+79035550000");
    EXPECT_EQ(fake.bodies("addGroupParticipant"),
              (std::vector<json>{json{{"groupId", kGroup}, {"participantChatId", "79161234567@c.us"}},
                                 json{{"groupId", kGroup}, {"participantChatId", "79035550000@c.us"}},
                                 json{{"groupId", kGroup}, {"participantChatId", "79261112233@c.us"}}}));
}

TEST(GreenApiChanges, ARefusedRemoveMeansThePersonIsNotInTheGroup) {
    FakeGreenApi fake;
    fake.on("removeGroupParticipant", [](const httplib::Request& req, httplib::Response& res) {
        bool removed = json::parse(req.body)["participantChatId"] == "79161234567@c.us";
        res.set_content(json{{"removeParticipant", removed}}.dump(), "application/json");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.green.change_participants(kGroup, ParticipantAction::remove, {"+79161234567", "+79035550000"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::not_a_member}));
}

TEST(GreenApiChanges, PromoteAndDemoteGoToSetGroupAdminAndRemoveAdmin) {
    FakeGreenApi fake;
    fake.answer("setGroupAdmin", 200, R"({"setGroupAdmin": true})");
    fake.answer("removeAdmin", 200, R"({"removeAdmin": true})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> promoted = c.green.change_participants(kGroup, ParticipantAction::promote, {"+79161234567"});
    Result<std::vector<ParticipantChange>> demoted = c.green.change_participants(kGroup, ParticipantAction::demote, {"+79161234567"});

    ASSERT_TRUE(promoted.ok() && demoted.ok());
    EXPECT_EQ(promoted.value()[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(demoted.value()[0].outcome, ChangeOutcome::done);
    EXPECT_EQ(fake.methods(), (std::vector<std::string>{"setGroupAdmin", "removeAdmin"}));
    EXPECT_EQ(fake.bodies("removeAdmin")[0], (json{{"groupId", kGroup}, {"participantChatId", "79161234567@c.us"}}));
}

TEST(GreenApiChanges, PromoteRefusalsAreReadFromGreenApisWords) {
    FakeGreenApi fake;
    fake.on("setGroupAdmin", [](const httplib::Request& req, httplib::Response& res) {
        const std::string who = json::parse(req.body)["participantChatId"];
        if (who == "79161234567@c.us") res.set_content(R"({"setGroupAdmin": false, "error": "participant not found"})", "application/json");
        else if (who == "79035550000@c.us") res.set_content("failed to set group admin", "text/plain");
        else res.set_content(R"({"setGroupAdmin": false, "error": "you have to be group admin to change settings"})", "application/json");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.green.change_participants(kGroup, ParticipantAction::promote, {"+79161234567", "+79035550000", "+79261112233"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    // "failed to set group admin": a wrong group, we are not an admin, or they already are one.
    EXPECT_EQ(outcomes(changes.value()),
              (std::vector<ChangeOutcome>{ChangeOutcome::not_a_member, ChangeOutcome::unknown, ChangeOutcome::not_admin}));
}

TEST(GreenApiChanges, EachAnswerShapeGivesTheMostHonestOutcome) {
    using green::read_change;
    EXPECT_EQ(read_change(R"({"addParticipant":false})", ParticipantAction::add), ChangeOutcome::unknown);
    EXPECT_EQ(read_change(R"({"addParticipant":true})", ParticipantAction::add), ChangeOutcome::done);
    EXPECT_EQ(read_change(R"({"removeParticipant":false})", ParticipantAction::remove), ChangeOutcome::not_a_member);
    EXPECT_EQ(read_change(R"({"setGroupAdmin":false})", ParticipantAction::promote), ChangeOutcome::unknown);
    EXPECT_EQ(read_change(R"({"removeAdmin":false})", ParticipantAction::demote), ChangeOutcome::unknown);
    EXPECT_EQ(read_change(R"({"removeAdmin":false,"error":"participant not found"})", ParticipantAction::demote),
              ChangeOutcome::not_a_member);
    EXPECT_EQ(read_change(R"("participant not found")", ParticipantAction::promote), ChangeOutcome::not_a_member);
    EXPECT_EQ(read_change(R"({"addParticipant":false,"error":"no permission"})", ParticipantAction::add), ChangeOutcome::not_admin);
    // Another method's flag, or none at all, is not an answer.
    EXPECT_EQ(read_change(R"({"addParticipant":true})", ParticipantAction::remove), std::nullopt);
    EXPECT_EQ(read_change(R"({"ok":true})", ParticipantAction::add), std::nullopt);
    EXPECT_EQ(read_change("<html>ok</html>", ParticipantAction::add), std::nullopt);
}

TEST(GreenApiChanges, AFailureOnTheFirstPersonIsTheRequestsError) {
    FakeGreenApi fake;
    fake.answer("addGroupParticipant", 400, "instance account not authorized", "text/plain");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.green.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "+79035550000"});

    ASSERT_FALSE(changes.ok());
    EXPECT_EQ(changes.error().code, ErrorCode::number_logged_out);
    EXPECT_EQ(fake.count("addGroupParticipant"), 1);
}

TEST(GreenApiChanges, AFailureLaterEndsTheRunWithoutLosingWhoWasAdded) {
    FakeGreenApi fake;
    int calls = 0;
    fake.on("addGroupParticipant", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ == 0) {
            res.set_content(R"({"addParticipant": true})", "application/json");
            return;
        }
        res.status = 502;
        res.set_content("<html>Bad Gateway</html>", "text/html");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.green.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "+79035550000", "+79261112233"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()),
              (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::unknown, ChangeOutcome::pending}));
    EXPECT_EQ(fake.count("addGroupParticipant"), 2);   // the 502 write is not repeated, the third not sent
}

TEST(GreenApiChanges, ThrottlingLaterLeavesThatPersonRateLimited) {
    FakeGreenApi fake;
    int calls = 0;
    fake.on("removeGroupParticipant", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ == 0) {
            res.set_content(R"({"removeParticipant": true})", "application/json");
            return;
        }
        res.status = 429;
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes =
        c.green.change_participants(kGroup, ParticipantAction::remove, {"+79161234567", "+79035550000"});

    ASSERT_TRUE(changes.ok()) << changes.error().detail;
    EXPECT_EQ(outcomes(changes.value()), (std::vector<ChangeOutcome>{ChangeOutcome::done, ChangeOutcome::rate_limited}));
}

TEST(GreenApiChanges, AnAnswerWithoutTheFlagIsNeverTakenAsDone) {
    FakeGreenApi fake;
    fake.answer("addGroupParticipant", 200, R"({"idMessage":"3EB0C767D097B7C7C030"})");
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> changes = c.green.change_participants(kGroup, ParticipantAction::add, {"+79161234567"});

    ASSERT_FALSE(changes.ok());
    EXPECT_EQ(changes.error().code, ErrorCode::gateway_bad_response);
}

// ---------------------------------------------------------------------------------------------
// Checks, invite links, texts, contacts
// ---------------------------------------------------------------------------------------------

TEST(GreenApiChecks, EachNumberIsCheckedAsAnIntegerAtOneASecond) {
    FakeGreenApi fake;
    fake.on("checkWhatsapp", [](const httplib::Request& req, httplib::Response& res) {
        json asked = json::parse(req.body);
        res.set_content(json{{"existsWhatsapp", asked["phoneNumber"] == 79161234567LL}}.dump(), "application/json");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.green.check_whatsapp({"+79161234567", "+380123456789"});

    ASSERT_TRUE(checks.ok()) << checks.error().detail;
    ASSERT_EQ(checks->size(), 2u);
    EXPECT_EQ(checks.value()[0].phone, "+79161234567");
    EXPECT_TRUE(checks.value()[0].exists);
    EXPECT_FALSE(checks.value()[1].exists);
    std::vector<json> bodies = fake.bodies("checkWhatsapp");
    ASSERT_EQ(bodies.size(), 2u);
    EXPECT_TRUE(bodies[0]["phoneNumber"].is_number_integer());
    EXPECT_EQ(bodies[1], (json{{"phoneNumber", 380123456789LL}}));
    EXPECT_GE(c.clock.slept(), Clock::Duration(1000));
}

TEST(GreenApiChecks, ANumberShorterThanGreenApiChecksIsRefusedBeforeAnyRequest) {
    FakeGreenApi fake;
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.green.check_whatsapp({"+3545551234"});

    ASSERT_FALSE(checks.ok());
    EXPECT_EQ(checks.error().code, ErrorCode::invalid_phone);
    EXPECT_NE(checks.error().detail.find("11 to 16"), std::string::npos);
    EXPECT_TRUE(fake.seen().empty());
}

TEST(GreenApiInvites, TheLinkComesFromGroupDataAndOnlyAnAdminGetsIt) {
    FakeGreenApi fake;
    fake.linked();
    fake.groups({
        {group_id(1), group_data(group_id(1), "Админ", {member("79990001122@c.us", true)}, "https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E")},
        {group_id(2), group_data(group_id(2), "Участник", {member("79990001122@c.us")})},
        {group_id(3), group_data(group_id(3), "Странная", {member("79990001122@c.us", true)}, "https://example.com/x")},
    });
    fake.start();
    Connected c(fake);

    Result<InviteLink> link = c.green.invite_link(group_id(1));
    Result<InviteLink> withheld = c.green.invite_link(group_id(2));
    Result<InviteLink> odd = c.green.invite_link(group_id(3));

    ASSERT_TRUE(link.ok()) << link.error().detail;
    EXPECT_EQ(link->url, "https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E");
    ASSERT_FALSE(withheld.ok());
    EXPECT_EQ(withheld.error().code, ErrorCode::not_group_admin);
    ASSERT_FALSE(odd.ok());
    EXPECT_EQ(odd.error().code, ErrorCode::gateway_bad_response);
}

TEST(GreenApiInvites, GreenApiCannotRevokeALinkAndSaysSoWithoutAsking) {
    FakeGreenApi fake;
    fake.start();
    Connected c(fake);

    Result<InviteLink> revoked = c.green.revoke_invite_link(kGroup);

    EXPECT_FALSE(c.green.capabilities().revoke_invite_link);
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.error().code, ErrorCode::not_supported);
    EXPECT_NE(revoked.error().detail.find("Reset link"), std::string::npos);
    EXPECT_TRUE(fake.seen().empty());
}

TEST(GreenApiTexts, TheInviteLinkIsSentWithSendMessage) {
    FakeGreenApi fake;
    fake.answer("sendMessage", 200, R"({"idMessage":"3EB0C767D097B7C7C030"})");
    fake.start();
    Connected c(fake);

    Result<Done> sent = c.green.send_text("+79161234567", "Вступайте в группу: https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E");

    ASSERT_TRUE(sent.ok()) << sent.error().detail;
    EXPECT_EQ(fake.bodies("sendMessage"),
              (std::vector<json>{json{{"chatId", "79161234567@c.us"},
                                      {"message", "Вступайте в группу: https://chat.whatsapp.com/HbbSmlB7BqqGbMPCpVkU4E"}}}));
}

TEST(GreenApiTexts, ATextIsNotSentTwiceAndAnAnswerWithoutAnIdIsNotASend) {
    FakeGreenApi fake;
    fake.answer("sendMessage", 503, "<html>Service Unavailable</html>", "text/html");
    fake.start();
    Connected c(fake);

    Result<Done> failed = c.green.send_text("+79161234567", "Привет");
    fake.answer("sendMessage", 200, R"({"ok":true})");
    Result<Done> odd = c.green.send_text("+79161234567", "Привет");
    Result<Done> too_long = c.green.send_text("+79161234567", std::string(20001, 'x'));

    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::gateway_unavailable);
    ASSERT_FALSE(odd.ok());
    EXPECT_EQ(odd.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.error().code, ErrorCode::bad_request);
    EXPECT_EQ(fake.count("sendMessage"), 2);
}

TEST(GreenApiContacts, GreenApiCannotSaveAContactSoTheUserIsToldToDoItByHand) {
    FakeGreenApi fake;
    fake.start();
    Connected c(fake);

    Result<Done> saved = c.green.save_contact("+79161234567", "Иван", "Петров");

    EXPECT_FALSE(c.green.capabilities().save_contact);
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().code, ErrorCode::not_supported);
    EXPECT_NE(saved.error().detail.find("by hand"), std::string::npos);
    EXPECT_NE(saved.error().detail.find("+79161234567"), std::string::npos);
    EXPECT_TRUE(fake.seen().empty());
}

// ---------------------------------------------------------------------------------------------
// The connection
// ---------------------------------------------------------------------------------------------

TEST(GreenApiConnection, AnAuthorizedInstanceIsConnectedAsOurNumber) {
    FakeGreenApi fake;
    fake.answer("getStateInstance", 200, R"({"stateInstance":"authorized"})");
    fake.linked();
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.green.connection_state();
    Result<ConnectionState> again = c.green.connection_state();

    ASSERT_TRUE(state.ok()) << state.error().detail;
    EXPECT_EQ(state->status, ConnectionStatus::connected);
    EXPECT_EQ(state->phone, "+79990001122");
    EXPECT_EQ(again->phone, "+79990001122");
    EXPECT_EQ(fake.methods(), (std::vector<std::string>{"getStateInstance", "getWaSettings", "getStateInstance"}));
}

TEST(GreenApiConnection, EachStateInstanceMapsToAConnectionStatus) {
    FakeGreenApi fake;
    std::string state = "authorized";
    fake.on("getStateInstance", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(state == "null" ? "null" : json{{"stateInstance", state}}.dump(), "application/json");
    });
    fake.linked();
    fake.start();
    Connected c(fake);
    auto status_for = [&](const std::string& s) {
        state = s;
        Result<ConnectionState> r = c.green.connection_state();
        return r.ok() ? r->status : ConnectionStatus::connected;
    };

    EXPECT_EQ(status_for("yellowCard"), ConnectionStatus::warned);
    EXPECT_EQ(status_for("blocked"), ConnectionStatus::banned);
    EXPECT_EQ(status_for("notAuthorized"), ConnectionStatus::logged_out);
    EXPECT_EQ(status_for("starting"), ConnectionStatus::starting);
    EXPECT_EQ(status_for("sleepMode"), ConnectionStatus::starting);
    EXPECT_EQ(status_for("null"), ConnectionStatus::starting);   // a new instance still being created
    EXPECT_EQ(status_for("somethingNew"), ConnectionStatus::logged_out);
    EXPECT_EQ(status_for("authorized"), ConnectionStatus::connected);
    EXPECT_NE(green::state_advice("notAuthorized").find("QR"), std::string::npos);
    EXPECT_NE(green::state_advice("yellowCard"), green::state_advice("blocked"));
    EXPECT_EQ(green::state_advice("authorized"), "");
}

TEST(GreenApiConnection, ANumberNotLoggedInHasNoPhoneAndIsNotAskedFor) {
    FakeGreenApi fake;
    fake.answer("getStateInstance", 200, R"({"stateInstance":"notAuthorized"})");
    fake.linked();
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.green.connection_state();

    ASSERT_TRUE(state.ok()) << state.error().detail;
    EXPECT_EQ(state->status, ConnectionStatus::logged_out);
    EXPECT_EQ(state->phone, "");
    EXPECT_EQ(fake.count("getWaSettings"), 0);
}

// ---------------------------------------------------------------------------------------------
// How Green-API says no
// ---------------------------------------------------------------------------------------------

TEST(GreenApiRefusals, AWrongTokenIsNotAuthorisedAndTheTokenIsNeverShown) {
    FakeGreenApi fake;   // answers 401 with the path, token and all
    fake.start();
    const std::string wrong = "0123456789abcdef0123456789abcdef0123456789abcdef99";
    Connected c(fake, kInstance, wrong);

    Result<ConnectionState> state = c.green.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_not_authorized);
    EXPECT_NE(state.error().detail.find("apiTokenInstance"), std::string::npos);
    EXPECT_EQ(state.error().detail.find(wrong), std::string::npos) << state.error().detail;
}

TEST(GreenApiRefusals, ATokenThatIsPartOfTheWordHiddenIsStillHiddenOnce) {
    FakeGreenApi fake;
    fake.start();
    Connected c(fake, kInstance, "hidden");

    Result<ConnectionState> state = c.green.connection_state();   // 401 echoing ".../hidden"

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_not_authorized);
    EXPECT_NE(state.error().detail.find("getStateInstance/(hidden)"), std::string::npos) << state.error().detail;
}

TEST(GreenApiRefusals, AWrongInstanceIsNotAuthorised) {
    FakeGreenApi fake;
    fake.start();
    Connected c(fake, "1101999999");

    Result<std::vector<Group>> groups = c.green.list_groups();

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::gateway_not_authorized);
    EXPECT_NE(groups.error().detail.find("idInstance"), std::string::npos);
}

TEST(GreenApiRefusals, A466IsTheQuotaOfThePlanWithoutRepeatingWhatItLists) {
    FakeGreenApi fake;
    fake.answer("checkWhatsapp", 466,
                R"({"invokeStatus":{"method":"checkwhatsapp","used":100,"total":100,"status":"QUOTE_EXCEEDED","description":"Monthly quota has been exceeded. Please go to your personal account and change the tariff to business https://console.green-api.com"}})");
    fake.answer("sendMessage", 466,
                R"({"invokeStatus":{"method":"sendmessage","used":67,"total":0,"status":"QUOTE_ALLOWED"},"correspondentsStatus":{"method":"correspondents","used":3,"total":3,"status":"CORRESPONDENTS_QUOTE_EXCEEDED","description":"Monthly quota has been exceeded. You can only send or receive messages from these numbers: 12345678901@c.us,12345678910@c.us"}})");
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.green.check_whatsapp({"+79161234567"});
    Result<Done> sent = c.green.send_text("+79161234567", "Привет");

    ASSERT_FALSE(checks.ok());
    EXPECT_EQ(checks.error().code, ErrorCode::quota_exceeded);
    EXPECT_NE(checks.error().detail.find("checkwhatsapp is used up (100 of 100)"), std::string::npos) << checks.error().detail;
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().code, ErrorCode::quota_exceeded);
    EXPECT_NE(sent.error().detail.find("chats is used up (3 of 3)"), std::string::npos) << sent.error().detail;
    EXPECT_EQ(sent.error().detail.find("12345678901"), std::string::npos);
    EXPECT_EQ(fake.count("checkWhatsapp"), 1);   // a quota is not retried
}

TEST(GreenApiRefusals, A429IsWaitedOutOnTheClockThenTheAnswerIsRead) {
    FakeGreenApi fake;
    int calls = 0;
    fake.on("checkWhatsapp", [&](const httplib::Request&, httplib::Response& res) {
        if (calls++ == 0) {
            res.status = 429;
            res.set_header("Retry-After", "4");
            return;
        }
        res.set_content(R"({"existsWhatsapp":true})", "application/json");
    });
    fake.start();
    Connected c(fake);

    Result<std::vector<WhatsAppCheck>> checks = c.green.check_whatsapp({"+79161234567"});

    ASSERT_TRUE(checks.ok()) << checks.error().detail;
    EXPECT_TRUE(checks.value()[0].exists);
    EXPECT_EQ(fake.count("checkWhatsapp"), 2);
    EXPECT_GE(c.clock.slept(), Clock::Duration(4000));
}

TEST(GreenApiRefusals, KeptThrottlingIsRateLimited) {
    FakeGreenApi fake;
    fake.answer("getChats", 429, "Too Many Requests", "text/plain");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.green.list_groups();

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::upstream_rate_limited);
}

TEST(GreenApiRefusals, AnInstanceThatIsStartingOrLoggedOutSaysSo) {
    FakeGreenApi fake;
    fake.linked();
    fake.answer("getChats", 400, "instance in starting process try later", "text/plain");
    fake.answer("getGroupData", 400, R"({"message":"instance account not authorized"})");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.green.list_groups();
    Result<ParticipantList> list = c.green.participants(kGroup);

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::gateway_unavailable);
    EXPECT_NE(groups.error().detail.find("starting"), std::string::npos);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::number_logged_out);
}

TEST(GreenApiRefusals, AServerErrorOnAReadIsRetriedThenUnavailable) {
    FakeGreenApi fake;
    fake.answer("getStateInstance", 502, "<html><body>502 Bad Gateway</body></html>", "text/html");
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.green.connection_state();

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_unavailable);
    EXPECT_EQ(fake.count("getStateInstance"), 3);   // Green-API: "repeat the request 3 times with a delay"
}

TEST(GreenApiRefusals, AnAddressThatIsNotGreenApisIsABadResponse) {
    FakeGreenApi fake;   // no getStateInstance: 404 "Cannot GET <path with the token>"
    fake.linked();
    fake.answer("getGroupData", 404, "<html><head><title>404 Not Found</title></head><body>nginx</body></html>", "text/html");
    fake.start();
    Connected c(fake);

    Result<ConnectionState> state = c.green.connection_state();
    Result<ParticipantList> list = c.green.participants(kGroup);

    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_bad_response);
    EXPECT_NE(state.error().detail.find("apiUrl"), std::string::npos);
    EXPECT_EQ(state.error().detail.find(kToken), std::string::npos) << state.error().detail;
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::gateway_bad_response);   // the address, not the group
}

TEST(GreenApiRefusals, AnswersThatAreNotGreenApisShapeAreCleanErrors) {
    FakeGreenApi fake;
    fake.linked();
    fake.answer("getChats", 200, "<html>nginx default page</html>", "text/html");
    fake.answer("getGroupData", 200, "42");
    fake.answer("checkWhatsapp", 200, R"({"exists": true})");
    fake.answer("getStateInstance", 200, R"({"state": "authorized"})");
    fake.start();
    Connected c(fake);

    Result<std::vector<Group>> groups = c.green.list_groups();
    Result<ParticipantList> list = c.green.participants(kGroup);
    Result<std::vector<WhatsAppCheck>> checks = c.green.check_whatsapp({"+79161234567"});
    Result<ConnectionState> state = c.green.connection_state();

    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(checks.ok());
    EXPECT_EQ(checks.error().code, ErrorCode::gateway_bad_response);
    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::gateway_bad_response);
}

TEST(GreenApiRefusals, AMalformedPhoneOrGroupIdIsRefusedBeforeAnyRequest) {
    FakeGreenApi fake;
    fake.start();
    Connected c(fake);

    Result<std::vector<ParticipantChange>> bad_phone =
        c.green.change_participants(kGroup, ParticipantAction::add, {"+79161234567", "8 916 123"});
    Result<std::vector<ParticipantChange>> bad_group =
        c.green.change_participants("120363041234567890@g.us/../x", ParticipantAction::add, {"+79161234567"});
    Result<std::vector<WhatsAppCheck>> bad_check = c.green.check_whatsapp({"79161234567"});
    Result<Done> bad_text = c.green.send_text("+7abc", "hi");
    Result<InviteLink> bad_link = c.green.invite_link("not-a-group");
    Result<ParticipantList> bad_list = c.green.participants("");

    EXPECT_EQ(bad_phone.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_phone.error().detail, "8 916 123");
    EXPECT_EQ(bad_group.error().code, ErrorCode::invalid_group_id);
    EXPECT_EQ(bad_check.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_text.error().code, ErrorCode::invalid_phone);
    EXPECT_EQ(bad_link.error().code, ErrorCode::invalid_group_id);
    EXPECT_EQ(bad_list.error().code, ErrorCode::invalid_group_id);
    EXPECT_TRUE(fake.seen().empty());
}

TEST(GreenApiRefusals, SettingsThatWouldBendTheUrlAreConfigurationMistakesAndNeverEchoTheToken) {
    ManualClock clock;
    EXPECT_THROW(GreenApiGateway({"https://7105.api.greenapi.com", "71051x", kToken}, clock), std::invalid_argument);
    EXPECT_THROW(GreenApiGateway({"https://7105.api.greenapi.com", "", kToken}, clock), std::invalid_argument);
    EXPECT_THROW(GreenApiGateway({"not a url", kInstance, kToken}, clock), std::invalid_argument);
    try {
        GreenApiGateway({"https://7105.api.greenapi.com", kInstance, "secret/../../getSettings"}, clock);
        ADD_FAILURE() << "a token with a slash was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos);
    }
    EXPECT_NO_THROW(GreenApiGateway({"https://7105.api.greenapi.com/", kInstance, kToken}, clock));
}

} // namespace
} // namespace gd
