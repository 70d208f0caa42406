#include "proxy/domain/crm_cards.h"

#include "proxy/domain/phone_numbers.h"
#include "shared/validation.h"

#include <algorithm>
#include <cstdio>

namespace gd {

CrmCards::CrmCards(CrmDirectory& crms, WhatsAppChecks& checks, PrivacyRefusals& refusals, AuditLog& audit,
                   std::string default_region)
    : crms_(crms), checks_(checks), refusals_(refusals), audit_(audit), default_region_(std::move(default_region)) {}

Card CrmCards::card_of(const EntityContext& entity) const {
    Card card{entity.entity, entity.title, {}};
    for (const CrmContact& contact : entity.contacts) {
        if (contact.phones.empty()) card.people.push_back({contact.id, contact.name, "", ""});
        std::vector<std::string> seen;   // the same number written twice is one person
        for (const std::string& written : contact.phones) {
            Result<std::string> e164 = normalize_phone(written, default_region_);
            std::string phone = e164 ? e164.value() : std::string{};
            if (!phone.empty() && std::find(seen.begin(), seen.end(), phone) != seen.end()) continue;
            if (!phone.empty()) seen.push_back(phone);
            CardPerson person{contact.id, contact.name, written, phone};
            if (!phone.empty()) person.phone_display = phone_for_people(phone);
            card.people.push_back(std::move(person));
        }
    }
    return card;
}

void CrmCards::add_kept_answers(std::vector<Card*> cards) {
    std::vector<std::string> phones;
    for (const Card* card : cards)
        for (const CardPerson& person : card->people)
            if (!person.phone.empty()) phones.push_back(person.phone);
    // Kept answers of any age: a number WhatsApp said it does not know stays shown as such, with
    // the check's date, until a new check (before an add) says otherwise.
    const std::map<std::string, KeptCheck> kept = checks_.kept_answers(phones);
    const std::map<std::string, std::vector<PrivacyRefusal>> refused = refusals_.of(phones);
    for (Card* card : cards)
        for (CardPerson& person : card->people) {
            if (person.phone.empty()) continue;
            if (auto r = refused.find(person.phone); r != refused.end()) person.privacy_refusals = r->second;
            auto answer = kept.find(person.phone);
            if (answer == kept.end()) continue;
            person.whatsapp = answer->second.has_whatsapp ? HasWhatsApp::yes : HasWhatsApp::no;
            person.whatsapp_checked_at = answer->second.checked_at;
        }
}

Result<Card> CrmCards::card(const CrmReader& reader, const EntityRef& ref) {
    Result<std::shared_ptr<CardSource>> crm = crms_.cards_for(reader);
    if (!crm) return crm.error();
    Result<EntityContext> entity = crm.value()->entity(ref);
    if (!entity) return entity.error();
    Card card = card_of(entity.value());
    add_kept_answers({&card});
    return card;
}

Result<CardList> CrmCards::find(const CrmReader& reader, const std::string& text, int limit) {
    Result<std::shared_ptr<CardSource>> crm = crms_.cards_for(reader);
    if (!crm) return crm.error();
    Result<std::vector<EntityContext>> found = crm.value()->find_entities(text, limit);
    if (!found) return found.error();
    CardList list;
    for (const EntityContext& entity : found.value()) list.cards.push_back(card_of(entity));
    std::vector<Card*> cards;
    for (Card& card : list.cards) cards.push_back(&card);
    add_kept_answers(cards);
    return list;
}

Result<Ack> CrmCards::retry_after_privacy_refusal(const std::string& group_id, const std::string& phone_as_written,
                                                  const Actor& actor) {
    if (!is_valid_group_id(group_id)) return Error{ErrorCode::invalid_group_id, {}};
    Result<std::string> phone = normalize_phone(phone_as_written, default_region_);
    if (!phone) return phone.error();
    try {
        refusals_.forget(group_id, phone.value());
        audit_.record(actor, {{}, {}, "privacy_retry", group_id, audit_.group_name(actor.tenant, group_id), phone.value(), "done"});
    } catch (const StorageError& e) {
        std::fprintf(stderr, "crm cards: %s\n", e.what());
        return Error{ErrorCode::storage_failed, {}};
    }
    return Ack{true};
}

} // namespace gd
