#include "proxy/domain/crm_cards.h"

#include "proxy/domain/phone_numbers.h"

#include <algorithm>

namespace gd {

CrmCards::CrmCards(CrmDirectory& crms, std::string default_region)
    : crms_(crms), default_region_(std::move(default_region)) {}

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
            card.people.push_back({contact.id, contact.name, written, phone});
        }
    }
    return card;
}

Result<Card> CrmCards::card(const std::string& tenant, const EntityRef& ref) {
    Result<Crm*> crm = crms_.crm_for(tenant);
    if (!crm) return crm.error();
    Result<EntityContext> entity = crm.value()->entity(ref);
    if (!entity) return entity.error();
    return card_of(entity.value());
}

Result<CardList> CrmCards::find(const std::string& tenant, const std::string& text, int limit) {
    Result<Crm*> crm = crms_.crm_for(tenant);
    if (!crm) return crm.error();
    Result<std::vector<EntityContext>> found = crm.value()->find_entities(text, limit);
    if (!found) return found.error();
    CardList list;
    for (const EntityContext& entity : found.value()) list.cards.push_back(card_of(entity));
    return list;
}

} // namespace gd
