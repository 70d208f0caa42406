#pragma once
// A small RAII wrapper over one SQLite connection: open (WAL, busy timeout, foreign keys),
// prepared statements with bound parameters, and transactions that roll back unless committed.
// SQLite failures throw StorageError: callers at a layer boundary turn it into
// Error{storage_failed} (connectors) or a start-up message (main).
//
// One Database is one connection. It may be used from several threads (SQLite's serialized
// mode), but a sequence of statements that must see one state needs the caller's own lock.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace gd {

class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Database;

// A prepared statement. Parameters are numbered from 1 as in SQL ("?1"); columns from 0.
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, int64_t number);
    Statement& bind(int index, int number) { return bind(index, (int64_t)number); }
    Statement& bind(int index, bool flag) { return bind(index, (int64_t)(flag ? 1 : 0)); }

    // Advances to the next row: true while there is one. Statements that return no rows
    // finish in one step().
    bool step();
    // Runs to completion; returns how many rows the statement changed.
    int run();
    // Ready to run again with new bindings.
    void reset();

    std::string text(int column) const;
    int64_t integer(int column) const;
    bool is_null(int column) const;

private:
    friend class Database;
    Statement(Database& db, sqlite3_stmt* stmt);
    Database& db_;
    sqlite3_stmt* stmt_;
};

class Database {
public:
    // Opens (creating if missing) the file. Throws StorageError naming the file.
    explicit Database(const std::filesystem::path& file);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Statements without parameters or results, several separated by ';' (schema changes).
    void exec(const std::string& sql);
    Statement prepare(std::string_view sql);

    // Binds args to ?1, ?2, ... and runs to completion; returns how many rows changed.
    template <class... Args>
    int run(std::string_view sql, const Args&... args) {
        Statement st = prepare(sql);
        int index = 0;
        (st.bind(++index, args), ...);
        return st.run();
    }

    // The first column of the first row as a number (counts, ids); `fallback` when no row.
    template <class... Args>
    int64_t scalar(std::string_view sql, int64_t fallback, const Args&... args) {
        Statement st = prepare(sql);
        int index = 0;
        (st.bind(++index, args), ...);
        return st.step() ? st.integer(0) : fallback;
    }

    int64_t last_insert_id() const;
    int user_version();
    void set_user_version(int version);
    const std::filesystem::path& file() const { return file_; }

private:
    friend class Statement;
    [[noreturn]] void fail(const std::string& what) const;

    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so two writers never deadlock
// upgrading read locks); ROLLBACK on destruction unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

} // namespace gd
