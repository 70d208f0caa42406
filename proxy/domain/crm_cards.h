#pragma once
// A CRM card as the widget works on it: the lead, deal or contact, and each of its people's
// phones read as E.164 by the same rules as a typed number, so the card and the group can be
// compared and the card's people added through the same checks. Each phone carries what the last
// WhatsApp check said about it, read from the kept answers only: showing a card never asks
// WhatsApp (checking in bulk is a ban signal). Each phone also carries its display form and the
// groups whose add refused it for privacy (PrivacyRefusals).
#include "proxy/connectors/crm.h"
#include "proxy/domain/audit_log.h"
#include "proxy/domain/privacy_refusals.h"
#include "proxy/domain/whatsapp_checks.h"

#include <string>
#include <vector>

namespace gd {

class CrmCards {
public:
    CrmCards(CrmDirectory& crms, WhatsAppChecks& checks, PrivacyRefusals& refusals, AuditLog& audit,
             std::string default_region);

    // As the reader's CRM rights allow: a card they may not see is card_not_found.
    Result<Card> card(const CrmReader& reader, const EntityRef& ref);
    // Leads and deals whose title holds the text, of those the reader may see; at most `limit`.
    Result<CardList> find(const CrmReader& reader, const std::string& text, int limit);
    // «Повторить» on a person refused for privacy: the group offers their add again, and the
    // audit log says who chose so. A number never refused is fine too (a second click).
    // invalid_group_id, invalid_phone.
    Result<Ack> retry_after_privacy_refusal(const std::string& group_id, const std::string& phone_as_written,
                                            const Actor& actor);

private:
    Card card_of(const EntityContext& entity) const;
    // One read of the kept checks, and one of the privacy refusals, for every phone of these cards.
    void add_kept_answers(std::vector<Card*> cards);

    CrmDirectory& crms_;
    WhatsAppChecks& checks_;
    PrivacyRefusals& refusals_;
    AuditLog& audit_;
    std::string default_region_;
};

} // namespace gd
