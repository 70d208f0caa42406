#pragma once
// amoCRM's right-hand card panel (locations lcard-1 / ccard-1, about 300 px): the card's people
// against one group, «Добавить недостающих» and the last job's result, with the whole widget a
// click away. The card, the comparison and the add are card_actions' own; this file holds what is
// the panel's alone: which group it shows (the card script's choice, else the one this user chose
// before, remembered in the browser) and the way to the full view.
#include "web/state/app_state.h"

#include <string>

namespace gd {

// Opens the group the panel should show once the user and the groups are known: the one the
// card's script passed, else the one this user last chose here. Nothing when neither exists.
void tick_compact_card(App& app);
// The user picks a group in the panel: it opens and is remembered for their next cards.
void choose_compact_group(App& app, const std::string& group_id);
// «Открыть полностью»: the card's script opens the whole widget on the same card.
void open_full_view(App& app);

// Where a user's group is remembered: one key per CRM account and user, so two people sharing a
// browser do not share a choice.
std::string compact_group_key(const SessionUser& user);

// The last add, as the panel sums it up: the job started here, else (a card opened again) the
// group's latest add job.
struct LastJobSummary {
    bool shown = false;          // no job yet: nothing to say
    bool active = false;         // queued or running: its progress
    JobState state = JobState::queued;
    int total = 0;
    int finished = 0;
    int added = 0;               // now in the group (added, or already there)
    int invited = 0;             // could not be added; the invite link went to them
    int not_added = 0;           // refused for another reason (details in the full view)
};
LastJobSummary last_job_summary(const AppState& state);

} // namespace gd
