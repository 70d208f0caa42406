#pragma once
// What each per-person outcome means for the manager, and what to do next, in both languages.
#include "shared/errors.h"
#include "shared/i18n.h"
#include "shared/types.h"

namespace gd {

const Text& outcome_text(ChangeOutcome outcome, ParticipantAction action);
const Text& outcome_next_step(ChangeOutcome outcome);
// The person could not be added but can still join through the group's invite link.
bool invite_link_helps(ChangeOutcome outcome);
// WhatsApp does not say why an add failed: the reasons the manager should consider (seed 000).
const Text& unknown_add_failure_reasons();
const Text& action_text(ParticipantAction action);
// What stops every write when the connected number is in this state; unknown when it is fine.
ErrorCode connection_problem(ConnectionStatus status);

} // namespace gd
