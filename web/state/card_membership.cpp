#include "web/state/card_membership.h"

#include <algorithm>
#include <set>

namespace gd {

bool refused_for_privacy(const CardPerson& person, const std::string& group_id) {
    return !group_id.empty() && std::any_of(person.privacy_refusals.begin(), person.privacy_refusals.end(),
                                            [&](const PrivacyRefusal& r) { return r.group_id == group_id; });
}

CardMembership card_membership(const Card& card, const std::vector<Participant>& members, const std::string& group_id) {
    std::set<std::string> member_phones;
    CardMembership result;
    for (const Participant& p : members) {
        if (p.phone.empty()) ++result.unmatched_members;
        else member_phones.insert(p.phone);
    }
    std::set<std::string> card_phones;
    for (const CardPerson& person : card.people) {
        CardRow row{person, CardPersonState::missing};
        if (person.phone_as_stored.empty()) row.state = CardPersonState::no_phone;
        else if (person.phone.empty()) row.state = CardPersonState::invalid_phone;
        else if (member_phones.count(person.phone)) row.state = CardPersonState::in_group;   // whatever an old check said
        else if (person.whatsapp == HasWhatsApp::no) row.state = CardPersonState::not_on_whatsapp;
        else if (refused_for_privacy(person, group_id)) row.state = CardPersonState::privacy_blocked;
        if (!person.phone.empty()) card_phones.insert(person.phone);
        if (row.state == CardPersonState::in_group) ++result.in_group;
        if (row.state == CardPersonState::missing) ++result.missing;
        if (row.state == CardPersonState::not_on_whatsapp) ++result.not_on_whatsapp;
        if (row.state == CardPersonState::privacy_blocked) ++result.privacy_blocked;
        result.rows.push_back(std::move(row));
    }
    for (const std::string& phone : member_phones)
        if (!card_phones.count(phone)) ++result.others_in_group;
    return result;
}

std::vector<PersonInput> missing_people(const CardMembership& membership) {
    std::vector<PersonInput> people;
    for (const CardRow& row : membership.rows) {
        if (row.state != CardPersonState::missing) continue;
        bool listed = std::any_of(people.begin(), people.end(), [&](const PersonInput& p) { return p.phone == row.person.phone; });
        if (!listed) people.push_back({row.person.phone, row.person.name, {}});
    }
    return people;
}

} // namespace gd
