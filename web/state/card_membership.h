#pragma once
// The card against the group (the membership diff): which of the card's people are in the chosen
// group, which are missing, and who is in the group without being on the card. People are matched
// by E.164 phone; a member WhatsApp shows only by privacy id (no phone) cannot be matched. A number
// the proxy's check found without WhatsApp is not missing: adding it cannot work, so one click
// does not offer it again. Nor is a person WhatsApp refused to add to this group for their privacy
// settings: only the invite link gets them in, until someone chooses to retry.
#include "shared/types.h"

#include <string>
#include <vector>

namespace gd {

enum class CardPersonState { in_group, missing, no_phone, invalid_phone, not_on_whatsapp, privacy_blocked };

struct CardRow {
    CardPerson person;
    CardPersonState state = CardPersonState::missing;
};

struct CardMembership {
    std::vector<CardRow> rows;   // in the card's order
    int missing = 0;             // rows one click can add
    int in_group = 0;
    int not_on_whatsapp = 0;     // rows whose number the last check found without WhatsApp
    int privacy_blocked = 0;     // rows whose add to this group WhatsApp refused for privacy
    int others_in_group = 0;     // members with a phone not on the card
    int unmatched_members = 0;   // members without a phone (privacy ids): cannot be compared
};

// group_id: the group the members are of; its privacy refusals keep people out of «missing».
CardMembership card_membership(const Card& card, const std::vector<Participant>& members,
                               const std::string& group_id = {});

// The people «Добавить недостающих» adds: the missing rows, each phone once.
std::vector<PersonInput> missing_people(const CardMembership& membership);

// True when WhatsApp refused to add this person to the group for their privacy settings.
bool refused_for_privacy(const CardPerson& person, const std::string& group_id);

} // namespace gd
