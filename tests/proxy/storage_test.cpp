// The data file: created with its folder, migrated once, seeded once, and whatever the user
// changed is still there after a restart.
#include "proxy/domain/privacy_refusals.h"
#include "proxy/storage/schema.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace gd {
namespace {

using test::ScratchDir;

TEST(Storage, AMissingDataFolderIsCreatedWithTheFileInside) {
    ScratchDir dir;
    auto db = open_data_file(dir / "nested" / "data");
    EXPECT_TRUE(std::filesystem::is_regular_file(dir / "nested" / "data" / "groupdesk.sqlite"));
    EXPECT_EQ(db->user_version(), schema_version());
}

mode_t mode_of(const std::filesystem::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

// CRM tokens and password hashes live in the file: nobody but the proxy's user may read them.
TEST(Storage, ANewFolderIs0700AndTheFileWithItsWalAndShm0600) {
    ScratchDir dir;
    std::vector<std::string> notes;
    auto db = open_data_file(dir / "nested" / "data", [&](const std::string& n) { notes.push_back(n); });
    db->exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);");   // the -wal and -shm now exist
    const std::filesystem::path file = dir / "nested" / "data" / "groupdesk.sqlite";
    EXPECT_EQ(mode_of(dir / "nested" / "data"), 0700u);
    EXPECT_EQ(mode_of(file), 0600u);
    ASSERT_TRUE(std::filesystem::exists(file.string() + "-wal"));
    ASSERT_TRUE(std::filesystem::exists(file.string() + "-shm"));
    EXPECT_EQ(mode_of(file.string() + "-wal"), 0600u);
    EXPECT_EQ(mode_of(file.string() + "-shm"), 0600u);
    EXPECT_TRUE(notes.empty()) << ::testing::PrintToString(notes);   // nothing was open, nothing to say
}

TEST(Storage, AnExistingOpenFolderAndFilesAreTightenedAndTheNoteSaysSo) {
    ScratchDir dir;
    const std::filesystem::path folder = dir / "data", file = folder / "groupdesk.sqlite";
    open_data_file(folder).reset();
    test::write_file(file.string() + "-journal", "");
    ASSERT_EQ(::chmod(folder.c_str(), 0755), 0);
    ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
    ASSERT_EQ(::chmod((file.string() + "-journal").c_str(), 0666), 0);

    std::vector<std::string> notes;
    auto db = open_data_file(folder, [&](const std::string& n) { notes.push_back(n); });
    EXPECT_EQ(mode_of(folder), 0700u);
    EXPECT_EQ(mode_of(file), 0600u);
    EXPECT_EQ(mode_of(file.string() + "-journal"), 0600u);
    EXPECT_EQ(mode_of(file.string() + "-wal"), 0600u);
    std::string said = ::testing::PrintToString(notes);
    EXPECT_EQ(notes.size(), 3u) << said;
    EXPECT_NE(said.find("data directory " + folder.string() + " was open to other users (0755): now 0700"),
              std::string::npos) << said;
    EXPECT_NE(said.find("groupdesk.sqlite was open to other users (0644): now 0600"), std::string::npos) << said;
    EXPECT_NE(said.find("groupdesk.sqlite-journal was open to other users (0666): now 0600"), std::string::npos) << said;

    notes.clear();
    db.reset();
    open_data_file(folder, [&](const std::string& n) { notes.push_back(n); });
    EXPECT_TRUE(notes.empty()) << "private already: " << ::testing::PrintToString(notes);
}

TEST(Storage, AStickySharedFolderIsNotChangedButTheAdminIsTold) {
    ScratchDir dir;
    std::filesystem::create_directories(dir / "shared");
    ASSERT_EQ(::chmod((dir / "shared").c_str(), 01777), 0);
    std::vector<std::string> notes;
    auto db = open_data_file(dir / "shared", [&](const std::string& n) { notes.push_back(n); });
    EXPECT_EQ(mode_of(dir / "shared"), 01777u);
    EXPECT_EQ(mode_of(dir / "shared" / "groupdesk.sqlite"), 0600u);
    ASSERT_EQ(notes.size(), 1u) << ::testing::PrintToString(notes);
    EXPECT_NE(notes[0].find("give GroupDesk's data a folder of its own"), std::string::npos) << notes[0];
}

TEST(Storage, AFolderThatCannotBeCreatedIsAClearError) {
    ScratchDir dir;
    test::write_file(dir / "a-file", "not a folder");
    try {
        open_data_file(dir / "a-file" / "data");
        FAIL() << "expected StorageError";
    } catch (const StorageError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("cannot create the data directory"), std::string::npos) << message;
        EXPECT_NE(message.find("a-file/data"), std::string::npos) << message;
    }
}

TEST(Storage, AFileWhereTheFolderShouldBeIsNamed) {
    ScratchDir dir;
    test::write_file(dir / "data", "oops");
    EXPECT_THROW(open_data_file(dir / "data"), StorageError);
}

TEST(Storage, TheFileRunsInWalModeWithForeignKeys) {
    ScratchDir dir;
    auto db = open_data_file(dir.path());
    Statement mode = db->prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.text(0), "wal");
    EXPECT_EQ(db->scalar("PRAGMA foreign_keys", 0), 1);
    EXPECT_GE(db->scalar("PRAGMA busy_timeout", 0), 1000);
}

TEST(Storage, ParametersAreBoundNeverPastedIntoSql) {
    ScratchDir dir;
    Database db(dir / "t.sqlite");
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
    const std::string hostile = "x'); DROP TABLE notes; --";
    EXPECT_EQ(db.run("INSERT INTO notes (text) VALUES (?1)", hostile), 1);
    Statement st = db.prepare("SELECT text FROM notes WHERE id = ?1");
    st.bind(1, db.last_insert_id());
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), hostile);
    EXPECT_EQ(db.scalar("SELECT count(*) FROM notes", -1), 1);
}

TEST(Storage, AStatementCanBeReusedWithNewBindings) {
    ScratchDir dir;
    Database db(dir / "t.sqlite");
    db.exec("CREATE TABLE n (v INTEGER)");
    Statement insert = db.prepare("INSERT INTO n (v) VALUES (?1)");
    for (int i = 1; i <= 3; ++i) {
        insert.bind(1, i).run();
        insert.reset();
    }
    EXPECT_EQ(db.scalar("SELECT sum(v) FROM n", 0), 6);
    EXPECT_EQ(db.scalar("SELECT v FROM n WHERE v > ?1", -1, 99), -1);   // no row: the fallback
}

TEST(Storage, ATransactionNotCommittedIsRolledBack) {
    ScratchDir dir;
    Database db(dir / "t.sqlite");
    db.exec("CREATE TABLE n (v INTEGER)");
    {
        Transaction tx(db);
        db.run("INSERT INTO n (v) VALUES (1)");
    }
    EXPECT_EQ(db.scalar("SELECT count(*) FROM n", -1), 0);
    {
        Transaction tx(db);
        db.run("INSERT INTO n (v) VALUES (1)");
        tx.commit();
    }
    EXPECT_EQ(db.scalar("SELECT count(*) FROM n", -1), 1);
}

TEST(Storage, BadSqlIsAStorageErrorNamingTheFile) {
    ScratchDir dir;
    Database db(dir / "t.sqlite");
    try {
        db.prepare("SELEKT 1");
        FAIL();
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("t.sqlite"), std::string::npos) << e.what();
    }
    db.exec("CREATE TABLE u (v TEXT UNIQUE)");
    db.run("INSERT INTO u VALUES ('a')");
    EXPECT_THROW(db.run("INSERT INTO u VALUES ('a')"), StorageError);
}

TEST(Storage, MigratingTwiceChangesNothing) {
    ScratchDir dir;
    { open_data_file(dir.path()); }
    auto db = open_data_file(dir.path());
    EXPECT_EQ(db->user_version(), schema_version());
}

TEST(Storage, JobsAndAuditRowsFromBeforeTenantsBelongToTheStandalonePage) {
    ScratchDir dir;
    {
        Database old(dir / kDataFileName);
        migrate(old, 5);   // the last schema without tenants
        old.run("INSERT INTO jobs (id, group_id, group_name, action, actor, state, created_at) "
                "VALUES ('j1', 'g@g.us', 'G', 'add', 'admin', 'done', 1)");
        old.run("INSERT INTO audit_log (at, actor, action, group_id, group_name, phone, outcome) "
                "VALUES ('2026-11-01T00:00:00Z', 'admin', 'add', 'g@g.us', 'G', '+79160000000', 'done')");
    }
    auto db = open_data_file(dir.path());
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM job_queue WHERE id = 'j1' AND tenant = 'standalone' "
                         "AND kind = 'member_change' AND requester_name = 'admin'", 0), 1);
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM audit_log WHERE tenant = 'standalone'", 0), 1);
}

TEST(Storage, AFileFromBeforePrivacyRefusalsGainsTheirTableAndKeepsItsRecords) {
    ScratchDir dir;
    {
        Database old(dir / kDataFileName);
        migrate(old, 12);   // the last schema without privacy refusals
        old.run("INSERT INTO whatsapp_checks (phone, has_whatsapp, checked_at) VALUES ('+79160000001', 1, 1)");
    }
    auto db = open_data_file(dir.path());
    EXPECT_EQ(db->user_version(), schema_version());
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM whatsapp_checks", 0), 1);
    ManualClock clock;
    PrivacyRefusals refusals{*db, clock};
    refusals.remember("120363041234567801@g.us", "+79160000001");
    refusals.remember("120363041234567801@g.us", "+79160000001");   // once per group and number
    refusals.remember("120363041234567802@g.us", "+79160000001");
    std::map<std::string, std::vector<PrivacyRefusal>> kept = refusals.of({"+79160000001", "+79160000002"});
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept["+79160000001"].size(), 2u);
    EXPECT_EQ(kept["+79160000001"][0].refused_at, clock.unix_seconds());
    EXPECT_TRUE(refusals.of({}).empty());
}

TEST(Storage, AFileFromANewerGroupDeskIsRefusedNotDowngraded) {
    ScratchDir dir;
    {
        auto db = open_data_file(dir.path());
        db->set_user_version(schema_version() + 1);
    }
    try {
        open_data_file(dir.path());
        FAIL();
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("newer GroupDesk"), std::string::npos) << e.what();
    }
}

TEST(Storage, TheSandboxIsSeededOnceAndChangesSurviveARestart) {
    ScratchDir dir;
    {
        auto db = open_data_file(dir.path());
        EXPECT_TRUE(demo::seed_if_empty(*db));
        SandboxStore store(*db);
        SandboxWhatsAppGateway whatsapp(store);
        auto changes = whatsapp.change_participants(demo::kMoscowClientsGroup, ParticipantAction::add, {"+79161112233"});
        ASSERT_TRUE(changes.ok());
        EXPECT_EQ(changes.value()[0].outcome, ChangeOutcome::done);
        ASSERT_TRUE(whatsapp.save_contact("+79161112233", "Пётр", "Новый").ok());
    }
    auto db = open_data_file(dir.path());
    EXPECT_FALSE(demo::seed_if_empty(*db));   // already there: not seeded over the user's changes
    SandboxStore store(*db);
    SandboxWhatsAppGateway whatsapp(store);
    auto list = whatsapp.participants(demo::kMoscowClientsGroup);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->group.participant_count, 49);
    EXPECT_EQ(list->participants.back().phone, "+79161112233");
    EXPECT_EQ(list->participants.back().name, "Пётр Новый");
}

TEST(Storage, TwoFreshSandboxesHoldTheSameDemoWorld) {
    test::Sandbox a, b;
    auto groups_a = a.whatsapp.list_groups(), groups_b = b.whatsapp.list_groups();
    ASSERT_TRUE(groups_a.ok() && groups_b.ok());
    EXPECT_EQ(nlohmann::json(groups_a.value()), nlohmann::json(groups_b.value()));
    auto big_a = a.whatsapp.participants(demo::kBigGroup), big_b = b.whatsapp.participants(demo::kBigGroup);
    EXPECT_EQ(nlohmann::json(big_a.value()), nlohmann::json(big_b.value()));
}

} // namespace
} // namespace gd
