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

const char* record_kind_name(RecordKind kind) {
    switch (kind) {
    case RecordKind::lead: return "lead";
    case RecordKind::deal: return "deal";
    case RecordKind::contact: return "contact";
    case RecordKind::company: return "company";
    case RecordKind::task: return "task";
    }
    return "lead";
}

bool record_kind_from_name(std::string_view name, RecordKind& kind) {
    for (RecordKind k : {RecordKind::lead, RecordKind::deal, RecordKind::contact, RecordKind::company, RecordKind::task})
        if (name == record_kind_name(k)) {
            kind = k;
            return true;
        }
    return false;
}

} // namespace gd
