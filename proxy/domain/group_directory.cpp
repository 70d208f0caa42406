#include "proxy/domain/group_directory.h"

#include "proxy/domain/phone_numbers.h"
#include "shared/validation.h"

namespace gd {

Result<GroupList> GroupDirectory::groups() {
    Result<std::vector<Group>> groups = gateway_.list_groups();
    if (!groups) return groups.error();
    return GroupList{std::move(groups.value())};
}

Result<ParticipantList> GroupDirectory::participants(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return Error{ErrorCode::invalid_group_id, {}};
    Result<ParticipantList> list = gateway_.participants(group_id);
    if (!list) return list.error();
    for (Participant& p : list->participants)
        if (!p.phone.empty()) p.phone_display = phone_for_people(p.phone);
    return list;
}

} // namespace gd
