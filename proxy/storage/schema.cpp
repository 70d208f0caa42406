#include "proxy/storage/schema.h"

#include <algorithm>
#include <iterator>

namespace gd {

namespace {

// Table prefixes say who owns what: wa_ is the sandbox WhatsApp (the connected number, its
// groups, what the network knows about numbers), crm_ is the sandbox CRM. Real connectors keep
// their data upstream; later issues add the proxy's own tables (audit, jobs) here.
const char* const kMigrations[] = {
    // 1: the sandbox's WhatsApp and CRM
    R"sql(
CREATE TABLE wa_account (
    id     INTEGER PRIMARY KEY CHECK (id = 1),   -- one connected number
    phone  TEXT NOT NULL,
    status TEXT NOT NULL
);
-- Numbers the sandbox network treats specially. Any other valid number has WhatsApp, no profile
-- name, and accepts being added to groups.
CREATE TABLE wa_numbers (
    phone             TEXT PRIMARY KEY,
    profile_name      TEXT NOT NULL DEFAULT '',
    has_whatsapp      INTEGER NOT NULL DEFAULT 1,
    blocks_group_adds INTEGER NOT NULL DEFAULT 0   -- privacy: "who can add me to groups"
) WITHOUT ROWID;
CREATE TABLE wa_groups (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    invite_code TEXT NOT NULL,
    position    INTEGER NOT NULL                   -- the order the gateway lists groups in
);
CREATE TABLE wa_participants (
    id       INTEGER PRIMARY KEY,                  -- join order
    group_id TEXT NOT NULL REFERENCES wa_groups(id) ON DELETE CASCADE,
    phone    TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('member', 'admin', 'owner')),
    UNIQUE (group_id, phone)
);
-- The connected phone's address book: a saved name wins over the profile name.
CREATE TABLE wa_contacts (
    phone      TEXT PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name  TEXT NOT NULL,
    saved_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
CREATE TABLE wa_messages (
    id      INTEGER PRIMARY KEY,
    phone   TEXT NOT NULL,
    text    TEXT NOT NULL,
    sent_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE crm_users (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active     INTEGER NOT NULL DEFAULT 1,
    is_admin   INTEGER NOT NULL DEFAULT 0,
    user_group TEXT NOT NULL DEFAULT ''
);
CREATE TABLE crm_seats (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    paid      INTEGER NOT NULL,
    technical INTEGER NOT NULL
);
CREATE TABLE crm_contacts (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    responsible_user_id TEXT NOT NULL REFERENCES crm_users(id)
);
CREATE TABLE crm_contact_phones (
    contact_id TEXT NOT NULL REFERENCES crm_contacts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    phone      TEXT NOT NULL,                      -- as a person typed it, any format
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
CREATE TABLE crm_entities (
    kind                TEXT NOT NULL CHECK (kind IN ('lead', 'deal')),
    id                  TEXT NOT NULL,
    title               TEXT NOT NULL,
    responsible_user_id TEXT NOT NULL REFERENCES crm_users(id),
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE crm_entity_contacts (
    kind       TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    contact_id TEXT NOT NULL REFERENCES crm_contacts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (kind, entity_id, contact_id),
    FOREIGN KEY (kind, entity_id) REFERENCES crm_entities(kind, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE crm_companies (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    responsible_user_id TEXT NOT NULL REFERENCES crm_users(id)
);
CREATE TABLE crm_tasks (
    id                  TEXT PRIMARY KEY,
    title               TEXT NOT NULL,
    responsible_user_id TEXT NOT NULL REFERENCES crm_users(id)
);
-- Reassigning a leaver's work looks rows up by owner.
CREATE INDEX crm_entities_by_owner  ON crm_entities(responsible_user_id);
CREATE INDEX crm_contacts_by_owner  ON crm_contacts(responsible_user_id);
CREATE INDEX crm_companies_by_owner ON crm_companies(responsible_user_id);
CREATE INDEX crm_tasks_by_owner     ON crm_tasks(responsible_user_id);
)sql",
    // 2: the proxy's own records: member-change jobs, the audit log, WhatsApp checks and pacing
    R"sql(
CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    group_id    TEXT NOT NULL,
    group_name  TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('add', 'remove', 'promote', 'demote')),
    actor       TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'stopped', 'cancelled')),
    stop_reason TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL                   -- unix seconds
);
CREATE INDEX jobs_unfinished ON jobs(state, created_at);
CREATE TABLE job_items (
    job_id   TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    input    TEXT NOT NULL,                        -- as the manager wrote it
    phone    TEXT NOT NULL,                        -- E.164, '' when it is not a number
    name     TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    PRIMARY KEY (job_id, position)
) WITHOUT ROWID;
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    group_id   TEXT NOT NULL,
    group_name TEXT NOT NULL,
    phone      TEXT NOT NULL,
    outcome    TEXT NOT NULL
);
CREATE INDEX audit_by_group ON audit_log(group_id, id);
-- Kept answers to "does this number have WhatsApp?": re-asking in bulk is itself a ban signal.
CREATE TABLE whatsapp_checks (
    phone        TEXT PRIMARY KEY,
    has_whatsapp INTEGER NOT NULL,
    checked_at   INTEGER NOT NULL                  -- unix seconds
) WITHOUT ROWID;
CREATE TABLE daily_counts (
    day   TEXT NOT NULL,                           -- UTC, YYYY-MM-DD
    what  TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, what)
) WITHOUT ROWID;
CREATE TABLE pacing_state (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 3: who may use the widget: the proxy's own logins (standalone page) and open sessions
    R"sql(
CREATE TABLE proxy_logins (
    login         TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,                   -- pbkdf2-sha256$iterations$salt$hash
    is_admin      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,                 -- the token itself is never stored
    user_id      TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    is_admin     INTEGER NOT NULL,
    tenant       TEXT NOT NULL,
    expires_at   INTEGER NOT NULL                  -- unix seconds
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
)sql",
    // 4: the CRM accounts GroupDesk is installed in, with their OAuth pairs (secrets: the data
    // file is the proxy's, readable by its user only)
    R"sql(
CREATE TABLE crm_accounts (
    id                TEXT PRIMARY KEY,           -- Bitrix24 member_id, amoCRM account id
    crm               TEXT NOT NULL,
    base_url          TEXT NOT NULL,
    access_token      TEXT NOT NULL,
    refresh_token     TEXT NOT NULL,
    expires_at        INTEGER NOT NULL,           -- unix seconds
    application_token TEXT NOT NULL,
    updated_at        INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 5: the amoCRM widget tokens already traded for a session, until they expire (so a restart
    // does not let a used token open a second one)
    R"sql(
CREATE TABLE amocrm_used_tokens (
    jti        TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL                   -- unix seconds: the token's exp
) WITHOUT ROWID;
CREATE INDEX amocrm_used_tokens_by_expiry ON amocrm_used_tokens(expires_at);
)sql",
    // 6: jobs and audit rows belong to a tenant (the session's: "standalone", "bitrix24:<member_id>",
    // "amocrm:<account_id>"); rows written before belong to the standalone page
    R"sql(
ALTER TABLE jobs ADD COLUMN tenant TEXT NOT NULL DEFAULT 'standalone';
ALTER TABLE audit_log ADD COLUMN tenant TEXT NOT NULL DEFAULT 'standalone';
CREATE INDEX jobs_by_tenant_group ON jobs(tenant, group_id, created_at);
DROP INDEX audit_by_group;
CREATE INDEX audit_by_tenant_group ON audit_log(tenant, group_id, id);
CREATE INDEX audit_by_tenant ON audit_log(tenant, id);
)sql",
    // 7: a session user's own CRM token pair (Bitrix24's card tab posts it), so card reads carry
    // that user's rights; it goes with its session
    R"sql(
CREATE TABLE session_crm_tokens (
    session_key   TEXT PRIMARY KEY REFERENCES sessions(token_sha256) ON DELETE CASCADE,
    crm           TEXT NOT NULL,
    base_url      TEXT NOT NULL,                  -- the portal address stored at install
    access_token  TEXT NOT NULL,
    refresh_token TEXT NOT NULL,
    expires_at    INTEGER NOT NULL                -- unix seconds
) WITHOUT ROWID;
)sql",
    // 8: one durable queue for every kind of long work (jobs.cpp's engine). Member-change jobs and
    // their people move into it; a job's lane, idempotency key, payload, attempts, next run, lease
    // and completion hook are its own columns. An item's phase records the intent before an
    // upstream call, so a crash leaves "outcome unknown", never a guess. Audit rows say whether a
    // person, a robot or a webhook asked.
    R"sql(
CREATE TABLE job_queue (
    seq             INTEGER PRIMARY KEY,           -- arrival order: a lane runs its jobs in it
    id              TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,                 -- the handler: 'member_change', ...
    tenant          TEXT NOT NULL,
    lane            TEXT NOT NULL,                 -- one upstream account: one job at a time, in order
    idempotency_key TEXT,                          -- NULL when none was given
    payload         TEXT NOT NULL,                 -- JSON, the handler's
    target          TEXT NOT NULL,                 -- what the job is about (a group id)
    title           TEXT NOT NULL,                 -- its name for people
    state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'stopped', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_run_ms     INTEGER NOT NULL,              -- unix ms
    waiting_for     TEXT NOT NULL DEFAULT 'nothing',
    lease_owner     TEXT,                          -- the worker holding it, until lease_until_ms
    lease_until_ms  INTEGER NOT NULL DEFAULT 0,
    stop_reason     TEXT NOT NULL DEFAULT '',
    requester_kind  TEXT NOT NULL CHECK (requester_kind IN ('person', 'robot', 'webhook')),
    requester_name  TEXT NOT NULL,
    on_finish       TEXT NOT NULL DEFAULT '',      -- JSON completion hook, '' for none
    hook_state      TEXT NOT NULL DEFAULT 'none' CHECK (hook_state IN ('none', 'due', 'done', 'failed')),
    hook_attempts   INTEGER NOT NULL DEFAULT 0,
    hook_next_ms    INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,              -- unix seconds
    finished_at     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX job_queue_by_key ON job_queue(tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX job_queue_by_lane ON job_queue(lane, state, seq);
CREATE INDEX job_queue_by_target ON job_queue(tenant, target, seq);
CREATE INDEX job_queue_by_tenant_state ON job_queue(tenant, state, seq);
CREATE TABLE job_queue_items (
    job_id   TEXT NOT NULL REFERENCES job_queue(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    input    TEXT NOT NULL,                        -- as the requester wrote it
    subject  TEXT NOT NULL,                        -- an E.164 phone for member changes; '' when invalid
    label    TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    phase    TEXT NOT NULL CHECK (phase IN ('waiting', 'in_flight', 'finished')),
    PRIMARY KEY (job_id, position)
) WITHOUT ROWID;
INSERT INTO job_queue (id, kind, tenant, lane, payload, target, title, state, next_run_ms, stop_reason,
                       requester_kind, requester_name, created_at)
    SELECT id, 'member_change', tenant, 'whatsapp', json_object('action', action), group_id, group_name, state,
           created_at * 1000, stop_reason, 'person', actor, created_at
    FROM jobs ORDER BY created_at, rowid;
INSERT INTO job_queue_items (job_id, position, input, subject, label, outcome, phase)
    SELECT job_id, position, input, phone, name, outcome, CASE outcome WHEN 'pending' THEN 'waiting' ELSE 'finished' END
    FROM job_items;
DROP TABLE job_items;
DROP TABLE jobs;
ALTER TABLE audit_log ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'person';
)sql",
    // 9: the «Роботы» screen lists a tenant's robot runs, newest first.
    R"sql(
CREATE INDEX job_queue_by_requester ON job_queue(tenant, kind, requester_kind, seq);
)sql",
    // 10: the sandbox CRM's demo pipeline: deals move through stages, and a stage's robots act on
    // a group when a deal enters it. Each move is numbered: it is the robot call's identity.
    R"sql(
CREATE TABLE crm_stages (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
);
ALTER TABLE crm_entities ADD COLUMN stage_id TEXT NOT NULL DEFAULT 'new';
CREATE TABLE crm_stage_robots (
    id                INTEGER PRIMARY KEY,
    stage_id          TEXT NOT NULL REFERENCES crm_stages(id) ON DELETE CASCADE,
    group_id          TEXT NOT NULL,
    action            TEXT NOT NULL CHECK (action IN ('add', 'remove', 'promote', 'demote')),
    invite_on_failure INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE crm_stage_moves (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    stage_id  TEXT NOT NULL,
    moved_at  INTEGER NOT NULL                     -- unix seconds
);
-- Notes in a deal's timeline: the robots' reports land here, as in a real CRM.
CREATE TABLE crm_notes (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at INTEGER NOT NULL                    -- unix seconds
);
CREATE INDEX crm_notes_by_entity ON crm_notes(kind, entity_id, id);
)sql",
    // 11: the sandbox CRM's user administration. User groups and roles become rows (the group
    // names users already had turn into groups), one user is the one GroupDesk's tokens belong to,
    // e-mails with an account in another CRM account can be added as that account, and a record
    // the CRM will not hand over is locked. A handover walks one owner's records in id order.
    R"sql(
CREATE TABLE crm_groups (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO crm_groups (id, name)
    SELECT row_number() OVER (ORDER BY min(rowid)), user_group FROM crm_users WHERE user_group != '' GROUP BY user_group;
ALTER TABLE crm_users ADD COLUMN group_id TEXT NOT NULL DEFAULT '';
UPDATE crm_users SET group_id = coalesce((SELECT g.id FROM crm_groups g WHERE g.name = crm_users.user_group), '');
ALTER TABLE crm_users DROP COLUMN user_group;
CREATE TABLE crm_roles (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
ALTER TABLE crm_users ADD COLUMN role_id TEXT NOT NULL DEFAULT '';
ALTER TABLE crm_users ADD COLUMN is_integration INTEGER NOT NULL DEFAULT 0;
CREATE TABLE crm_outside_accounts (
    email TEXT PRIMARY KEY COLLATE NOCASE,
    name  TEXT NOT NULL                            -- the account's own «Имя Фамилия»
) WITHOUT ROWID;
ALTER TABLE crm_entities ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crm_contacts ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crm_companies ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crm_tasks ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
DROP INDEX crm_entities_by_owner;
DROP INDEX crm_contacts_by_owner;
DROP INDEX crm_companies_by_owner;
DROP INDEX crm_tasks_by_owner;
CREATE INDEX crm_entities_by_owner  ON crm_entities(responsible_user_id, kind, id);
CREATE INDEX crm_contacts_by_owner  ON crm_contacts(responsible_user_id, id);
CREATE INDEX crm_companies_by_owner ON crm_companies(responsible_user_id, id);
CREATE INDEX crm_tasks_by_owner     ON crm_tasks(responsible_user_id, id);
)sql",

    // 12: a CRM account's licence seats where its API does not say them (amoCRM): what its
    // administrator entered in GroupDesk, or what the proxy learned when the CRM refused an add
    // for lack of a seat. Entered wins over learned.
    R"sql(
CREATE TABLE seat_licences (
    tenant     TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('entered', 'learned')),
    paid       INTEGER NOT NULL CHECK (paid >= 0),
    technical  INTEGER NOT NULL CHECK (technical >= 0),
    updated_at INTEGER NOT NULL,                  -- unix seconds
    PRIMARY KEY (tenant, source)
) WITHOUT ROWID;
)sql",

    // 13: adds WhatsApp refused for the person's privacy settings (403), per group and number:
    // only an invitation gets them in, so the card stops offering the add until someone retries
    // or an add of that number to that group succeeds.
    R"sql(
CREATE TABLE privacy_refusals (
    group_id   TEXT NOT NULL,
    phone      TEXT NOT NULL,                     -- E.164
    refused_at INTEGER NOT NULL,                  -- unix seconds
    PRIMARY KEY (phone, group_id)
) WITHOUT ROWID;
)sql",
};

} // namespace

int schema_version() { return (int)std::size(kMigrations); }

void migrate(Database& db, int up_to) {
    int current = db.user_version();
    if (current > schema_version())
        throw StorageError("the data file " + db.file().string() + " has schema version " +
                           std::to_string(current) + " from a newer GroupDesk; this build knows up to " +
                           std::to_string(schema_version()) + ". Run the newer proxy or restore a backup.");
    for (int next = current; next < std::min(up_to, schema_version()); ++next) {
        Transaction tx(db);
        db.exec(kMigrations[next]);
        db.set_user_version(next + 1);
        tx.commit();
    }
}

} // namespace gd
