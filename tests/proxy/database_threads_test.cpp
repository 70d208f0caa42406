// One Database used by many threads at once, as the HTTP handlers and the job worker use it: each
// thread's transaction holds only its own writes, and every write lands exactly once.
#include "proxy/domain/whatsapp_checks.h"
#include "proxy_test_support.h"

#include <dirent.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace gd {
namespace {

using namespace std::chrono_literals;
using test::ScratchDir;

// One thread tells another that something happened.
class Signal {
public:
    void set() {
        {
            std::lock_guard lock(mutex_);
            set_ = true;
        }
        changed_.notify_all();
    }
    bool wait_for(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return set_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool set_ = false;
};

struct DatabaseThreads : ::testing::Test {
    ScratchDir dir;
    Database db{dir / "t.sqlite"};
    void SetUp() override { db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, who TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, UNIQUE (who, n))"); }
    int64_t count(const std::string& who) { return db.scalar("SELECT count(*) FROM notes WHERE who = ?1", -1, who); }
};

TEST_F(DatabaseThreads, ARollbackInOneThreadLeavesAnotherThreadsWriteInPlace) {
    Signal a_wrote, b_starts, b_done;
    bool b_done_inside_a = true;
    std::thread a([&] {
        Transaction tx(db);
        db.run("INSERT INTO notes (who) VALUES ('a')");
        a_wrote.set();
        ASSERT_TRUE(b_starts.wait_for(5s));
        // B's write waits for A's transaction to end; it must not slip into it.
        b_done_inside_a = b_done.wait_for(300ms);
    });   // not committed: rolled back
    std::thread b([&] {
        ASSERT_TRUE(a_wrote.wait_for(5s));
        b_starts.set();
        db.run("INSERT INTO notes (who) VALUES ('b')");
        b_done.set();
    });
    a.join();
    b.join();
    EXPECT_FALSE(b_done_inside_a) << "B wrote while A's transaction was open";
    EXPECT_EQ(count("a"), 0);
    EXPECT_EQ(count("b"), 1) << "B's row went with A's rollback";
}

TEST_F(DatabaseThreads, ThirtyTwoThreadsEachCommittingTheirOwnTransactionsLoseAndDoubleNothing) {
    constexpr int kThreads = 32, kRounds = 20, kRowsPerRound = 4;
    std::atomic<int> failures{0};
    std::mutex first_failure_mutex;
    std::string first_failure;
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            while (!go) std::this_thread::yield();
            const std::string who = "thread-" + std::to_string(t);
            for (int round = 0; round < kRounds; ++round) {
                try {
                    Transaction tx(db);
                    for (int row = 0; row < kRowsPerRound; ++row)
                        db.run("INSERT INTO notes (who, n) VALUES (?1, ?2)", who, round * kRowsPerRound + row);
                    tx.commit();
                } catch (const StorageError& e) {
                    if (failures++ == 0) {
                        std::lock_guard lock(first_failure_mutex);
                        first_failure = e.what();
                    }
                }
            }
        });
    go = true;
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(failures, 0) << first_failure;
    EXPECT_EQ(db.scalar("SELECT count(*) FROM notes", -1), kThreads * kRounds * kRowsPerRound);
    for (int t = 0; t < kThreads; ++t)
        EXPECT_EQ(count("thread-" + std::to_string(t)), kRounds * kRowsPerRound) << t;
}

TEST_F(DatabaseThreads, LastInsertIdIsTheCallingThreads) {
    Signal a_wrote, b_wrote;
    int64_t a_id = 0;
    std::thread a([&] {
        db.run("INSERT INTO notes (who) VALUES ('a')");
        a_wrote.set();
        ASSERT_TRUE(b_wrote.wait_for(5s));
        a_id = db.last_insert_id();
    });
    std::thread b([&] {
        ASSERT_TRUE(a_wrote.wait_for(5s));
        db.run("INSERT INTO notes (who) VALUES ('b')");
        b_wrote.set();
    });
    a.join();
    b.join();
    Statement st = db.prepare("SELECT who FROM notes WHERE id = ?1");
    st.bind(1, a_id);
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "a");
}

TEST_F(DatabaseThreads, AStatementKeptByItsThreadWorksWhileOtherThreadsWrite) {
    std::atomic<bool> stop{false};
    std::atomic<int> writer_failures{0}, writer_attempts{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t)
        writers.emplace_back([&, t] {
            for (int n = 0; !stop; ++n) {
                ++writer_attempts;
                try {
                    Transaction tx(db);
                    db.run("INSERT INTO notes (who, n) VALUES (?1, ?2)", "writer-" + std::to_string(t), n);
                    tx.commit();
                } catch (const StorageError&) {
                    ++writer_failures;
                }
            }
        });
    while (writer_attempts < 8) std::this_thread::yield();
    // Prepared once, run many times by this thread, inside its own transactions.
    Statement insert = db.prepare("INSERT INTO notes (who, n) VALUES ('kept', ?1)");
    Statement touch_none = db.prepare("UPDATE notes SET n = n WHERE who = 'nobody'");
    int failures = 0;
    std::string first_failure;
    for (int n = 0; n < 200; ++n) {
        try {
            Transaction tx(db);
            EXPECT_EQ(insert.bind(1, n).run(), 1);
            insert.reset();
            EXPECT_EQ(touch_none.run(), 0) << "changes() counted another thread's insert";
            touch_none.reset();
            tx.commit();
        } catch (const StorageError& e) {
            if (failures++ == 0) first_failure = e.what();
        }
    }
    stop = true;
    for (std::thread& t : writers) t.join();
    EXPECT_EQ(failures, 0) << first_failure;
    EXPECT_EQ(writer_failures, 0);
    EXPECT_EQ(count("kept"), 200);
}

TEST_F(DatabaseThreads, AStatementRunByAnotherThreadIsAStorageError) {
    Statement mine = db.prepare("INSERT INTO notes (who) VALUES ('main')");
    std::string error;
    std::thread other([&] {
        try {
            mine.run();
        } catch (const StorageError& e) {
            error = e.what();
        }
    });
    other.join();
    EXPECT_NE(error.find("another thread"), std::string::npos) << error;
    EXPECT_EQ(count("main"), 0);
}

TEST_F(DatabaseThreads, ATransactionInsideAnotherIsASavepoint) {
    {
        Transaction outer(db);
        db.run("INSERT INTO notes (who) VALUES ('outer')");
        {
            Transaction undone(db);
            db.run("INSERT INTO notes (who) VALUES ('undone')");
        }
        {
            Transaction kept(db);
            db.run("INSERT INTO notes (who) VALUES ('kept')");
            kept.commit();
        }
        outer.commit();
    }
    EXPECT_EQ(count("outer"), 1);
    EXPECT_EQ(count("undone"), 0);
    EXPECT_EQ(count("kept"), 1);
    {
        Transaction outer(db);
        {
            Transaction inner(db);
            db.run("INSERT INTO notes (who) VALUES ('inner of a rollback')");
            inner.commit();
        }
    }
    EXPECT_EQ(count("inner of a rollback"), 0) << "the outer rollback undoes what the inner one committed";
    // The thread is out of every transaction: other threads can write again.
    std::thread other([&] { db.run("INSERT INTO notes (who) VALUES ('other')"); });
    other.join();
    EXPECT_EQ(count("other"), 1);
}

// A writer that waits longer than the busy timeout gives up with a StorageError, and the writers
// after it are not held up by its place in the queue.
TEST_F(DatabaseThreads, AWriterThatGaveUpLeavesTheQueueMoving) {
    Signal holding, b_gave_up;
    std::thread a([&] {
        Transaction tx(db);
        db.run("INSERT INTO notes (who) VALUES ('a')");
        holding.set();
        EXPECT_TRUE(b_gave_up.wait_for(20s));
        tx.commit();
    });
    ASSERT_TRUE(holding.wait_for(5s));
    std::string error;
    std::thread b([&] {
        try {
            db.run("INSERT INTO notes (who) VALUES ('b')");
        } catch (const StorageError& e) {
            error = e.what();
        }
        b_gave_up.set();
    });
    b.join();
    a.join();
    EXPECT_NE(error.find("busy"), std::string::npos) << error;
    const auto started = std::chrono::steady_clock::now();
    std::thread c([&] { db.run("INSERT INTO notes (who) VALUES ('c')"); });
    c.join();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
    EXPECT_EQ(count("a"), 1);
    EXPECT_EQ(count("b"), 0);
    EXPECT_EQ(count("c"), 1);
}

// What the job worker does: read a row, leave the statement open, then read and write again
// after another thread's commit. The open read neither hides that commit nor blocks the write.
TEST_F(DatabaseThreads, AReadLeftOpenNeitherHidesAnotherThreadsCommitNorBlocksAWrite) {
    db.run("INSERT INTO notes (who, n) VALUES ('a', 1), ('a', 2), ('a', 3)");
    Statement open_read = db.prepare("SELECT n, who FROM notes ORDER BY n");
    ASSERT_TRUE(open_read.step());
    EXPECT_EQ(open_read.integer(0), 1);
    std::thread other([&] { db.run("INSERT INTO notes (who) VALUES ('other')"); });
    other.join();
    EXPECT_EQ(count("other"), 1) << "this thread still saw the file as it was";
    db.run("INSERT INTO notes (who) VALUES ('late')");
    EXPECT_EQ(count("late"), 1);
    {
        Transaction tx(db);
        db.run("INSERT INTO notes (who) VALUES ('in a transaction')");
        tx.commit();
    }
    // The open read goes on where it stood, with the rows it would have given.
    EXPECT_EQ(open_read.integer(0), 1);
    EXPECT_EQ(open_read.text(1), "a");
    EXPECT_FALSE(open_read.is_null(1));
    ASSERT_TRUE(open_read.step());
    EXPECT_EQ(open_read.integer(0), 2);
    ASSERT_TRUE(open_read.step());
    EXPECT_EQ(open_read.integer(0), 3);
    EXPECT_FALSE(open_read.step());
    // Run again, it reads the file as it is now.
    int rows = 0;
    while (open_read.step()) ++rows;
    EXPECT_EQ(rows, 6);
}

// A loop over one statement's rows that runs others for each row, as the sandbox's search does.
TEST_F(DatabaseThreads, ALoopThatWritesForEachRowSeesEveryRowOnce) {
    for (int n = 1; n <= 5; ++n) db.run("INSERT INTO notes (who, n) VALUES ('source', ?1)", n);
    Statement rows = db.prepare("SELECT n FROM notes WHERE who = 'source' ORDER BY n");
    int64_t sum = 0;
    while (rows.step()) {
        sum += rows.integer(0);
        db.run("INSERT INTO notes (who, n) VALUES ('copy', ?1)", rows.integer(0));
        std::thread other([&] { db.run("INSERT INTO notes (who, n) VALUES ('other', ?1)", sum); });
        other.join();
    }
    EXPECT_EQ(sum, 15);
    EXPECT_EQ(count("copy"), 5);
    EXPECT_EQ(count("other"), 5);
}

int open_files() {
    int n = 0;
    if (DIR* d = ::opendir("/proc/self/fd")) {
        while (::readdir(d)) ++n;
        ::closedir(d);
    }
    return n;
}

TEST_F(DatabaseThreads, ThreadsThatEndTakeTheirConnectionsWithThem) {
    db.run("INSERT INTO notes (who) VALUES ('x')");
    const int before = open_files();
    // One after another: each connection opens 2 files (the data file and its -wal). SQLite may
    // keep a closed one's file open for the next connection to reuse while this thread's holds a
    // lock on it (https://www.sqlite.org/src/file/src/os_unix.c, "pUnused"), hence the margin.
    for (int t = 0; t < 64; ++t) std::thread([&] { db.scalar("SELECT count(*) FROM notes", 0); }).join();
    EXPECT_LE(open_files(), before + 4);
}

TEST_F(DatabaseThreads, ANewDatabaseWhereAClosedOneWasUsesItsOwnFile) {
    ScratchDir dir;
    std::optional<Database> db;
    db.emplace(dir / "first.sqlite");
    db->exec("CREATE TABLE only_in_first (x)");
    const Database* address = &*db;
    db.reset();
    db.emplace(dir / "second.sqlite");
    ASSERT_EQ(&*db, address);
    EXPECT_EQ(db->scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'only_in_first'", -1), 0);
    std::thread other([&] { db->exec("CREATE TABLE only_in_second (x)"); });
    other.join();
    EXPECT_EQ(db->scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'only_in_second'", -1), 1);
}

TEST_F(DatabaseThreads, AFileThatCannotBeOpenedIsNamed) {
    ScratchDir dir;
    try {
        Database db(dir / "missing-folder" / "t.sqlite");
        FAIL();
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("missing-folder/t.sqlite"), std::string::npos) << e.what();
    }
}

// has_whatsapp reads a kept answer, asks the gateway, and keeps the new one; meanwhile a request on
// another thread writes. The kept read must not pin the worker's view of the file.
class GatewayWithABusyNeighbour : public test::WatchedGateway {
public:
    GatewayWithABusyNeighbour(SandboxStore& store, Database& db) : WatchedGateway(store), db_(db) {}
    Result<std::vector<WhatsAppCheck>> check_whatsapp(const std::vector<std::string>& phones) override {
        std::thread request([&] { db_.run("INSERT INTO audit_log (at, actor, action, group_id, group_name, phone, outcome) "
                                                   "VALUES ('now', 'someone', 'x', '', '', '', '')"); });
        request.join();
        return WatchedGateway::check_whatsapp(phones);
    }

private:
    Database& db_;
};

TEST_F(DatabaseThreads, AStaleKeptCheckIsAskedAgainWhileAnotherThreadWrites) {
    test::Sandbox sandbox;
    GatewayWithABusyNeighbour gateway(sandbox.store, *sandbox.db);
    ManualClock clock;
    WhatsAppChecks checks(*sandbox.db, gateway, clock, CheckPolicy{});
    const std::string phone = "+79165550102";
    checks.remember(phone, false);
    clock.advance(std::chrono::hours(24 * 8));   // older than a week: asked again
    Result<bool> answer = checks.has_whatsapp(phone);
    ASSERT_TRUE(answer.ok()) << error_code_name(answer.error().code);
    EXPECT_TRUE(answer.value());
    EXPECT_EQ(gateway.checks, 1);
    EXPECT_TRUE(checks.kept_answers({phone}).at(phone).has_whatsapp);
}

} // namespace
} // namespace gd
