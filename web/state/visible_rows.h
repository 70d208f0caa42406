#pragma once
// Which rows a list shows, in which order: filtering and sorting apart from drawing.
#include "web/state/app_state.h"

#include <vector>

namespace gd {

std::vector<int> visible_group_rows(const std::vector<Group>& groups, const std::string& filter);
std::vector<int> visible_participant_rows(const std::vector<Participant>& participants, const std::string& filter,
                                          ParticipantColumn column, bool descending);
// The same for the open group, made again only when its list, filter or order changed.
const std::vector<int>& shown_participant_rows(AppState& s);

} // namespace gd
