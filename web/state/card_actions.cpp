#include "web/state/card_actions.h"

#include "shared/routes.h"
#include "web/state/member_actions.h"
#include "web/state/requests.h"
#include "web/state/ui_text.h"

namespace gd {

bool parse_card_ref(const std::string& text, EntityRef& ref) {
    const size_t colon = text.find(':');
    if (colon == std::string::npos) return false;
    EntityRef parsed;
    if (!entity_kind_from_name(std::string_view(text).substr(0, colon), parsed.kind)) return false;
    parsed.id = text.substr(colon + 1);
    if (parsed.id.empty() || parsed.id.size() > 64 || parsed.id.find_first_not_of("0123456789") != std::string::npos) return false;
    ref = parsed;
    return true;
}

void reload_card(App& app) {
    CardContext& c = app.state.card;
    if (c.ref.id.empty()) return;
    get_into(app, c.card, routes::card(entity_kind_name(c.ref.kind), c.ref.id));
}

void open_card(App& app, const EntityRef& ref) {
    CardContext& c = app.state.card;
    if (c.ref.id != ref.id || c.ref.kind != ref.kind) c.card = {.generation = c.card.generation};
    c.ref = ref;
    reload_card(app);
}

void search_cards(App& app) {
    CardContext& c = app.state.card;
    get_into(app, c.search, std::string(routes::kCards) + "?query=" + routes::url_encode(c.search_text));
}

void leave_card(App& app) {
    CardContext& c = app.state.card;
    if (c.from_crm) return;
    c.ref = {};
    c.card = {.generation = c.card.generation + 1};
}

const CardMembership& open_card_membership(AppState& s) {
    KeptCardMembership& kept = s.card.against_group;
    const std::string& group_id = s.participants.data.group.id;
    const bool same = kept.made && kept.card_generation == s.card.card.generation && kept.card_edits == s.card.card_edits &&
                      kept.card_status == s.card.card.status && kept.members_generation == s.participants.generation &&
                      kept.members_status == s.participants.status && kept.group_id == group_id;
    if (same) return kept.membership;
    const bool both_loaded = s.card.card.status == LoadStatus::loaded && s.participants.status == LoadStatus::loaded;
    kept = {.card_generation = s.card.card.generation,
            .card_edits = s.card.card_edits,
            .card_status = s.card.card.status,
            .members_generation = s.participants.generation,
            .members_status = s.participants.status,
            .group_id = group_id,
            .made = true,
            .membership = both_loaded ? card_membership(s.card.card.data, s.participants.data.participants, group_id)
                                      : CardMembership{}};
    return kept.membership;
}

const Text* why_cannot_add_missing(AppState& s) {
    // The panel's own rules apply too (our number an admin, no job running), with its words.
    const bool not_admin = s.participants.status == LoadStatus::loaded && !s.participants.data.group.we_are_admin;
    if (not_admin || job_is_active(s)) return why_cannot_execute(s);
    const CardMembership& membership = open_card_membership(s);
    if (membership.missing > 0) return nullptr;
    if (membership.not_on_whatsapp > 0 && membership.privacy_blocked > 0) return &ui_text::card_nobody_addable_either;
    if (membership.privacy_blocked > 0) return &ui_text::card_nobody_addable_privacy;
    return membership.not_on_whatsapp > 0 ? &ui_text::card_nobody_addable : &ui_text::card_nobody_missing;
}

void add_missing_people(App& app) {
    if (why_cannot_add_missing(app.state)) return;
    std::vector<PersonInput> people = missing_people(open_card_membership(app.state));
    for (PersonInput& person : people)
        for (const CardPerson& p : app.state.card.card.data.people)
            if (p.phone == person.phone) person.crm_contact_id = p.contact_id;
    start_change_job(app, ChangeRequest{ParticipantAction::add, std::move(people)});
}

const Text& card_person_state_text(CardPersonState state) {
    switch (state) {
    case CardPersonState::in_group: return ui_text::card_state_in_group;
    case CardPersonState::no_phone: return ui_text::card_state_no_phone;
    case CardPersonState::invalid_phone: return ui_text::card_state_invalid_phone;
    case CardPersonState::not_on_whatsapp: return ui_text::card_state_not_on_whatsapp;
    case CardPersonState::privacy_blocked: return ui_text::card_state_privacy_blocked;
    case CardPersonState::missing: break;
    }
    return ui_text::card_state_missing;
}

const Text& card_kind_text(EntityKind kind) {
    switch (kind) {
    case EntityKind::lead: return ui_text::kind_lead;
    case EntityKind::contact: return ui_text::kind_contact;
    case EntityKind::deal: break;
    }
    return ui_text::kind_deal;
}

void retry_after_privacy_refusal(App& app, const std::string& phone) {
    CardContext& c = app.state.card;
    const std::string& group_id = app.state.participants.data.group.id;
    if (c.card.status != LoadStatus::loaded || group_id.empty() || phone.empty()) return;
    for (CardPerson& person : c.card.data.people) {
        if (person.phone != phone) continue;
        std::erase_if(person.privacy_refusals, [&](const PrivacyRefusal& r) { return r.group_id == group_id; });
    }
    ++c.card_edits;
    c.privacy_retry_settled = false;
    post_into(app, c.privacy_retry, routes::group_privacy_retry(group_id), PrivacyRetry{phone});
}

void tick_card(App& app) {
    CardContext& c = app.state.card;
    if (c.privacy_retry_settled || c.privacy_retry.status == LoadStatus::loading) return;
    c.privacy_retry_settled = true;
    if (c.privacy_retry.status == LoadStatus::failed) reload_card(app);
}

} // namespace gd
