// The CRM card in the widget: opened from a CRM with its session and card, or found by search on
// the standalone page; compared with a group; its missing people added in one click.
#include "tests/web/ui_harness.h"

#include "shared/routes.h"
#include "web/state/app_actions.h"
#include "web/state/card_actions.h"
#include "web/state/member_actions.h"
#include "web/state/start_context.h"

#include <gtest/gtest.h>

namespace gd::test {
namespace {

const Group kGroup{"120363000000000001@g.us", "Клиенты — Москва", 4, true};

Card deal_card() {
    return Card{{EntityKind::deal, "101"},
                "Поставка оборудования",
                {{"1", "Иван Петров", "8 916 111-22-33", "+79161112233"},
                 {"2", "Ольга Ким", "+7 (903) 555-00-11", "+79035550011"},
                 {"2", "Ольга Ким", "+7 903 555 00 12", "+79035550012"},
                 {"3", "Без номера", "", ""},
                 {"4", "Опечатка", "доб. 12", ""}}};
}

// The same deal once an add has checked Ольга's numbers: the second one has no WhatsApp.
constexpr int64_t kCheckedAt = 1795424400;   // 2026-11-23 09:00 UTC
Card deal_card_checked() {
    Card card = deal_card();
    card.people[1].whatsapp = HasWhatsApp::yes;
    card.people[1].whatsapp_checked_at = kCheckedAt;
    card.people[2].whatsapp = HasWhatsApp::no;
    card.people[2].whatsapp_checked_at = kCheckedAt;
    return card;
}

// The same deal after WhatsApp refused to add Ольга's first number to the group for her privacy
// settings; her second number was refused only in another group.
const std::string kOtherGroupId = "120363000000000002@g.us";
Card deal_card_refused() {
    Card card = deal_card();
    card.people[1].privacy_refusals = {{kGroup.id, kCheckedAt}};
    card.people[2].privacy_refusals = {{kOtherGroupId, kCheckedAt}};
    return card;
}

std::vector<Participant> members() {
    return {{"79990000001@c.us", "+79990000001", "Мы", ParticipantRole::admin},
            {"79161112233@c.us", "+79161112233", "Иван Петров", ParticipantRole::member},
            {"555000111222333@lid", "", "", ParticipantRole::member}};
}

TEST(CardMembership, EachPersonOfTheCardIsInTheGroupMissingOrWithoutAUsableNumber) {
    CardMembership m = card_membership(deal_card(), members());
    ASSERT_EQ(m.rows.size(), 5u);
    EXPECT_EQ(m.rows[0].state, CardPersonState::in_group);
    EXPECT_EQ(m.rows[1].state, CardPersonState::missing);
    EXPECT_EQ(m.rows[2].state, CardPersonState::missing);
    EXPECT_EQ(m.rows[3].state, CardPersonState::no_phone);
    EXPECT_EQ(m.rows[4].state, CardPersonState::invalid_phone);
    EXPECT_EQ(m.in_group, 1);
    EXPECT_EQ(m.missing, 2);
    EXPECT_EQ(m.others_in_group, 1);     // our own number
    EXPECT_EQ(m.unmatched_members, 1);   // the privacy id
    std::vector<PersonInput> add = missing_people(m);
    ASSERT_EQ(add.size(), 2u);
    EXPECT_EQ(add[0].phone, "+79035550011");
    EXPECT_EQ(add[1].phone, "+79035550012");
}

TEST(CardMembership, ANumberKnownWithoutWhatsAppIsNotMissingAndNotAddedAgain) {
    CardMembership m = card_membership(deal_card_checked(), members());
    ASSERT_EQ(m.rows.size(), 5u);
    EXPECT_EQ(m.rows[1].state, CardPersonState::missing);   // checked: has WhatsApp
    EXPECT_EQ(m.rows[2].state, CardPersonState::not_on_whatsapp);
    EXPECT_EQ(m.missing, 1);
    EXPECT_EQ(m.not_on_whatsapp, 1);
    EXPECT_EQ(m.in_group, 1);
    std::vector<PersonInput> add = missing_people(m);
    ASSERT_EQ(add.size(), 1u);
    EXPECT_EQ(add[0].phone, "+79035550011");
}

TEST(CardMembership, SomeoneInTheGroupIsInTheGroupWhateverAnOldCheckSaid) {
    Card card = deal_card();
    card.people[0].whatsapp = HasWhatsApp::no;   // Иван is a member
    CardMembership m = card_membership(card, members());
    EXPECT_EQ(m.rows[0].state, CardPersonState::in_group);
    EXPECT_EQ(m.not_on_whatsapp, 0);
}

TEST(CardMembership, APersonRefusedForPrivacyInThisGroupIsNotMissingUntilRetried) {
    using S = CardPersonState;
    CardMembership m = card_membership(deal_card_refused(), members(), kGroup.id);
    std::vector<S> states;
    for (const CardRow& row : m.rows) states.push_back(row.state);
    // Ольга's second number was refused in another group only: it is missing here.
    EXPECT_EQ(states, (std::vector<S>{S::in_group, S::privacy_blocked, S::missing, S::no_phone, S::invalid_phone}));
    EXPECT_EQ((std::vector<int>{m.in_group, m.privacy_blocked, m.missing}), (std::vector<int>{1, 1, 1}));
    const std::vector<PersonInput> add = missing_people(m);
    ASSERT_EQ(add.size(), 1u);
    EXPECT_EQ(add[0].phone, "+79035550012");

    // Against the other group it is the second number that waits for a retry.
    CardMembership other = card_membership(deal_card_refused(), {}, kOtherGroupId);
    EXPECT_EQ(other.rows[1].state, CardPersonState::missing);
    EXPECT_EQ(other.rows[2].state, CardPersonState::privacy_blocked);
    // Someone in the group is in the group, whatever an old refusal said; no WhatsApp says more.
    Card card = deal_card_refused();
    card.people[0].privacy_refusals = {{kGroup.id, kCheckedAt}};
    card.people[1].whatsapp = HasWhatsApp::no;
    CardMembership checked = card_membership(card, members(), kGroup.id);
    EXPECT_EQ(checked.rows[0].state, CardPersonState::in_group);
    EXPECT_EQ(checked.rows[1].state, CardPersonState::not_on_whatsapp);
    EXPECT_EQ(checked.privacy_blocked, 0);
}

TEST(CardMembership, AnEmptyCardHasNothingToAdd) {
    CardMembership m = card_membership(Card{}, members());
    EXPECT_TRUE(m.rows.empty());
    EXPECT_EQ(m.missing, 0);
    EXPECT_EQ(m.others_in_group, 2);
    EXPECT_TRUE(missing_people(m).empty());
}

TEST(CardMembership, TheOpenCardIsMatchedAgainOnlyWhenTheCardTheMembersOrTheGroupChange) {
    AppState s;
    EXPECT_TRUE(open_card_membership(s).rows.empty());   // nothing loaded yet
    s.card.card = {.status = LoadStatus::loaded, .data = deal_card_refused(), .generation = 1};
    s.participants = {.status = LoadStatus::loaded, .data = {kGroup, members()}, .generation = 1};
    EXPECT_EQ(open_card_membership(s).in_group, 1);
    EXPECT_EQ(open_card_membership(s).privacy_blocked, 1);

    // The same answers: the rows are kept, even for a name written over in place.
    s.card.card.data.people[0].name = "Иван Сидоров";
    EXPECT_EQ(open_card_membership(s).rows[0].person.name, "Иван Петров");
    // A change made here to the card (a retry drops the refusal) says so.
    s.card.card.data.people[1].privacy_refusals.clear();
    ++s.card.card_edits;
    EXPECT_EQ(open_card_membership(s).rows[0].person.name, "Иван Сидоров");
    EXPECT_EQ(open_card_membership(s).privacy_blocked, 0);

    s.participants.data.participants.push_back({"c", "+79035550011", "Ольга", ParticipantRole::member});
    s.participants.generation = 2;   // a new answer for the members
    EXPECT_EQ(open_card_membership(s).in_group, 2);

    s.card.card.data.people[2].privacy_refusals = {{kGroup.id, kCheckedAt}};
    s.card.card.generation = 2;   // a new answer for the card
    EXPECT_EQ(open_card_membership(s).privacy_blocked, 1);
    s.participants.data.group.id = kOtherGroupId;   // the group learnt its id in place: refusals are per group
    EXPECT_EQ(open_card_membership(s).privacy_blocked, 0);

    s.participants.status = LoadStatus::loading;   // read again: nothing to match until it is back
    EXPECT_TRUE(open_card_membership(s).rows.empty());
}

TEST(StartContext, TheCrmHandsOverASessionAndACard) {
    StartContext start = read_start_context(R"({"session":"abc123","entity":"deal:101","lang":"en"})");
    EXPECT_EQ(start.session_token, "abc123");
    EXPECT_EQ(start.entity, "deal:101");
    EXPECT_EQ(start.lang, Lang::en);
}

TEST(StartContext, TheCrmUsersLanguageHoldsUnlessTheUrlAsksForOne) {
    // The Bitrix24 card page carries the portal user's language; nothing in the URL.
    EXPECT_EQ(read_start_context(R"({"session":"s","entity":"deal:1","lang":"","crm_lang":"en"})").lang, Lang::en);
    EXPECT_EQ(read_start_context(R"({"session":"s","lang":"","crm_lang":"ru"})").lang, Lang::ru);
    // An explicit ?lang= wins over the CRM's.
    EXPECT_EQ(read_start_context(R"({"lang":"ru","crm_lang":"en"})").lang, Lang::ru);
    EXPECT_EQ(read_start_context(R"({"lang":"en","crm_lang":"ru"})").lang, Lang::en);
    // A ?lang= the widget does not speak is no choice: the CRM's language holds, else Russian.
    EXPECT_EQ(read_start_context(R"({"lang":"de","crm_lang":"en"})").lang, Lang::en);
    EXPECT_EQ(read_start_context(R"({"lang":"de","crm_lang":"xx"})").lang, Lang::ru);
    EXPECT_EQ(read_start_context(R"({"crm_lang":5})").lang, Lang::ru);
}

TEST(StartContext, AnythingMalformedIsLeftOutSoTheWidgetAsksToSignIn) {
    for (const char* bad : {"", "null", "[]", "{", R"({"session": 5, "entity": ["deal:1"]})", "\xff\xfe"}) {
        StartContext start = read_start_context(bad);
        EXPECT_EQ(start.session_token, "") << bad;
        EXPECT_EQ(start.entity, "") << bad;
        EXPECT_EQ(start.lang, Lang::ru) << bad;
    }
    StartContext huge = read_start_context(nlohmann::json{{"session", std::string(300, 'a')}}.dump());
    EXPECT_EQ(huge.session_token, "");
}

TEST(CardRef, OnlyAKnownKindAndANumberMakeACard) {
    EntityRef ref;
    EXPECT_TRUE(parse_card_ref("lead:7", ref));
    EXPECT_EQ(ref.kind, EntityKind::lead);
    EXPECT_EQ(ref.id, "7");
    for (const char* bad : {"", "deal", "deal:", "company:7", "deal:7a", "deal:-7", ":7", "DEAL:7"})
        EXPECT_FALSE(parse_card_ref(bad, ref)) << bad;
}

struct CardInWidget : ::testing::Test {
    UiHarness ui;

    void start_from_crm() {
        start_app(ui.app, StartContext{"crm-session", "deal:101", Lang::ru});
        ASSERT_TRUE(ui.http.answer(routes::kSession, 200, nlohmann::json(SessionUser{"5", "Ольга", false, "bitrix24:m1"}).dump()));
        ASSERT_TRUE(ui.http.answer(routes::kGroups, 200, nlohmann::json(GroupList{{kGroup}}).dump()));
        ASSERT_TRUE(ui.http.answer(routes::card("deal", "101"), 200, nlohmann::json(deal_card()).dump()));
        ui.frames(2);
    }
    void open_the_group() {
        open_group(ui.app, kGroup.id);
        ASSERT_TRUE(ui.http.answer(routes::group_participants(kGroup.id), 200,
                                   nlohmann::json(ParticipantList{kGroup, members()}).dump()));
        ui.frames(2);
    }
    // Opened from the CRM, the card read as `card`, against the group.
    void open_with_card(const Card& card) {
        start_from_crm();
        open_card(ui.app, card.entity);
        ASSERT_TRUE(ui.http.answer(routes::card("deal", "101"), 200, nlohmann::json(card).dump()));
        open_the_group();
    }
    // The body of the change waiting to start in the group; null when none waits.
    nlohmann::json change_body() const {
        const HttpRequest* request = ui.http.find(routes::group_changes(kGroup.id));
        return request ? nlohmann::json::parse(request->body) : nlohmann::json();
    }
};

TEST_F(CardInWidget, OpenedFromACrmCardItGoesStraightToTheGroupsWithTheCard) {
    start_from_crm();
    EXPECT_EQ(ui.app.state.screen, Screen::groups);
    EXPECT_EQ(ui.app.state.user.name, "Ольга");
    EXPECT_TRUE(ui.shows("card title"));
    EXPECT_FALSE(ui.shows("Сменить карточку"));   // the CRM's card stays
    for (const auto& p : ui.http.pending) EXPECT_EQ(p.request.bearer, "crm-session");
}

TEST_F(CardInWidget, TheGroupScreenComparesTheCardAndAddsTheMissingInOneClick) {
    start_from_crm();
    open_the_group();
    EXPECT_TRUE(ui.shows("card membership"));
    EXPECT_TRUE(ui.shows("card Иван Петров in the group"));
    EXPECT_TRUE(ui.shows("card Ольга Ким not in the group"));
    EXPECT_TRUE(ui.shows("card Без номера no phone in the CRM"));
    EXPECT_TRUE(ui.shows("card Опечатка a malformed number: fix it in the CRM"));

    ASSERT_TRUE(ui.click("add missing"));
    ASSERT_TRUE(ui.http.has_request(routes::group_changes(kGroup.id)));
    nlohmann::json body = change_body();
    EXPECT_EQ(body["action"], "add");
    ASSERT_EQ(body["people"].size(), 2u);
    EXPECT_EQ(body["people"][0]["phone"], "+79035550011");
    EXPECT_EQ(body["people"][0]["crm_contact_id"], "2");
    EXPECT_EQ(body["people"][1]["phone"], "+79035550012");
}

TEST_F(CardInWidget, APersonWithoutWhatsAppIsShownSoAndLeftOutOfAddMissing) {
    open_with_card(deal_card_checked());
    EXPECT_TRUE(ui.shows("card Ольга Ким not on WhatsApp"));
    EXPECT_TRUE(ui.shows("card Ольга Ким not in the group"));   // her other number
    EXPECT_TRUE(ui.shows("проверено 2026-11-23"));
    EXPECT_TRUE(ui.shows("Нет WhatsApp: 1. Таких людей в группу не добавить. Попросите их написать вам в WhatsApp "
                         "или проверьте номер в CRM."));
    EXPECT_EQ(open_card_membership(ui.app.state).missing, 1);   // «Добавить недостающих (1)»

    ASSERT_TRUE(ui.click("add missing"));
    nlohmann::json body = change_body();
    ASSERT_EQ(body["people"].size(), 1u) << body.dump();
    EXPECT_EQ(body["people"][0]["phone"], "+79035550011");

    set_language(ui.app, Lang::en);
    ui.frames(2);
    EXPECT_TRUE(ui.shows("checked 2026-11-23"));
    EXPECT_TRUE(ui.shows("Not on WhatsApp: 1. They cannot be added to a group. Ask them to message you on WhatsApp, "
                         "or check the number in the CRM."));
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(CardInWidget, AfterAnAddTheCardIsReadAgainAndShowsWhoHasNoWhatsApp) {
    start_from_crm();
    open_the_group();
    EXPECT_EQ(open_card_membership(ui.app.state).missing, 2);   // «Добавить недостающих (2)»
    ASSERT_TRUE(ui.click("add missing"));
    Job done;
    done.id = "job-7";
    done.group_id = kGroup.id;
    done.group_name = kGroup.name;
    done.state = JobState::done;
    done.total = done.finished = 2;
    done.items = {{"+79035550011", "+79035550011", "Ольга Ким", ChangeOutcome::done},
                  {"+79035550012", "+79035550012", "Ольга Ким", ChangeOutcome::not_on_whatsapp}};
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 202, nlohmann::json(done).dump()));
    ui.frames(2);

    // The job ended: the members and the card are read again (its checks are kept with the card).
    std::vector<Participant> now_members = members();
    now_members.push_back({"79035550011@c.us", "+79035550011", "Ольга Ким", ParticipantRole::member});
    ASSERT_TRUE(ui.http.answer(routes::group_participants(kGroup.id), 200,
                               nlohmann::json(ParticipantList{kGroup, now_members}).dump()));
    ASSERT_TRUE(ui.http.answer(routes::card("deal", "101"), 200, nlohmann::json(deal_card_checked()).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("card Ольга Ким in the group"));
    EXPECT_TRUE(ui.shows("card Ольга Ким not on WhatsApp"));
    EXPECT_FALSE(ui.shows("card Ольга Ким not in the group"));
    EXPECT_EQ(open_card_membership(ui.app.state).not_on_whatsapp, 1);

    // Nobody left to add: the button says why instead of offering her again.
    EXPECT_EQ(open_card_membership(ui.app.state).missing, 0);   // «Добавить недостающих (0)»
    EXPECT_TRUE(ui.shows("Остальных из карточки добавить нельзя: у них нет WhatsApp."));
    const int sent = ui.http.sent;
    ui.click("add missing");
    EXPECT_EQ(ui.http.sent, sent);
}

TEST_F(CardInWidget, AJobThatAddsNobodyLeavesTheCardUnread) {
    start_from_crm();
    open_the_group();
    start_change_job(ui.app, ChangeRequest{ParticipantAction::remove, {{"+79161112233", "", {}}}});
    Job done;
    done.id = "job-8";
    done.group_id = kGroup.id;
    done.action = ParticipantAction::remove;
    done.state = JobState::done;
    done.total = done.finished = 1;
    done.items = {{"+79161112233", "+79161112233", "", ChangeOutcome::done}};
    ASSERT_TRUE(ui.http.answer(routes::group_changes(kGroup.id), 202, nlohmann::json(done).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.http.has_request(routes::group_participants(kGroup.id)));
    EXPECT_FALSE(ui.http.has_request(routes::card("deal", "101")));   // a CRM call saved
}

TEST_F(CardInWidget, PhonesShowAsPeopleReadThemAndCopyAsE164) {
    Card card = deal_card();
    card.people[1].phone_display = "+7 903 555-00-11";
    open_with_card(card);
    EXPECT_TRUE(ui.shows("+7 903 555-00-11"));
    EXPECT_FALSE(ui.shows("+79035550011"));
    EXPECT_TRUE(ui.shows("+79035550012"));   // no display form (an older proxy): the E.164
    ASSERT_TRUE(ui.right_click("+7 903 555-00-11"));
    ASSERT_TRUE(ui.click("copy +79035550011"));
    EXPECT_STREQ(ImGui::GetClipboardText(), "+79035550011");
}

TEST_F(CardInWidget, APersonRefusedForPrivacyIsShownSoWithTheInviteAndRetryPutsThemBack) {
    open_with_card(deal_card_refused());
    EXPECT_TRUE(ui.shows("card Ольга Ким cannot be added: privacy settings"));
    EXPECT_TRUE(ui.shows("card Ольга Ким not in the group"));   // her second number
    EXPECT_TRUE(ui.shows("Не добавить из-за настроек приватности: 1. Отправьте им пригласительную ссылку: по ней они "
                         "вступят сами. «Повторить» — если человек изменил настройки."));
    EXPECT_EQ(open_card_membership(ui.app.state).missing, 1);   // «Добавить недостающих (1)»
    EXPECT_EQ(open_card_membership(ui.app.state).privacy_blocked, 1);

    // The next step: the invite link, sent to her from her row.
    ASSERT_TRUE(ui.click("invite +79035550011"));
    const HttpRequest* invite = ui.http.find(routes::group_invite_link_send(kGroup.id));
    ASSERT_NE(invite, nullptr);
    EXPECT_EQ(nlohmann::json::parse(invite->body)["phone"], "+79035550011");

    // «Повторить»: she is missing again at once, and the proxy forgets the refusal.
    ASSERT_TRUE(ui.click("retry +79035550011"));
    const HttpRequest* retry = ui.http.find(routes::group_privacy_retry(kGroup.id));
    ASSERT_NE(retry, nullptr);
    EXPECT_EQ(retry->method, "POST");
    EXPECT_EQ(nlohmann::json::parse(retry->body), nlohmann::json::parse(R"({"phone":"+79035550011"})"));
    EXPECT_EQ(open_card_membership(ui.app.state).missing, 2);
    EXPECT_EQ(open_card_membership(ui.app.state).privacy_blocked, 0);
    ASSERT_TRUE(ui.http.answer(routes::group_privacy_retry(kGroup.id), 200, R"({"ok":true})"));
    ui.frames(2);
    EXPECT_FALSE(ui.http.has_request(routes::card("deal", "101")));   // nothing to read again
    ASSERT_TRUE(ui.click("add missing"));
    nlohmann::json body = change_body();
    ASSERT_EQ(body["people"].size(), 2u) << body.dump();
    EXPECT_EQ(body["people"][0]["phone"], "+79035550011");
    EXPECT_EQ(ui.inspector.fallback_glyphs, 0);
}

TEST_F(CardInWidget, ARetryTheProxyRefusesSaysWhyAndReadsTheCardAgain) {
    open_with_card(deal_card_refused());
    ASSERT_TRUE(ui.click("retry +79035550011"));
    ASSERT_TRUE(ui.http.answer(routes::group_privacy_retry(kGroup.id), 500,
                               R"({"error":{"code":"storage_failed","message_ru":"x","message_en":"x"}})"));
    ui.frames(2);
    ASSERT_TRUE(ui.http.answer(routes::card("deal", "101"), 200, nlohmann::json(deal_card_refused()).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows(error_text(ErrorCode::storage_failed).ru));
    EXPECT_TRUE(ui.shows("card Ольга Ким cannot be added: privacy settings"));   // as the proxy still holds it
    EXPECT_EQ(open_card_membership(ui.app.state).missing, 1);
}

TEST_F(CardInWidget, WhenOnlyPeopleRefusedForPrivacyAreLeftTheButtonSaysWhy) {
    Card card = deal_card_refused();
    card.people[2].privacy_refusals = {{kGroup.id, kCheckedAt}};
    open_with_card(card);
    EXPECT_EQ(open_card_membership(ui.app.state).missing, 0);
    EXPECT_TRUE(ui.shows("Остальных из карточки добавить нельзя: их настройки приватности не разрешают. Отправьте им ссылку."));
    const int sent = ui.http.sent;
    ui.click("add missing");
    EXPECT_EQ(ui.http.sent, sent);
    set_language(ui.app, Lang::en);
    ui.frames(2);
    EXPECT_TRUE(ui.shows("The others on the card cannot be added: their privacy settings do not allow it. Send them the link."));
}

TEST_F(CardInWidget, WhenEveryoneIsInTheGroupTheButtonSaysSo) {
    start_from_crm();
    Card small{{EntityKind::deal, "101"}, "Один", {{"1", "Иван Петров", "8 916 111-22-33", "+79161112233"}}};
    open_card(ui.app, small.entity);
    ASSERT_TRUE(ui.http.answer(routes::card("deal", "101"), 200, nlohmann::json(small).dump()));
    open_the_group();
    EXPECT_TRUE(ui.shows("Все люди из карточки с номерами уже в группе."));
    int sent = ui.http.sent;
    ui.click("add missing");
    EXPECT_EQ(ui.http.sent, sent);
}

TEST_F(CardInWidget, ACardTheCrmRefusesIsExplainedWithTheNextStep) {
    start_app(ui.app, StartContext{"crm-session", "deal:999", Lang::ru});
    ASSERT_TRUE(ui.http.answer(routes::card("deal", "999"), 404,
                               R"({"error":{"code":"card_not_found","message_ru":"x","message_en":"x"}})"));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("В CRM нет такой сделки, лида или контакта."));
    EXPECT_TRUE(ui.shows("Возможно, карточку удалили или у вас нет к ней доступа. Найдите её поиском."));
}

TEST_F(CardInWidget, OnTheStandalonePageACardIsFoundBySearch) {
    ui.app.state.session_token = "standalone-session";
    ui.app.state.user = SessionUser{"demo", "Демо", true, "standalone"};
    start_app(ui.app);
    ASSERT_TRUE(ui.http.answer(routes::kGroups, 200, nlohmann::json(GroupList{{kGroup}}).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("Выберите карточку, чтобы сравнить её контакты с группой и добавить недостающих."));
    ui.app.state.card.search_text = "поставка";
    ASSERT_TRUE(ui.click("Найти"));
    const std::string search = std::string(routes::kCards) + "?query=" + routes::url_encode("поставка");
    ASSERT_TRUE(ui.http.answer(search, 200, nlohmann::json(CardList{{deal_card()}}).dump()));
    ui.frames(2);
    ASSERT_TRUE(ui.click("card Поставка оборудования"));
    ASSERT_TRUE(ui.http.answer(routes::card("deal", "101"), 200, nlohmann::json(deal_card()).dump()));
    ui.frames(2);
    EXPECT_TRUE(ui.shows("card title"));
    ASSERT_TRUE(ui.click("Сменить карточку"));
    ui.frames(2);
    EXPECT_FALSE(ui.shows("card title"));
}

TEST_F(CardInWidget, AnEndedCrmSessionAsksToReopenTheCardNotForAPassword) {
    start_from_crm();
    load_groups(ui.app);
    ASSERT_TRUE(ui.http.answer(routes::kGroups, 401, R"({"error":{"code":"session_expired","message_ru":"x","message_en":"x"}})"));
    ui.frames(2);
    EXPECT_EQ(ui.app.state.screen, Screen::sign_in);
    EXPECT_TRUE(ui.shows("Сессия из карточки CRM закончилась. Закройте карточку и откройте её снова."));
    EXPECT_FALSE(ui.shows("Войти"));
}

} // namespace
} // namespace gd::test
