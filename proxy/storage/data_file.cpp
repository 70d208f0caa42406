#include "proxy/storage/data_file.h"

#include "proxy/storage/schema.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace gd {

namespace {

constexpr mode_t kPrivateFolder = 0700;
constexpr mode_t kPrivateFile = 0600;

std::string octal(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", (unsigned)(mode & 07777));
    return text;
}

// Takes group and other access away from an existing folder or file. A sticky folder (/tmp) is
// shared by design: it is left alone, and the admin is told to give the data a folder of its own.
void make_private(const std::filesystem::path& path, const char* what,
                  const std::function<void(const std::string&)>& note) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return;   // not there (a -wal that was never made)
    if ((st.st_mode & 077) == 0) return;
    if (S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX)) {
        if (note)
            note("the data directory " + path.string() + " is shared with other users (" + octal(st.st_mode) +
                 "): give GroupDesk's data a folder of its own");
        return;
    }
    if (S_ISLNK(st.st_mode)) return;   // chmod would follow it to whatever it names
    const mode_t tightened = st.st_mode & 0700;   // the owner keeps what it had
    if (::chmod(path.c_str(), tightened) != 0) {
        if (note)
            note("the " + std::string(what) + " " + path.string() + " is readable by other users (" +
                 octal(st.st_mode) + ") and cannot be changed: " + std::strerror(errno));
        return;
    }
    if (note)
        note("the " + std::string(what) + " " + path.string() + " was open to other users (" + octal(st.st_mode) +
             "): now " + octal(tightened));
}

// The folder itself is made 0700 from the start (its parents keep the usual modes).
void create_private_folder(const std::filesystem::path& folder) {
    std::error_code ec;
    if (std::filesystem::is_directory(folder, ec)) return;
    if (folder.has_parent_path()) std::filesystem::create_directories(folder.parent_path(), ec);
    if (!ec && ::mkdir(folder.c_str(), kPrivateFolder) != 0 && errno != EEXIST)
        ec = std::error_code(errno, std::generic_category());
    if (ec) throw StorageError("cannot create the data directory " + folder.string() + ": " + ec.message());
}

// SQLite gives the -wal, -shm and -journal files the database file's mode, so a file created
// 0600 here keeps all four private (https://www.sqlite.org/tempfiles.html).
void create_private_file(const std::filesystem::path& file) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kPrivateFile);
    if (fd >= 0) ::close(fd);
    else if (errno != EEXIST)
        throw StorageError("cannot create the data file " + file.string() + ": " + std::strerror(errno));
}

void make_files_private(const std::filesystem::path& file, const std::function<void(const std::string&)>& note) {
    make_private(file, "data file", note);
    for (const char* sibling : {"-wal", "-shm", "-journal"})
        make_private(file.string() + sibling, "data file", note);
}

} // namespace

std::unique_ptr<Database> open_data_file(const std::filesystem::path& data_dir,
                                         const std::function<void(const std::string&)>& note) {
    std::filesystem::path folder = data_dir.lexically_normal();
    if (!folder.has_filename() && folder.has_parent_path()) folder = folder.parent_path();   // "data/"
    create_private_folder(folder);
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw StorageError("the data directory " + data_dir.string() + " exists but is not a directory");
    make_private(folder, "data directory", note);

    const std::filesystem::path file = folder / kDataFileName;
    make_files_private(file, note);
    create_private_file(file);
    auto db = std::make_unique<Database>(file);
    migrate(*db);
    make_files_private(file, note);   // what SQLite made beside it
    return db;
}

} // namespace gd
