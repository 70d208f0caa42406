#include "proxy/domain/group_directory.h"

#include "shared/validation.h"

namespace gd {

Result<GroupList> GroupDirectory::groups() {
    Result<std::vector<Group>> groups = gateway_.list_groups();
    if (!groups) return groups.error();
    return GroupList{std::move(groups.value())};
}

Result<ParticipantList> GroupDirectory::participants(const std::string& group_id) {
    if (!is_valid_group_id(group_id)) return Error{ErrorCode::invalid_group_id, {}};
    return gateway_.participants(group_id);
}

} // namespace gd
