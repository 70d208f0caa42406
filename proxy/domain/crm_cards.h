#pragma once
// A CRM card as the widget works on it: the lead, deal or contact, and each of its people's
// phones read as E.164 by the same rules as a typed number, so the card and the group can be
// compared and the card's people added through the same checks.
#include "proxy/connectors/crm.h"

#include <string>

namespace gd {

class CrmCards {
public:
    CrmCards(CrmDirectory& crms, std::string default_region);

    Result<Card> card(const std::string& tenant, const EntityRef& ref);
    // Leads and deals whose title holds the text; at most `limit`.
    Result<CardList> find(const std::string& tenant, const std::string& text, int limit);

private:
    Card card_of(const EntityContext& entity) const;

    CrmDirectory& crms_;
    std::string default_region_;
};

} // namespace gd
