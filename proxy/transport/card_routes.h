#pragma once
// Routes for the CRM card the widget works on, always in the signed-in session's CRM and as the
// session's user may see it there (their own CRM rights, not the installing admin's):
//   GET /api/v1/cards/{kind}/{id}     -> Card      (kind: lead, deal, contact)
//   GET /api/v1/cards?query=text      -> CardList  (leads and deals; the standalone page's search)
//   POST /api/v1/groups/{id}/privacy-refusals/retry  PrivacyRetry -> Ack  (a card person's «Повторить»)
#include "proxy/domain/crm_cards.h"
#include "proxy/transport/router.h"

#include <vector>

namespace gd {

std::vector<Route> card_routes(CrmCards& cards);

} // namespace gd
