#include "proxy/storage/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

// Index: the write queue; connections (one per thread, closed when the thread ends); Database;
// rows kept in memory; Statement; Transaction.

namespace gd {

namespace {

// Another process (a backup, a second proxy by mistake) may hold the file's lock briefly, and in
// this process a writer may wait for others' turns: both wait this long before failing.
constexpr int kBusyTimeoutMs = 5000;

// ---------------------------------------------------------------------------------------------
// The write queue
// ---------------------------------------------------------------------------------------------

// Writers of one Database wait here in the order they came. SQLite's busy handler sleeps and
// retries, so a newcomer can overtake a writer that has waited long; a queue cannot. A writer that
// gives up leaves its ticket behind and the queue steps over it. Not tied to a thread (unlike
// std::mutex): a turn may end on another thread than the one it began on.
class WriteQueue {
public:
    bool wait_turn(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        const uint64_t mine = next_ticket_++;
        if (turn_.wait_for(lock, limit, [&] { return serving_ == mine; })) return true;
        abandoned_.insert(mine);
        return false;
    }

    void end_turn() {
        std::lock_guard lock(mutex_);
        ++serving_;
        while (abandoned_.erase(serving_) > 0) ++serving_;
        turn_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable turn_;
    uint64_t next_ticket_ = 0;
    uint64_t serving_ = 0;
    std::set<uint64_t> abandoned_;
};

} // namespace

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

// Used by one thread only, so SQLITE_OPEN_NOMUTEX and plain counters.
struct DatabaseConnection {
    sqlite3* handle = nullptr;
    std::thread::id owner = std::this_thread::get_id();
    int transaction_depth = 0;   // Transactions open on it: the first is BEGIN, the others SAVEPOINTs
    int write_turns = 0;         // its holders of the write turn: while one holds it, the others need not wait
    std::vector<Statement*> statements;   // alive, so those left mid-read can be found

    DatabaseConnection() = default;
    DatabaseConnection(const DatabaseConnection&) = delete;
    DatabaseConnection& operator=(const DatabaseConnection&) = delete;
    // close_v2 defers the close until every statement is finalized, so a stray Statement
    // outliving its connection cannot crash here.
    ~DatabaseConnection() {
        if (handle) sqlite3_close_v2(handle);
    }
};

struct DatabaseShared {
    uint64_t id = 0;   // never reused, unlike an address: a thread's record of a closed Database cannot match a new one
    std::mutex mutex;   // guards `connections`
    std::vector<std::unique_ptr<DatabaseConnection>> connections;
    WriteQueue writes;

    // A thread ended: its connection goes with it.
    void close(DatabaseConnection* connection) {
        std::unique_ptr<DatabaseConnection> closing;
        {
            std::lock_guard lock(mutex);
            auto it = std::find_if(connections.begin(), connections.end(),
                                   [&](const auto& c) { return c.get() == connection; });
            if (it == connections.end()) return;
            closing = std::move(*it);
            connections.erase(it);
        }
        // A Statement or Transaction left alive past its thread (a misuse) still had the turn: the
        // other writers must not queue behind it forever. SQLite's own lock goes with its last statement.
        if (closing->write_turns > 0) writes.end_turn();
    }
};

namespace {

// Every live Database by id, so a thread that ends can close its connections in those still open.
// Never destroyed: a thread may end after static destructors ran.
struct LiveDatabases {
    std::mutex mutex;
    uint64_t next_id = 1;
    std::unordered_map<uint64_t, DatabaseShared*> by_id;
};

LiveDatabases& live_databases() {
    static LiveDatabases* live = new LiveDatabases;
    return *live;
}

// The calling thread's connections, by Database id: found without a lock, closed at thread exit.
struct ThreadConnections {
    std::vector<std::pair<uint64_t, DatabaseConnection*>> open;

    ~ThreadConnections() {
        LiveDatabases& live = live_databases();
        std::lock_guard lock(live.mutex);
        for (const auto& [id, connection] : open)
            if (auto it = live.by_id.find(id); it != live.by_id.end()) it->second->close(connection);
    }

    DatabaseConnection* find(uint64_t id) const {
        for (const auto& [known, connection] : open)
            if (known == id) return connection;
        return nullptr;
    }

    void add(uint64_t id, DatabaseConnection* connection) {
        LiveDatabases& live = live_databases();
        {
            // Databases closed since: their connections are gone (a long-lived thread may see many).
            std::lock_guard lock(live.mutex);
            std::erase_if(open, [&](const auto& entry) { return !live.by_id.contains(entry.first); });
        }
        open.emplace_back(id, connection);
    }
};

thread_local ThreadConnections this_thread_connections;

[[noreturn]] void fail(const std::filesystem::path& file, sqlite3* handle, const std::string& what) {
    throw StorageError(what + " failed on " + file.filename().string() + ": " + sqlite3_errmsg(handle));
}

void exec_on(sqlite3* handle, const std::filesystem::path& file, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string why = message ? message : "unknown error";
        sqlite3_free(message);
        throw StorageError("SQL failed on " + file.filename().string() + ": " + why);
    }
}

std::string first_text(sqlite3* handle, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string text;
    if (sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char* p = sqlite3_column_text(stmt, 0);
        if (p) text = (const char*)p;
    }
    sqlite3_finalize(stmt);
    return text;
}

std::unique_ptr<DatabaseConnection> open_connection(const std::filesystem::path& file) {
    auto connection = std::make_unique<DatabaseConnection>();
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(file.c_str(), &connection->handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string why = connection->handle ? sqlite3_errmsg(connection->handle) : sqlite3_errstr(rc);
        throw StorageError("cannot open the data file " + file.string() + ": " + why);
    }
    sqlite3* handle = connection->handle;
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, kBusyTimeoutMs);
    // WAL lets readers run while one thread writes; NORMAL sync is safe with WAL (a power cut may
    // lose the last commits, never corrupt the file). WAL stays with the file once set; the other
    // two are settings of each connection.
    if (first_text(handle, "PRAGMA journal_mode=WAL") != "wal")
        throw StorageError("cannot switch the data file " + file.string() + " to WAL mode: " + sqlite3_errmsg(handle));
    exec_on(handle, file, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    return connection;
}

// Waits for the write turn unless `connection` already holds it (its own Transaction, or an
// INSERT ... RETURNING between rows): a thread never waits for itself.
void take_write_turn(DatabaseShared& shared, DatabaseConnection& connection, const std::filesystem::path& file) {
    if (connection.write_turns++ > 0) return;
    if (!shared.writes.wait_turn(std::chrono::milliseconds(kBusyTimeoutMs))) {
        --connection.write_turns;
        throw StorageError("writing to " + file.filename().string() + " failed: other writes kept it busy for " +
                           std::to_string(kBusyTimeoutMs / 1000) + " s");
    }
}

void end_write_turn(DatabaseShared& shared, DatabaseConnection& connection) {
    if (--connection.write_turns == 0) shared.writes.end_turn();
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------------------------

Database::Database(const std::filesystem::path& file) : file_(file), shared_(std::make_unique<DatabaseShared>()) {
    // The first connection checks the file (it opens, it takes WAL) before anyone else uses it.
    std::unique_ptr<DatabaseConnection> first = open_connection(file);
    DatabaseConnection* connection = first.get();
    shared_->connections.push_back(std::move(first));
    {
        LiveDatabases& live = live_databases();
        std::lock_guard lock(live.mutex);
        shared_->id = live.next_id++;
        live.by_id[shared_->id] = shared_.get();
    }
    this_thread_connections.add(shared_->id, connection);
}

Database::~Database() {
    {
        // First out of the list, so a thread that ends now no longer closes anything here.
        LiveDatabases& live = live_databases();
        std::lock_guard lock(live.mutex);
        live.by_id.erase(shared_->id);
    }
    std::lock_guard lock(shared_->mutex);
    shared_->connections.clear();
}

DatabaseConnection& Database::connection() const {
    if (DatabaseConnection* known = this_thread_connections.find(shared_->id)) return *known;
    // Opened outside the lock: only this thread adds its own connection.
    std::unique_ptr<DatabaseConnection> fresh = open_connection(file_);
    DatabaseConnection* connection = fresh.get();
    {
        std::lock_guard lock(shared_->mutex);
        shared_->connections.push_back(std::move(fresh));
    }
    this_thread_connections.add(shared_->id, connection);
    return *connection;
}

void Database::exec(const std::string& sql) {
    DatabaseConnection& c = connection();
    Statement::let_go_of_the_file(c, nullptr);
    // Schema changes and pragmas: counted as a write, whatever they are.
    take_write_turn(*shared_, c, file_);
    try {
        exec_on(c.handle, file_, sql);
    } catch (...) {
        end_write_turn(*shared_, c);
        throw;
    }
    end_write_turn(*shared_, c);
}

Statement Database::prepare(std::string_view sql) {
    DatabaseConnection& c = connection();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(c.handle, sql.data(), (int)sql.size(), &stmt, nullptr) != SQLITE_OK)
        fail(file_, c.handle, "preparing a statement");
    return Statement(*this, c, stmt);
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(connection().handle); }

int Database::user_version() { return (int)scalar("PRAGMA user_version", 0); }

void Database::set_user_version(int version) {
    // PRAGMA takes no bound parameters; the value is our own integer.
    exec("PRAGMA user_version = " + std::to_string(version));
}

// ---------------------------------------------------------------------------------------------
// Rows kept in memory
// ---------------------------------------------------------------------------------------------

// The row a statement stood on and those it had still to give, as protected copies
// (https://www.sqlite.org/c3ref/value_dup.html), so the statement itself can be reset.
class KeptRows {
public:
    KeptRows() = default;
    KeptRows(const KeptRows&) = delete;
    KeptRows& operator=(const KeptRows&) = delete;
    ~KeptRows() {
        for (std::vector<sqlite3_value*>& row : rows_)
            for (sqlite3_value* value : row) sqlite3_value_free(value);
    }

    void add_row(sqlite3_stmt* stmt) {
        std::vector<sqlite3_value*>& row = rows_.emplace_back();
        for (int column = 0; column < sqlite3_column_count(stmt); ++column) {
            row.push_back(sqlite3_value_dup(sqlite3_column_value(stmt, column)));
            if (!row.back()) throw StorageError("out of memory keeping a statement's rows");
        }
    }
    // The first row is the one the statement stood on: the next step goes to the second.
    bool next() { return ++at_ < rows_.size(); }
    // nullptr past the last column, which SQLite's own column functions read as NULL.
    sqlite3_value* value(int column) const {
        const std::vector<sqlite3_value*>& row = rows_[at_];
        return column >= 0 && (size_t)column < row.size() ? row[(size_t)column] : nullptr;
    }

private:
    std::vector<std::vector<sqlite3_value*>> rows_;
    size_t at_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Statement
// ---------------------------------------------------------------------------------------------

Statement::Statement(Database& db, DatabaseConnection& connection, sqlite3_stmt* stmt)
    : db_(db), connection_(&connection), stmt_(stmt) {
    connection_->statements.push_back(this);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), connection_(other.connection_), stmt_(other.stmt_), holds_write_turn_(other.holds_write_turn_),
      kept_(std::move(other.kept_)) {
    other.stmt_ = nullptr;
    other.holds_write_turn_ = false;
    other.connection_ = nullptr;
    std::replace(connection_->statements.begin(), connection_->statements.end(), &other, this);
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);   // ends its implicit transaction, if it had one
    end_write_turn();
    if (connection_) std::erase(connection_->statements, this);
}

void Statement::let_go_of_the_file(DatabaseConnection& connection, const Statement* starting) {
    // Inside a transaction every statement shares the transaction's own view: nothing to do.
    if (connection.transaction_depth > 0 || !sqlite3_get_autocommit(connection.handle)) return;
    for (Statement* other : connection.statements)
        if (other != starting && !other->kept_ && sqlite3_stmt_busy(other->stmt_)) other->keep_remaining_rows();
}

void Statement::keep_remaining_rows() {
    auto rows = std::make_unique<KeptRows>();
    rows->add_row(stmt_);
    for (;;) {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) {
            rows->add_row(stmt_);
            continue;
        }
        if (rc != SQLITE_DONE) {
            StorageError error("a statement failed on " + db_.file_.filename().string() + ": " +
                               sqlite3_errmsg(connection_->handle));
            sqlite3_reset(stmt_);
            end_write_turn();
            throw error;
        }
        break;
    }
    sqlite3_reset(stmt_);   // bindings stay: run again, it reads what it would have read
    end_write_turn();
    kept_ = std::move(rows);
}

void Statement::end_write_turn() {
    if (!holds_write_turn_) return;
    holds_write_turn_ = false;
    gd::end_write_turn(*db_.shared_, *connection_);
}

Statement& Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), (int)text.size(), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(db_.file_, connection_->handle, "binding a parameter");
    return *this;
}

Statement& Statement::bind(int index, int64_t number) {
    if (sqlite3_bind_int64(stmt_, index, number) != SQLITE_OK) fail(db_.file_, connection_->handle, "binding a parameter");
    return *this;
}

bool Statement::step() {
    if (std::this_thread::get_id() != connection_->owner)
        throw StorageError("a statement on " + db_.file_.filename().string() +
                           " was run by another thread than the one that prepared it");
    if (kept_) {
        if (kept_->next()) return true;
        kept_.reset();   // at its end: the next step runs it again, as SQLite would
        return false;
    }
    if (!sqlite3_stmt_busy(stmt_)) let_go_of_the_file(*connection_, this);
    // A writing statement outside a Transaction is its own transaction, from its first step to
    // its end (an INSERT ... RETURNING lasts across rows): it holds the write turn that long.
    if (!holds_write_turn_ && !sqlite3_stmt_busy(stmt_) && !sqlite3_stmt_readonly(stmt_)) {
        take_write_turn(*db_.shared_, *connection_, db_.file_);
        holds_write_turn_ = true;
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    end_write_turn();
    if (rc == SQLITE_DONE) return false;
    fail(db_.file_, connection_->handle, "a statement");
}

int Statement::run() {
    while (step()) {
    }
    return sqlite3_changes(connection_->handle);
}

void Statement::reset() {
    kept_.reset();
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    end_write_turn();
}

std::string Statement::text(int column) const {
    if (kept_) {
        sqlite3_value* value = kept_->value(column);
        const unsigned char* p = value ? sqlite3_value_text(value) : nullptr;
        return p ? std::string((const char*)p, (size_t)sqlite3_value_bytes(value)) : std::string();
    }
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    return p ? std::string((const char*)p, (size_t)sqlite3_column_bytes(stmt_, column)) : std::string();
}

int64_t Statement::integer(int column) const {
    if (kept_) {
        sqlite3_value* value = kept_->value(column);
        return value ? sqlite3_value_int64(value) : 0;
    }
    return sqlite3_column_int64(stmt_, column);
}

bool Statement::is_null(int column) const {
    if (kept_) {
        sqlite3_value* value = kept_->value(column);
        return !value || sqlite3_value_type(value) == SQLITE_NULL;
    }
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// ---------------------------------------------------------------------------------------------
// Transaction
// ---------------------------------------------------------------------------------------------

namespace {
std::string savepoint_name(int level) { return "nested_" + std::to_string(level); }
} // namespace

Transaction::Transaction(Database& db) : db_(db), connection_(db.connection()) {
    if (connection_.transaction_depth == 0) {
        Statement::let_go_of_the_file(connection_, nullptr);   // BEGIN on the newest data
        // The turn before BEGIN: a second writer waits in the queue, not in SQLite's busy handler.
        take_write_turn(*db_.shared_, connection_, db_.file_);
        try {
            exec_on(connection_.handle, db_.file_, "BEGIN IMMEDIATE");
        } catch (...) {
            end_write_turn(*db_.shared_, connection_);
            throw;
        }
    } else {
        // Nested: a callee that needs its writes whole works the same inside a caller's
        // transaction (https://www.sqlite.org/lang_savepoint.html).
        exec_on(connection_.handle, db_.file_, "SAVEPOINT " + savepoint_name(connection_.transaction_depth + 1));
    }
    level_ = ++connection_.transaction_depth;
}

Transaction::~Transaction() {
    if (done_) return;
    try {
        if (level_ == 1) exec_on(connection_.handle, db_.file_, "ROLLBACK");
        else exec_on(connection_.handle, db_.file_, "ROLLBACK TO " + savepoint_name(level_) + "; RELEASE " + savepoint_name(level_));
    } catch (const StorageError&) {
        // SQLite already rolled back (some errors do that by themselves): nothing left to undo.
    }
    end();
}

void Transaction::commit() {
    exec_on(connection_.handle, db_.file_, level_ == 1 ? std::string("COMMIT") : "RELEASE " + savepoint_name(level_));
    done_ = true;
    end();
}

void Transaction::end() {
    --connection_.transaction_depth;
    if (level_ == 1) end_write_turn(*db_.shared_, connection_);
}

} // namespace gd
