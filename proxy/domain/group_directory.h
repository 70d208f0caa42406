#pragma once
// The WhatsApp groups the connected number is in, and who is in each: what the manager picks
// from before acting. Ids from outside are checked here, so every connector receives only
// well-formed ones. (Later: membership diffs against a deal's contacts.)
#include "proxy/connectors/whatsapp_gateway.h"
#include "shared/result.h"
#include "shared/types.h"

#include <string>

namespace gd {

class GroupDirectory {
public:
    explicit GroupDirectory(WhatsAppGateway& gateway) : gateway_(gateway) {}

    Result<GroupList> groups();
    // invalid_group_id for anything that is not a WhatsApp group id; group_not_found when the
    // connected number is not in that group.
    Result<ParticipantList> participants(const std::string& group_id);

private:
    WhatsAppGateway& gateway_;
};

} // namespace gd
