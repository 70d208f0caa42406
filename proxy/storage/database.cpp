#include "proxy/storage/database.h"

#include <sqlite3.h>

namespace gd {

// ---------------------------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------------------------

Database::Database(const std::filesystem::path& file) : file_(file) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw StorageError("cannot open the data file " + file.string() + ": " + why);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Another process (a backup, a second proxy by mistake) may hold a lock briefly: wait for it
    // instead of failing at once.
    sqlite3_busy_timeout(db_, 5000);
    try {
        // WAL lets readers run while one request writes; NORMAL sync is safe with WAL (a power
        // cut may lose the last commits, never corrupt the file).
        Statement wal = prepare("PRAGMA journal_mode=WAL");
        if (!wal.step() || wal.text(0) != "wal")
            throw StorageError("cannot switch the data file " + file.string() + " to WAL mode");
        exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    } catch (...) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
}

Database::~Database() {
    // close_v2 defers the close until every statement is finalized, so a stray Statement outliving
    // its Database cannot crash here.
    if (db_) sqlite3_close_v2(db_);
}

void Database::fail(const std::string& what) const {
    throw StorageError(what + " failed on " + file_.filename().string() + ": " + sqlite3_errmsg(db_));
}

void Database::exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string why = message ? message : "unknown error";
        sqlite3_free(message);
        throw StorageError("SQL failed on " + file_.filename().string() + ": " + why);
    }
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), (int)sql.size(), &stmt, nullptr) != SQLITE_OK)
        fail("preparing a statement");
    return Statement(*this, stmt);
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Database::user_version() { return (int)scalar("PRAGMA user_version", 0); }

void Database::set_user_version(int version) {
    // PRAGMA takes no bound parameters; the value is our own integer.
    exec("PRAGMA user_version = " + std::to_string(version));
}

// ---------------------------------------------------------------------------------------------
// Statement
// ---------------------------------------------------------------------------------------------

Statement::Statement(Database& db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), (int)text.size(), SQLITE_TRANSIENT) != SQLITE_OK)
        db_.fail("binding a parameter");
    return *this;
}

Statement& Statement::bind(int index, int64_t number) {
    if (sqlite3_bind_int64(stmt_, index, number) != SQLITE_OK) db_.fail("binding a parameter");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail("a statement");
}

int Statement::run() {
    while (step()) {
    }
    return sqlite3_changes(db_.db_);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    return p ? std::string((const char*)p, (size_t)sqlite3_column_bytes(stmt_, column)) : std::string();
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

// ---------------------------------------------------------------------------------------------
// Transaction
// ---------------------------------------------------------------------------------------------

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (done_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (const StorageError&) {
        // SQLite already rolled back (some errors do that by themselves): nothing left to undo.
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

} // namespace gd
