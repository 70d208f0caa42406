#pragma once
// The proxy's one data file: <data_dir>/groupdesk.sqlite, created with its folder when missing
// and migrated to this build's schema before anything reads it.
//
// It holds CRM tokens, password hashes and session hashes, so only the proxy's own user may
// read it: the folder is 0700, the file and SQLite's -wal, -shm and -journal beside it 0600. A
// folder or file found more open than that is tightened at start, and `note` says so.
#include "proxy/storage/database.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace gd {

inline constexpr const char* kDataFileName = "groupdesk.sqlite";

// Throws StorageError with a message for the admin (which folder, and why it failed). `note`
// hears one sentence per folder or file whose access was tightened (or could not be).
std::unique_ptr<Database> open_data_file(const std::filesystem::path& data_dir,
                                         const std::function<void(const std::string&)>& note = {});

} // namespace gd
