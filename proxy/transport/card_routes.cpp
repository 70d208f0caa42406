#include "proxy/transport/card_routes.h"

#include "proxy/auth/sessions.h"
#include "shared/routes.h"

#include <httplib.h>

namespace gd {

namespace {

constexpr int kSearchResults = 20;
constexpr size_t kMaxQueryBytes = 200;
constexpr size_t kMaxIdBytes = 64;

// Who reads: the session's user, whose own CRM rights decide what they see.
CrmReader reader_of(const Call& c) {
    if (!c.user) return {"standalone", {}, {}};
    return {c.user->tenant, c.user->id, session_key(c.bearer_token())};
}

// CRM ids are decimal numbers in both Bitrix24 and amoCRM.
bool is_card_id(const std::string& id) {
    return !id.empty() && id.size() <= kMaxIdBytes && id.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

std::vector<Route> card_routes(CrmCards& cards) {
    return {
        {"GET", std::string(routes::kCards) + "/{kind}/{id}", [&cards](Call& c) {
             std::optional<std::string> kind_name = c.param("kind");
             std::optional<std::string> id = c.param("id");
             EntityRef ref;
             if (!kind_name || !entity_kind_from_name(*kind_name, ref.kind))
                 return c.fail(Error{ErrorCode::invalid_card, "the kind must be lead, deal or contact"});
             if (!id || !is_card_id(*id)) return c.fail(Error{ErrorCode::invalid_card, "the id must be a CRM number"});
             ref.id = *id;
             c.reply(cards.card(reader_of(c), ref));
         }},

        {"GET", routes::kCards, [&cards](Call& c) {
             const std::string query = c.request.get_param_value("query");
             if (query.size() > kMaxQueryBytes)
                 return c.fail(Error{ErrorCode::bad_request, "the search text is longer than 200 bytes"});
             c.reply(cards.find(reader_of(c), query, kSearchResults));
         }},

        // «Повторить» on a card's person WhatsApp refused for privacy: offered for adding again.
        {"POST", std::string(routes::kGroups) + "/{id}/privacy-refusals/retry", [&cards](Call& c) {
             std::optional<std::string> id = c.param("id");
             if (!id) return c.fail(Error{ErrorCode::invalid_group_id, "malformed percent-escape"});
             Result<PrivacyRetry> body = c.body_as<PrivacyRetry>();
             if (!body) return c.fail(body.error());
             c.reply(cards.retry_after_privacy_refusal(*id, body->phone, Actor{c.actor(), c.tenant()}));
         }},
    };
}

} // namespace gd
