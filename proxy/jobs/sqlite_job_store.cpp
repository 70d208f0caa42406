#include "proxy/jobs/sqlite_job_store.h"

#include <random>

namespace gd {

namespace {

// Item counts are derived from the items, never kept twice: one UPDATE of an item is then a whole
// change, and a crash cannot leave a count that disagrees with its items.
const char* const kColumns =
    "j.id, j.kind, j.tenant, j.lane, j.target, j.title, j.payload, j.state, j.attempts, j.next_run_ms, "
    "j.waiting_for, j.stop_reason, j.requester_kind, j.requester_name, j.on_finish, j.created_at, "
    "j.hook_state, (SELECT COUNT(*) FROM job_queue_items i WHERE i.job_id = j.id), "
    "(SELECT COUNT(*) FROM job_queue_items i WHERE i.job_id = j.id AND i.phase = 'finished'), "
    "(SELECT COUNT(*) FROM job_queue_items i WHERE i.job_id = j.id AND i.phase = 'in_flight'), "
    "(SELECT COUNT(*) FROM job_queue o WHERE o.lane = j.lane AND o.seq < j.seq AND o.state IN ('queued', 'running'))";

// A job the engine still has work on: unfinished, or cancelled with a call whose outcome is unknown.
const char* const kOpen =
    "(%1.state IN ('queued', 'running') OR (%1.state = 'cancelled' AND EXISTS "
    "(SELECT 1 FROM job_queue_items f WHERE f.job_id = %1.id AND f.phase = 'in_flight')))";

std::string open_condition(const std::string& alias) {
    std::string sql = kOpen;
    for (size_t at = sql.find("%1"); at != std::string::npos; at = sql.find("%1")) sql.replace(at, 2, alias);
    return sql;
}

std::string name_of(JobState s) { return nlohmann::json(s).get<std::string>(); }
std::string name_of(JobWait w) { return nlohmann::json(w).get<std::string>(); }
std::string name_of(RequesterKind k) { return nlohmann::json(k).get<std::string>(); }

const char* phase_name(ItemPhase p) {
    switch (p) {
    case ItemPhase::waiting: return "waiting";
    case ItemPhase::in_flight: return "in_flight";
    case ItemPhase::finished: return "finished";
    }
    return "waiting";
}

ItemPhase phase_from(const std::string& name) {
    if (name == "in_flight") return ItemPhase::in_flight;
    if (name == "finished") return ItemPhase::finished;
    return ItemPhase::waiting;
}

// A stored JSON text; a row that does not parse reads as null rather than stopping every list.
nlohmann::json json_from(const std::string& text) {
    if (text.empty()) return nullptr;
    return nlohmann::json::parse(text, nullptr, false, true);
}

QueuedJob job_from(const Statement& row) {
    QueuedJob job;
    job.id = row.text(0);
    job.kind = row.text(1);
    job.tenant = row.text(2);
    job.lane = row.text(3);
    job.target = row.text(4);
    job.title = row.text(5);
    job.payload = json_from(row.text(6));
    if (job.payload.is_discarded()) job.payload = nullptr;
    job.state = nlohmann::json(row.text(7)).get<JobState>();
    job.attempts = (int)row.integer(8);
    job.next_run_ms = row.integer(9);
    job.waiting_for = nlohmann::json(row.text(10)).get<JobWait>();
    job.stop_reason = row.text(11);
    job.requested_by.kind = nlohmann::json(row.text(12)).get<RequesterKind>();
    job.requested_by.name = row.text(13);
    job.on_finish = json_from(row.text(14));
    if (job.on_finish.is_discarded()) job.on_finish = nullptr;
    job.created_at = row.integer(15);
    job.hook_state = row.text(16);
    job.total = (int)row.integer(17);
    job.done = (int)row.integer(18);
    job.unsettled = (int)row.integer(19);
    job.ahead = (int)row.integer(20);
    return job;
}

std::string new_job_id() {
    static const char* hex = "0123456789abcdef";
    std::random_device device;
    std::string id;
    for (int i = 0; i < 16; ++i) id += hex[device() % 16];
    return id;
}

} // namespace

std::optional<QueuedJob> SqliteJobStore::read_one(const std::string& where, const std::string& a, const std::string& b) {
    Statement st = db_.prepare(std::string("SELECT ") + kColumns + " FROM job_queue j WHERE " + where);
    st.bind(1, a);
    if (!b.empty()) st.bind(2, b);
    if (!st.step()) return std::nullopt;
    return job_from(st);
}

Enqueued SqliteJobStore::enqueue(const NewJob& job, int64_t now_ms) {
    Transaction tx(db_);
    if (!job.idempotency_key.empty()) {
        std::optional<QueuedJob> earlier = read_one("j.tenant = ?1 AND j.idempotency_key = ?2", job.tenant, job.idempotency_key);
        if (earlier) return {std::move(*earlier), false};
    }
    const std::string id = new_job_id();
    Statement insert = db_.prepare(
        "INSERT INTO job_queue (id, kind, tenant, lane, idempotency_key, payload, target, title, state, next_run_ms, "
        "requester_kind, requester_name, on_finish, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', ?9, ?10, ?11, ?12, ?13)");
    insert.bind(1, id).bind(2, job.kind).bind(3, job.tenant).bind(4, job.lane);
    if (!job.idempotency_key.empty()) insert.bind(5, job.idempotency_key);   // else NULL: never collides
    insert.bind(6, job.payload.dump()).bind(7, job.target).bind(8, job.title).bind(9, now_ms);
    insert.bind(10, name_of(job.requested_by.kind)).bind(11, job.requested_by.name);
    insert.bind(12, job.on_finish.is_null() ? std::string() : job.on_finish.dump()).bind(13, now_ms / 1000);
    insert.run();
    Statement item = db_.prepare(
        "INSERT INTO job_queue_items (job_id, position, input, subject, label, outcome, phase) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    int position = 0;
    for (const QueuedItem& it : job.items) {
        item.reset();
        item.bind(1, id).bind(2, position++).bind(3, it.input).bind(4, it.subject).bind(5, it.label);
        item.bind(6, it.outcome.empty() ? std::string("pending") : it.outcome).bind(7, phase_name(it.phase));
        item.run();
    }
    std::optional<QueuedJob> created = read_one("j.id = ?1", id, "");
    tx.commit();
    return {std::move(*created), true};
}

std::optional<QueuedJob> SqliteJobStore::claim(const std::string& worker, int64_t now_ms, int64_t lease_until_ms) {
    // One statement: picking and taking cannot be split by another worker. A lane's head is its
    // oldest open job; a lane somebody holds is skipped whole, so its jobs stay in order.
    Transaction tx(db_);
    Statement pick = db_.prepare(
        "SELECT j.id FROM job_queue j WHERE " + open_condition("j") + " AND j.next_run_ms <= ?1 "
        "AND j.seq = (SELECT MIN(o.seq) FROM job_queue o WHERE o.lane = j.lane AND " + open_condition("o") + ") "
        "AND NOT EXISTS (SELECT 1 FROM job_queue l WHERE l.lane = j.lane AND l.lease_owner IS NOT NULL "
        "AND l.lease_until_ms > ?1) ORDER BY j.next_run_ms, j.seq LIMIT 1");
    pick.bind(1, now_ms);
    if (!pick.step()) return std::nullopt;
    const std::string id = pick.text(0);
    // waiting_for stays: the handler sees why the job waited (its pacing is over, say).
    db_.run("UPDATE job_queue SET lease_owner = ?2, lease_until_ms = ?3, "
            "state = CASE state WHEN 'queued' THEN 'running' ELSE state END WHERE id = ?1",
            id, worker, lease_until_ms);
    std::optional<QueuedJob> job = read_one("j.id = ?1", id, "");
    tx.commit();
    return job;
}

bool SqliteJobStore::heartbeat(const std::string& job_id, const std::string& worker, int64_t lease_until_ms) {
    return db_.run("UPDATE job_queue SET lease_until_ms = ?3 WHERE id = ?1 AND lease_owner = ?2", job_id, worker,
                   lease_until_ms) == 1;
}

void SqliteJobStore::release(const std::string& job_id, const std::string& worker, const Release& r) {
    db_.run("UPDATE job_queue SET lease_owner = NULL, lease_until_ms = 0, next_run_ms = ?3, waiting_for = ?4, "
            "attempts = ?5 WHERE id = ?1 AND lease_owner = ?2",
            job_id, worker, r.next_run_ms, name_of(r.waiting_for), r.attempts);
}

void SqliteJobStore::finish(const std::string& job_id, const std::string& worker, JobState state,
                            const std::string& stop_reason, int64_t now_ms) {
    // A cancelled job stays cancelled whatever its worker thought when it let go.
    db_.run("UPDATE job_queue SET lease_owner = NULL, lease_until_ms = 0, waiting_for = 'nothing', "
            "state = CASE state WHEN 'cancelled' THEN 'cancelled' ELSE ?3 END, "
            "stop_reason = CASE state WHEN 'cancelled' THEN stop_reason ELSE ?4 END, finished_at = ?5, "
            "hook_state = CASE WHEN on_finish <> '' AND hook_state = 'none' THEN 'due' ELSE hook_state END, "
            "hook_next_ms = ?6 WHERE id = ?1 AND (lease_owner = ?2 OR lease_owner IS NULL)",
            job_id, worker, name_of(state), stop_reason, now_ms / 1000, now_ms);
}

void SqliteJobStore::free_all_leases() {
    db_.run("UPDATE job_queue SET lease_owner = NULL, lease_until_ms = 0 WHERE lease_owner IS NOT NULL");
}

std::optional<int64_t> SqliteJobStore::next_wake_ms(int64_t now_ms) {
    Statement st = db_.prepare(
        "SELECT MIN(t) FROM (SELECT MIN(j.next_run_ms) AS t FROM job_queue j WHERE " + open_condition("j") +
        " AND j.seq = (SELECT MIN(o.seq) FROM job_queue o WHERE o.lane = j.lane AND " + open_condition("o") + ") "
        "AND NOT EXISTS (SELECT 1 FROM job_queue l WHERE l.lane = j.lane AND l.lease_owner IS NOT NULL "
        "AND l.lease_until_ms > ?1) "
        "UNION ALL SELECT MIN(hook_next_ms) FROM job_queue WHERE hook_state = 'due')");
    st.bind(1, now_ms);
    if (!st.step() || st.is_null(0)) return std::nullopt;
    return st.integer(0);
}

std::vector<QueuedItem> SqliteJobStore::items(const std::string& job_id) {
    std::vector<QueuedItem> items;
    Statement st = db_.prepare("SELECT position, input, subject, label, outcome, phase FROM job_queue_items "
                               "WHERE job_id = ?1 ORDER BY position");
    st.bind(1, job_id);
    while (st.step())
        items.push_back({(int)st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), phase_from(st.text(5))});
    return items;
}

bool SqliteJobStore::begin_item(const std::string& job_id, int position) {
    // One statement with the job's state in it: a cancel either lands before (no call goes out)
    // or after (the call's outcome is settled over the cancel).
    return db_.run("UPDATE job_queue_items SET phase = 'in_flight' WHERE job_id = ?1 AND position = ?2 "
                   "AND phase = 'waiting' AND EXISTS (SELECT 1 FROM job_queue WHERE id = ?1 "
                   "AND state IN ('queued', 'running'))",
                   job_id, position) == 1;
}

void SqliteJobStore::settle_item(const std::string& job_id, int position, const std::string& outcome) {
    // Also from 'waiting' (answers known without a call) and over a cancel: what happened upstream
    // wins over "cancelled".
    db_.run("UPDATE job_queue_items SET phase = 'finished', outcome = ?3 WHERE job_id = ?1 AND position = ?2 "
            "AND (phase <> 'finished' OR outcome = 'cancelled')",
            job_id, position, outcome);
}

void SqliteJobStore::reopen_item(const std::string& job_id, int position) {
    db_.run("UPDATE job_queue_items SET phase = 'waiting' WHERE job_id = ?1 AND position = ?2 AND phase = 'in_flight'",
            job_id, position);
}

void SqliteJobStore::set_title(const std::string& job_id, const std::string& title) {
    db_.run("UPDATE job_queue SET title = ?2 WHERE id = ?1", job_id, title);
}

void SqliteJobStore::fill_items(const std::string& job_id, const std::vector<QueuedItem>& items,
                                const nlohmann::json& payload) {
    Transaction tx(db_);
    Statement next = db_.prepare("SELECT COALESCE(MAX(position) + 1, 0) FROM job_queue_items WHERE job_id = ?1");
    next.bind(1, job_id);
    int position = next.step() ? (int)next.integer(0) : 0;
    Statement item = db_.prepare(
        "INSERT INTO job_queue_items (job_id, position, input, subject, label, outcome, phase) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const QueuedItem& it : items) {
        item.reset();
        item.bind(1, job_id).bind(2, position++).bind(3, it.input).bind(4, it.subject).bind(5, it.label);
        item.bind(6, it.outcome.empty() ? std::string("pending") : it.outcome).bind(7, phase_name(it.phase));
        item.run();
    }
    db_.run("UPDATE job_queue SET payload = ?2 WHERE id = ?1", job_id, payload.dump());
    tx.commit();
}

void SqliteJobStore::set_payload(const std::string& job_id, const nlohmann::json& payload) {
    db_.run("UPDATE job_queue SET payload = ?2 WHERE id = ?1", job_id, payload.dump());
}

std::optional<QueuedJob> SqliteJobStore::get(const std::string& tenant, const std::string& job_id) {
    return read_one("j.id = ?1 AND j.tenant = ?2", job_id, tenant);
}

std::vector<QueuedJob> SqliteJobStore::for_target(const std::string& tenant, const std::string& kind,
                                                  const std::string& target, int limit) {
    std::vector<QueuedJob> jobs;
    Statement st = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM job_queue j WHERE j.tenant = ?1 AND j.kind = ?2 AND j.target = ?3 "
                               "ORDER BY j.seq DESC LIMIT ?4");
    st.bind(1, tenant).bind(2, kind).bind(3, target).bind(4, limit);
    while (st.step()) jobs.push_back(job_from(st));
    return jobs;
}

std::vector<QueuedJob> SqliteJobStore::by_requester(const std::string& tenant, const std::string& kind,
                                                    RequesterKind requester, int limit) {
    std::vector<QueuedJob> jobs;
    Statement st = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM job_queue j WHERE j.tenant = ?1 AND j.kind = ?2 AND j.requester_kind = ?3 "
                               "ORDER BY j.seq DESC LIMIT ?4");
    st.bind(1, tenant).bind(2, kind).bind(3, name_of(requester)).bind(4, limit);
    while (st.step()) jobs.push_back(job_from(st));
    return jobs;
}

std::vector<QueuedJob> SqliteJobStore::unfinished(const std::string& tenant, int limit) {
    std::vector<QueuedJob> jobs;
    Statement st = db_.prepare(std::string("SELECT ") + kColumns +
                               " FROM job_queue j WHERE j.tenant = ?1 AND j.state IN ('queued', 'running') "
                               "ORDER BY j.seq LIMIT ?2");
    st.bind(1, tenant).bind(2, limit);
    while (st.step()) jobs.push_back(job_from(st));
    return jobs;
}

bool SqliteJobStore::cancel(const std::string& tenant, const std::string& job_id, const std::string& cancelled_outcome,
                            int64_t now_ms) {
    Transaction tx(db_);
    if (db_.run("UPDATE job_queue SET state = 'cancelled', waiting_for = 'nothing', finished_at = ?3 "
                "WHERE id = ?1 AND tenant = ?2 AND state IN ('queued', 'running')",
                job_id, tenant, now_ms / 1000) != 1)
        return false;
    db_.run("UPDATE job_queue_items SET phase = 'finished', outcome = ?2 WHERE job_id = ?1 AND phase = 'waiting'",
            job_id, cancelled_outcome);
    // With nothing in flight the job has ended now; else its worker ends it (finish) once the
    // call's outcome is recorded, and the hook waits for that.
    db_.run("UPDATE job_queue SET hook_state = 'due', hook_next_ms = ?2 WHERE id = ?1 AND on_finish <> '' "
            "AND hook_state = 'none' AND NOT EXISTS (SELECT 1 FROM job_queue_items i WHERE i.job_id = ?1 "
            "AND i.phase = 'in_flight')",
            job_id, now_ms);
    tx.commit();
    return true;
}

std::optional<DueHook> SqliteJobStore::due_hook(int64_t now_ms) {
    // Taken for a minute: a hook whose runner died is tried again after it.
    Transaction tx(db_);
    Statement pick = db_.prepare("SELECT id, on_finish, hook_attempts FROM job_queue WHERE hook_state = 'due' "
                                 "AND hook_next_ms <= ?1 ORDER BY hook_next_ms LIMIT 1");
    pick.bind(1, now_ms);
    if (!pick.step()) return std::nullopt;
    DueHook due;
    due.job_id = pick.text(0);
    due.hook = json_from(pick.text(1));
    due.attempts = (int)pick.integer(2);
    db_.run("UPDATE job_queue SET hook_next_ms = ?2 WHERE id = ?1", due.job_id, now_ms + 60000);
    std::optional<QueuedJob> job = read_one("j.id = ?1", due.job_id, "");
    tx.commit();
    if (job) due.job = std::move(*job);
    return due;
}

void SqliteJobStore::hook_done(const std::string& job_id) {
    db_.run("UPDATE job_queue SET hook_state = 'done' WHERE id = ?1", job_id);
}

void SqliteJobStore::hook_failed(const std::string& job_id, int attempts, int64_t next_try_ms, bool give_up) {
    db_.run("UPDATE job_queue SET hook_state = ?4, hook_attempts = ?2, hook_next_ms = ?3 WHERE id = ?1", job_id,
            attempts, next_try_ms, std::string(give_up ? "failed" : "due"));
}

} // namespace gd
