// The JSON mappings live in types.h next to each type; this unit keeps the library non-empty
// and checks that the header compiles on its own.
#include "shared/types.h"
