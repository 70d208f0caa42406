// The sandbox CRM in the CrmAdmin conformance suite: a fresh sandbox data file with its demo
// world. The CRM's own record of who moved what is an SQLite trigger this world installs: every
// write of a record's responsible user is logged, whoever made it.
#include "proxy_test_support.h"
#include "tests/proxy/crm_admin_conformance.h"

namespace gd::test {
namespace {

// "This record": its id is ?1, its entity kind (where it applies) ?2.
std::string record_is(const SandboxRecordTable& t) {
    return std::string("id = ?1") + (*t.entity_kind ? " AND kind = ?2" : "");
}

Statement& bind_record(Statement& st, const SandboxRecordTable& t, const std::string& record_id) {
    st.bind(1, record_id);
    if (*t.entity_kind) st.bind(2, t.entity_kind);
    return st;
}

class SandboxWorld : public CrmAdminWorld {
public:
    SandboxWorld() {
        db.exec(R"sql(
CREATE TABLE test_owner_writes (tbl TEXT NOT NULL, kind TEXT NOT NULL, record_id TEXT NOT NULL);
CREATE TRIGGER test_entity_owner AFTER UPDATE OF responsible_user_id ON crm_entities
    BEGIN INSERT INTO test_owner_writes VALUES ('crm_entities', new.kind, new.id); END;
CREATE TRIGGER test_contact_owner AFTER UPDATE OF responsible_user_id ON crm_contacts
    BEGIN INSERT INTO test_owner_writes VALUES ('crm_contacts', '', new.id); END;
CREATE TRIGGER test_company_owner AFTER UPDATE OF responsible_user_id ON crm_companies
    BEGIN INSERT INTO test_owner_writes VALUES ('crm_companies', '', new.id); END;
CREATE TRIGGER test_task_owner AFTER UPDATE OF responsible_user_id ON crm_tasks
    BEGIN INSERT INTO test_owner_writes VALUES ('crm_tasks', '', new.id); END;
)sql");
    }

    CrmAdmin& admin() override { return sandbox.crm; }

    // A proxy started again: a connector with its own store and lock on the same data file.
    std::unique_ptr<CrmAdmin> restarted() override {
        stores.push_back(std::make_unique<SandboxStore>(db));
        return std::make_unique<SandboxCrm>(*stores.back());
    }

    std::string put_user(const std::string& name, const std::string& email) override {
        const std::string id = next_id("crm_users");
        db.run("INSERT INTO crm_users (id, name, email, active, is_admin) VALUES (?1, ?2, ?3, 1, 0)", id, name, email);
        return id;
    }

    std::string integration_user_id() override {
        Statement st = db.prepare("SELECT id FROM crm_users WHERE is_integration = 1");
        return st.step() ? st.text(0) : "";
    }

    std::vector<std::string> put_records(const std::string& user_id, RecordKind kind, int count) override {
        const SandboxRecordTable t = sandbox_record_table(kind);
        std::vector<std::string> ids;
        Transaction tx(db);
        for (int i = 0; i < count; ++i) {
            ids.push_back(next_id(t.table));
            const std::string name = std::string(record_kind_name(kind)) + " " + ids.back();
            if (*t.entity_kind)
                db.run("INSERT INTO crm_entities (kind, id, title, responsible_user_id) VALUES (?1, ?2, ?3, ?4)",
                       t.entity_kind, ids.back(), name, user_id);
            else
                db.run(std::string("INSERT INTO ") + t.table + " (id, " + (kind == RecordKind::task ? "title" : "name") +
                           ", responsible_user_id) VALUES (?1, ?2, ?3)",
                       ids.back(), name, user_id);
        }
        tx.commit();
        return ids;
    }

    std::string owner_of(RecordKind kind, const std::string& record_id) override {
        const SandboxRecordTable t = sandbox_record_table(kind);
        Statement st = db.prepare(std::string("SELECT responsible_user_id FROM ") + t.table + " WHERE " + record_is(t));
        return bind_record(st, t, record_id).step() ? st.text(0) : "";
    }

    int times_moved(RecordKind kind, const std::string& record_id) override {
        const SandboxRecordTable t = sandbox_record_table(kind);
        return (int)db.scalar("SELECT count(*) FROM test_owner_writes WHERE tbl = ?1 AND kind = ?2 AND record_id = ?3", 0,
                              t.table, t.entity_kind, record_id);
    }

    void refuse_moving(RecordKind kind, const std::string& record_id) override {
        const SandboxRecordTable t = sandbox_record_table(kind);
        Statement lock = db.prepare(std::string("UPDATE ") + t.table + " SET locked = 1 WHERE " + record_is(t));
        bind_record(lock, t, record_id).run();
    }

private:
    std::string next_id(const char* table) {
        return std::to_string(db.scalar(std::string("SELECT coalesce(max(CAST(id AS INTEGER)), 0) + 1 FROM ") + table, 1));
    }

    Sandbox sandbox;
    Database& db = *sandbox.db;
    std::vector<std::unique_ptr<SandboxStore>> stores;   // the restarted connectors' stores
};

std::unique_ptr<CrmAdminWorld> make_sandbox_world() { return std::make_unique<SandboxWorld>(); }

INSTANTIATE_TEST_SUITE_P(Sandbox, CrmAdminConformance, ::testing::Values(&make_sandbox_world));

} // namespace
} // namespace gd::test
