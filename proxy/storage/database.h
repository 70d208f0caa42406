#pragma once
// A small RAII wrapper over SQLite: open (WAL, busy timeout, foreign keys), prepared statements
// with bound parameters, and transactions that roll back unless committed.
// SQLite failures throw StorageError: callers at a layer boundary turn it into
// Error{storage_failed} (connectors) or a start-up message (main).
//
// Threads. One Database serves every thread (the HTTP handlers, the job worker), and each thread
// gets a SQLite connection of its own, opened on its first use and closed when the thread ends.
// A transaction belongs to a connection, not to a thread: on one shared connection a BEGIN in one
// request would take in another thread's writes, roll them back with its own, or fail with
// "cannot start a transaction within a transaction".
// - Writes in this process take turns, first come first served (a Transaction from BEGIN to
//   COMMIT or ROLLBACK, a writing statement outside one for its run), instead of spinning in
//   SQLite's busy handler. The busy timeout stays for other processes (a backup, a second proxy).
// - Reads never wait for a write: WAL lets them run beside it.
// - A Statement belongs to the thread that prepared it (its connection's changes() and
//   last_insert_id are that thread's); another thread using it gets a StorageError. A
//   Transaction begins and ends on one thread.
// - A Transaction inside another on the same thread is a SAVEPOINT: its rollback undoes only its
//   own part, its commit leaves everything to the outer one.
// - A statement left mid-read (stepped to a row, neither finished nor reset) would keep its
//   connection's view of the file as it was: that thread would not see other threads' commits, and
//   its next write would fail (SQLITE_BUSY_SNAPSHOT, https://www.sqlite.org/rescode.html#busy_snapshot).
//   So when a thread starts another statement outside a Transaction, one left mid-read reads its
//   remaining rows into memory and lets go of the file: each new statement sees the newest data,
//   as on one connection. Rows read in a loop that runs other statements are held in memory whole.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace gd {

class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Database;
struct DatabaseConnection;   // one thread's SQLite connection (database.cpp)
struct DatabaseShared;       // the connections of every thread and the queue of writers
class KeptRows;              // a statement's rows read into memory

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
    friend class Transaction;
    Statement(Database& db, DatabaseConnection& connection, sqlite3_stmt* stmt);
    // Before `connection` starts a statement other than `starting`: those of its statements left
    // mid-read keep their remaining rows in memory and let go of the file.
    static void let_go_of_the_file(DatabaseConnection& connection, const Statement* starting);
    void keep_remaining_rows();
    void end_write_turn();
    Database& db_;
    DatabaseConnection* connection_;
    sqlite3_stmt* stmt_;
    bool holds_write_turn_ = false;   // a writing statement outside a Transaction, between its first step and its end
    std::unique_ptr<KeptRows> kept_;   // set while it gives rows from memory
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

    // The rowid of the calling thread's last insert.
    int64_t last_insert_id() const;
    int user_version();
    void set_user_version(int version);
    const std::filesystem::path& file() const { return file_; }

private:
    friend class Statement;
    friend class Transaction;
    // The calling thread's connection, opened on its first use.
    DatabaseConnection& connection() const;

    std::filesystem::path file_;
    std::unique_ptr<DatabaseShared> shared_;
};

// BEGIN IMMEDIATE on construction (takes SQLite's write lock up front, so two writers never
// deadlock upgrading read locks, after this process's write turn); ROLLBACK on destruction unless
// commit() was called. Inside another Transaction of the same thread it is a SAVEPOINT.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    void end();
    Database& db_;
    DatabaseConnection& connection_;
    int level_ = 0;   // 1: the outer BEGIN; 2 and on: nested SAVEPOINTs
    bool done_ = false;
};

} // namespace gd
