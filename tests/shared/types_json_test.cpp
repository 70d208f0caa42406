// The wire format: every API type leaves as JSON and comes back equal, with the field names and
// enum spellings the widget reads.
#include "shared/types.h"

#include <gtest/gtest.h>

namespace gd {
namespace {

template <class T>
T round_trip(const T& value) {
    return nlohmann::json::parse(nlohmann::json(value).dump()).get<T>();
}

TEST(TypesJson, AGroupListKeepsItsGroupsAndTheAdminFlag) {
    GroupList list{{{"120363041234567801@g.us", "Клиенты — Москва", 48, true},
                    {"79990000001-1612345678@g.us", "Семинар 14 марта", 9, false}}};
    nlohmann::json j = list;
    EXPECT_EQ(j["groups"][0]["id"], "120363041234567801@g.us");
    EXPECT_EQ(j["groups"][0]["name"], "Клиенты — Москва");
    EXPECT_EQ(j["groups"][0]["participant_count"], 48);
    EXPECT_EQ(j["groups"][1]["we_are_admin"], false);

    GroupList back = round_trip(list);
    ASSERT_EQ(back.groups.size(), 2u);
    EXPECT_EQ(back.groups[1].name, "Семинар 14 марта");
    EXPECT_TRUE(back.groups[0].we_are_admin);
}

TEST(TypesJson, ParticipantRolesTravelAsWords) {
    ParticipantList list{{"1@g.us", "VIP", 3, true},
                         {{"79161234567@c.us", "+79161234567", "Анна", ParticipantRole::owner},
                          {"79161234568@c.us", "+79161234568", "", ParticipantRole::admin},
                          {"79161234569@c.us", "+79161234569", "Иван", ParticipantRole::member}}};
    nlohmann::json j = list;
    EXPECT_EQ(j["participants"][0]["role"], "owner");
    EXPECT_EQ(j["participants"][1]["role"], "admin");
    EXPECT_EQ(j["participants"][2]["role"], "member");
    EXPECT_EQ(j["participants"][1]["name"], "");

    ParticipantList back = round_trip(list);
    EXPECT_EQ(back.group.id, "1@g.us");
    ASSERT_EQ(back.participants.size(), 3u);
    EXPECT_EQ(back.participants[0].role, ParticipantRole::owner);
    EXPECT_EQ(back.participants[2].phone, "+79161234569");
}

TEST(TypesJson, PerPersonOutcomesTravelAsTheirNames) {
    std::vector<ParticipantChange> changes = {{"+79161234567", ChangeOutcome::done},
                                              {"+79161234568", ChangeOutcome::already_member},
                                              {"+74957775533", ChangeOutcome::not_on_whatsapp},
                                              {"+79161234569", ChangeOutcome::not_admin}};
    nlohmann::json j = changes;
    EXPECT_EQ(j[0]["outcome"], "done");
    EXPECT_EQ(j[1]["outcome"], "already_member");
    EXPECT_EQ(j[2]["outcome"], "not_on_whatsapp");
    EXPECT_EQ(j[3]["outcome"], "not_admin");
    auto back = round_trip(changes);
    EXPECT_EQ(back[2].outcome, ChangeOutcome::not_on_whatsapp);
}

TEST(TypesJson, AnUnknownOutcomeFromANewerProxyReadsAsUnknown) {
    auto change = nlohmann::json::parse(R"({"phone":"+79161234567","outcome":"something_new"})").get<ParticipantChange>();
    EXPECT_EQ(change.outcome, ChangeOutcome::unknown);
}

TEST(TypesJson, HealthSaysStatusModeVersionAndTheSandboxDemoLogin) {
    nlohmann::json j = Health{"ok", "sandbox", "0.1.0", "demo"};
    EXPECT_EQ(j, nlohmann::json::parse(R"({"status":"ok","mode":"sandbox","version":"0.1.0","demo_login":"demo"})"));
    EXPECT_EQ(round_trip(Health{"ok", "sandbox", "0.1.0", "demo"}).demo_login, "demo");
}

TEST(TypesJson, SessionRoundTripsAndASignInNeedsBothFields) {
    Session s{"tok", 1900000000, {"anna", "Анна", true, "standalone"}};
    Session back = round_trip(s);
    EXPECT_EQ(back.token, "tok");
    EXPECT_EQ(back.user.name, "Анна");
    EXPECT_TRUE(back.user.is_admin);
    EXPECT_THROW(nlohmann::json::parse(R"({"login":"anna"})").get<LoginRequest>(), nlohmann::json::exception);
}

TEST(TypesJson, CrmTypesRoundTrip) {
    EntityContext deal{{EntityKind::deal, "101"}, "Поставка оборудования", "2",
                       {{"301", "Иван Петров", {"8 (916) 123-45-67", "+7 916 1234567"}}}};
    EntityContext back = round_trip(deal);
    EXPECT_EQ(back.entity.kind, EntityKind::deal);
    EXPECT_EQ(back.contacts[0].phones[1], "+7 916 1234567");
    EXPECT_EQ(nlohmann::json(deal)["entity"]["kind"], "deal");

    CrmUser user{.id = "1", .name = "Анна Кузнецова", .email = "a@example.com", .is_admin = true, .group = "Руководство"};
    EXPECT_EQ(round_trip(user).email, "a@example.com");
    EXPECT_TRUE(round_trip(user).is_admin);

    SeatCount seats{5, 1, 5, "crm"};
    EXPECT_EQ(round_trip(seats).technical, 1);
    EXPECT_EQ(seats.free(), 1);

    EXPECT_EQ(round_trip(Reassignment{"4", "2"}).to_user_id, "2");
    EXPECT_EQ(round_trip(ConnectionState{ConnectionStatus::connected, "+79990000001"}).status,
              ConnectionStatus::connected);
    EXPECT_EQ(round_trip(InviteLink{"https://chat.whatsapp.com/AbC"}).url, "https://chat.whatsapp.com/AbC");
    EXPECT_TRUE(round_trip(WhatsAppCheck{"+79161234567", true}).exists);
}

TEST(TypesJson, ACardPersonCarriesTheLastWhatsAppCheckAndAnOlderAnswerReadsAsUnknown) {
    CardPerson person{"301", "Офис", "8 495 777-55-33", "+74957775533", HasWhatsApp::no, 1700000000};
    nlohmann::json j = person;
    EXPECT_EQ(j["whatsapp"], "no");
    EXPECT_EQ(j["whatsapp_checked_at"], 1700000000);
    EXPECT_EQ(round_trip(person).whatsapp, HasWhatsApp::no);

    auto older = nlohmann::json::parse(R"({"contact_id":"1","name":"x","phone_as_stored":"8 916","phone":"+7916"})")
                     .get<CardPerson>();
    EXPECT_EQ(older.whatsapp, HasWhatsApp::unknown);
    EXPECT_EQ(older.whatsapp_checked_at, 0);
    EXPECT_EQ(older.phone, "+7916");
    auto newer = nlohmann::json::parse(R"({"contact_id":"1","name":"x","phone_as_stored":"","phone":"","whatsapp":"maybe"})")
                     .get<CardPerson>();
    EXPECT_EQ(newer.whatsapp, HasWhatsApp::unknown);
}

// Every phone the proxy sends to the widget carries its display form; an answer without it (an
// older proxy) still reads, and the widget then shows the E.164.
TEST(TypesJson, PhonesTravelAsE164WithTheirDisplayFormBeside) {
    Participant member{"79161234567@c.us", "+79161234567", "Анна", ParticipantRole::member, "+7 916 123-45-67"};
    nlohmann::json j = member;
    EXPECT_EQ(j["phone"], "+79161234567");
    EXPECT_EQ(j["phone_display"], "+7 916 123-45-67");
    EXPECT_EQ(round_trip(member).phone_display, "+7 916 123-45-67");

    JobItem item{"8 916 123-45-67", "+79161234567", "Анна", ChangeOutcome::done, "+7 916 123-45-67"};
    EXPECT_EQ(nlohmann::json(item)["phone_display"], "+7 916 123-45-67");
    EXPECT_EQ(round_trip(item).phone_display, "+7 916 123-45-67");

    AuditEntry entry;
    entry.phone = "+79161234567";
    entry.phone_display = "+7 916 123-45-67";
    EXPECT_EQ(round_trip(entry).phone_display, "+7 916 123-45-67");

    CardPerson person{"301", "Офис", "8 495 777-55-33", "+74957775533"};
    person.phone_display = "+7 495 777-55-33";
    EXPECT_EQ(round_trip(person).phone_display, "+7 495 777-55-33");
}

TEST(TypesJson, AnAnswerWithoutDisplayFormsReadsAndShowsTheE164) {
    auto member = nlohmann::json::parse(R"({"id":"79161234567@c.us","phone":"+79161234567","name":"","role":"admin"})")
                      .get<Participant>();
    EXPECT_EQ(member.phone_display, "");
    EXPECT_EQ(member.role, ParticipantRole::admin);
    EXPECT_EQ(phone_to_show(member.phone, member.phone_display), "+79161234567");
    EXPECT_EQ(phone_to_show("+79161234567", "+7 916 123-45-67"), "+7 916 123-45-67");

    auto item = nlohmann::json::parse(R"({"input":"x","phone":"","name":"","outcome":"invalid_phone"})").get<JobItem>();
    EXPECT_EQ(item.outcome, ChangeOutcome::invalid_phone);
    EXPECT_EQ(item.phone_display, "");
    auto job = nlohmann::json::parse(R"({"id":"j1","items":[{"input":"8 916","phone":"+7916","name":"","outcome":"done"}]})")
                   .get<Job>();
    ASSERT_EQ(job.items.size(), 1u);
    EXPECT_EQ(job.items[0].phone_display, "");
    auto audit = nlohmann::json::parse(R"({"entries":[{"at":"2026-11-30T10:00:00Z","phone":"+79161234567"}]})").get<AuditPage>();
    ASSERT_EQ(audit.entries.size(), 1u);
    EXPECT_EQ(audit.entries[0].phone_display, "");
}

TEST(TypesJson, ACardPersonCarriesTheGroupsThatRefusedThemForPrivacy) {
    CardPerson person{"302", "Виктор Лосев", "+7 916 000-00-01", "+79160000001"};
    person.privacy_refusals = {{"120363041234567801@g.us", 1795424400}};
    nlohmann::json j = person;
    EXPECT_EQ(j["privacy_refusals"][0]["group_id"], "120363041234567801@g.us");
    EXPECT_EQ(j["privacy_refusals"][0]["refused_at"], 1795424400);
    CardPerson back = round_trip(person);
    ASSERT_EQ(back.privacy_refusals.size(), 1u);
    EXPECT_EQ(back.privacy_refusals[0].group_id, "120363041234567801@g.us");

    auto older = nlohmann::json::parse(R"({"contact_id":"1","name":"x","phone_as_stored":"8 916","phone":"+7916"})")
                     .get<CardPerson>();
    EXPECT_TRUE(older.privacy_refusals.empty());
    EXPECT_EQ(nlohmann::json(PrivacyRetry{"+79160000001"}), nlohmann::json::parse(R"({"phone":"+79160000001"})"));
    EXPECT_THROW(nlohmann::json::parse(R"({})").get<PrivacyRetry>(), nlohmann::json::exception);
}

TEST(TypesJson, AMissingFieldIsAnErrorNotASilentDefault) {
    EXPECT_THROW(nlohmann::json::parse(R"({"id":"1@g.us","name":"x"})").get<Group>(), nlohmann::json::exception);
}

} // namespace
} // namespace gd
