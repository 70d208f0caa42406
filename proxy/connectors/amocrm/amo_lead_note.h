#pragma once
// A note in a lead: how a Digital Pipeline action's result reaches the CRM. amoCRM's hook has no
// result channel of its own, so what the robot did (a line per person) is left in the lead's feed
// (https://www.amocrm.ru/developers/content/crm_platform/events-and-notes):
//   POST /api/v4/leads/notes  [{"entity_id": <lead>, "note_type": "common", "params": {"text": "..."}}]
#include "proxy/connectors/amocrm/amo_api.h"

#include <string>

namespace gd {

// Writes the note with the account's token (refreshed once on a 401). The error says whether
// trying again may help: upstream_rate_limited, crm_unavailable (5xx, no answer) and
// storage_failed may pass; a refusal (crm_reauthorization_needed, crm_not_authorized, ...) stays.
// A text longer than amoCRM's forms take is cut at a character boundary, with "…".
Result<Done> add_lead_note(AmoApi& api, const std::string& lead_id, const std::string& text);

// The longest note text sent, in bytes.
constexpr size_t kMaxLeadNoteBytes = 20000;

} // namespace gd
