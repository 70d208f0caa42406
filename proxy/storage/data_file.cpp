#include "proxy/storage/data_file.h"

#include "proxy/storage/schema.h"

#include <system_error>

namespace gd {

std::unique_ptr<Database> open_data_file(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) throw StorageError("cannot create the data directory " + data_dir.string() + ": " + ec.message());
    if (!std::filesystem::is_directory(data_dir, ec))
        throw StorageError("the data directory " + data_dir.string() + " exists but is not a directory");

    auto db = std::make_unique<Database>(data_dir / kDataFileName);
    migrate(*db);
    return db;
}

} // namespace gd
