#pragma once
// The CRM card the widget works on: opened from the CRM, or found by searching on the standalone
// page; and «Добавить недостающих»: the card's people missing from the group, added as one job.
#include "web/state/app_state.h"
#include "web/state/card_membership.h"

namespace gd {

// "deal:101" -> the ref; false for anything else.
bool parse_card_ref(const std::string& text, EntityRef& ref);

void open_card(App& app, const EntityRef& ref);
// Reads the open card again (after an add job, whose checks may have found numbers without WhatsApp).
void reload_card(App& app);
void search_cards(App& app);
// The standalone page: back to choosing a card.
void leave_card(App& app);

// The open card against the open group; empty when either is not loaded. Kept in the state until
// the card, the members or the group change.
const CardMembership& open_card_membership(AppState& state);
// Why «Добавить недостающих» cannot be pressed now, or nullptr when it can.
const Text* why_cannot_add_missing(AppState& state);
void add_missing_people(App& app);
// «Повторить» on a person WhatsApp refused to add to the open group for privacy: they are missing
// again, so the next «Добавить недостающих» tries them.
void retry_after_privacy_refusal(App& app, const std::string& phone);
// Called every frame: a retry the proxy refused puts the card back as the proxy holds it.
void tick_card(App& app);

// What a person's row says about them, in both languages (the card panel and the compact one).
const Text& card_person_state_text(CardPersonState state);
// «Сделка», «Лид», «Контакт».
const Text& card_kind_text(EntityKind kind);

} // namespace gd
