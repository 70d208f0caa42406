#pragma once
// The proxy's one data file: <data_dir>/groupdesk.sqlite, created with its folder when missing
// and migrated to this build's schema before anything reads it.
#include "proxy/storage/database.h"

#include <filesystem>
#include <memory>

namespace gd {

inline constexpr const char* kDataFileName = "groupdesk.sqlite";

// Throws StorageError with a message for the admin (which folder, and why it failed).
std::unique_ptr<Database> open_data_file(const std::filesystem::path& data_dir);

} // namespace gd
