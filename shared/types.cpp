// The JSON mappings live in types.h next to each type; this unit holds the few mappings that must
// refuse what they do not know, and checks that the header compiles on its own.
#include "shared/types.h"

namespace gd {

bool entity_kind_from_name(std::string_view name, EntityKind& kind) {
    for (EntityKind k : {EntityKind::lead, EntityKind::deal, EntityKind::contact})
        if (name == entity_kind_name(k)) {
            kind = k;
            return true;
        }
    return false;
}

const char* entity_kind_name(EntityKind kind) {
    switch (kind) {
    case EntityKind::lead: return "lead";
    case EntityKind::deal: return "deal";
    case EntityKind::contact: return "contact";
    }
    return "deal";
}

} // namespace gd
