#pragma once
// The data file's tables, built up by numbered migrations; PRAGMA user_version records how many
// have run. Append new migrations at the end; never edit one that has shipped.
#include "proxy/storage/database.h"

namespace gd {

int schema_version();   // how many migrations this build knows

// Runs the missing migrations, each in its own transaction. Throws StorageError when the file was
// written by a newer GroupDesk (a downgrade would silently lose data).
// `up_to` stops after that many (a file as an older build left it, for tests of a migration).
void migrate(Database& db, int up_to = schema_version());

} // namespace gd
