#include "proxy/connectors/sandbox/sandbox_crm.h"

#include "shared/crm_user_rules.h"

#include <optional>
#include <thread>
#include <utility>

namespace gd {

namespace {

// An error the sandbox answers with: what the CRM refused, and the field it concerns ("" none).
Error refusal(ErrorCode code, std::string detail = {}, std::string field = {}) {
    return Error{code, std::move(detail), std::move(field)};
}

std::vector<CrmContact> contacts_of(Database& db, const std::string& kind, const std::string& entity_id) {
    std::vector<CrmContact> contacts;
    Statement st = db.prepare(
        "SELECT c.id, c.name FROM crm_entity_contacts ec JOIN crm_contacts c ON c.id = ec.contact_id"
        " WHERE ec.kind = ?1 AND ec.entity_id = ?2 ORDER BY ec.position");
    st.bind(1, kind).bind(2, entity_id);
    while (st.step()) contacts.push_back({st.text(0), st.text(1), {}});

    Statement phones = db.prepare("SELECT phone FROM crm_contact_phones WHERE contact_id = ?1 ORDER BY position");
    for (CrmContact& c : contacts) {
        phones.bind(1, c.id);
        while (phones.step()) c.phones.push_back(phones.text(0));
        phones.reset();
    }
    return contacts;
}

std::optional<EntityContext> load_entity(Database& db, const EntityRef& ref) {
    EntityContext ctx;
    ctx.entity = ref;
    if (ref.kind == EntityKind::contact) {
        // Opened from a contact card: the people to act on are that contact alone.
        Statement st = db.prepare("SELECT name, responsible_user_id FROM crm_contacts WHERE id = ?1");
        st.bind(1, ref.id);
        if (!st.step()) return std::nullopt;
        ctx.title = st.text(0);
        ctx.responsible_user_id = st.text(1);
        CrmContact self{ref.id, ctx.title, {}};
        Statement phones = db.prepare("SELECT phone FROM crm_contact_phones WHERE contact_id = ?1 ORDER BY position");
        phones.bind(1, ref.id);
        while (phones.step()) self.phones.push_back(phones.text(0));
        ctx.contacts.push_back(std::move(self));
        return ctx;
    }
    const std::string kind = nlohmann::json(ref.kind).get<std::string>();
    Statement st = db.prepare("SELECT title, responsible_user_id FROM crm_entities WHERE kind = ?1 AND id = ?2");
    st.bind(1, kind).bind(2, ref.id);
    if (!st.step()) return std::nullopt;
    ctx.title = st.text(0);
    ctx.responsible_user_id = st.text(1);
    ctx.contacts = contacts_of(db, kind, ref.id);
    return ctx;
}

// Lower case for the letters CRM titles use (ASCII and Russian Cyrillic in UTF-8). SQLite's
// LIKE folds ASCII only, so «поставка» would not find «Поставка».
std::string fold_case(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            out += (char)(c + 32);
        } else if (c == 0xD0 && i + 1 < s.size()) {
            unsigned char n = (unsigned char)s[++i];
            if (n >= 0x90 && n <= 0x9F) {          // А..П -> а..п
                out += (char)0xD0, out += (char)(n + 0x20);
            } else if (n >= 0xA0 && n <= 0xAF) {   // Р..Я -> р..я
                out += (char)0xD1, out += (char)(n - 0x20);
            } else if (n == 0x81) {                // Ё -> ё
                out += (char)0xD1, out += (char)0x91;
            } else {
                out += (char)c, out += (char)n;
            }
        } else {
            out += (char)c;
        }
    }
    return out;
}

// Users with their group's and role's names. `where` filters (or is empty).
std::vector<CrmUser> read_users(Database& db, const char* where, const std::string& id = {}) {
    Statement st = db.prepare(
        std::string("SELECT u.id, u.name, u.email, u.active, u.is_admin, u.group_id, coalesce(g.name, ''), u.role_id, "
                    "coalesce(r.name, ''), u.is_integration FROM crm_users u LEFT JOIN crm_groups g ON g.id = u.group_id "
                    "LEFT JOIN crm_roles r ON r.id = u.role_id ") +
        where + " ORDER BY u.rowid");
    if (!id.empty()) st.bind(1, id);
    std::vector<CrmUser> users;
    while (st.step()) {
        CrmUser u;
        u.id = st.text(0), u.name = st.text(1), u.email = st.text(2), u.active = st.integer(3) != 0;
        u.is_admin = st.integer(4) != 0, u.group_id = st.text(5), u.group = st.text(6);
        u.role_id = st.text(7), u.role = st.text(8), u.is_integration = st.integer(9) != 0;
        users.push_back(std::move(u));
    }
    return users;
}

std::optional<CrmUser> find_user(Database& db, const std::string& id) {
    std::vector<CrmUser> found = read_users(db, "WHERE u.id = ?1", id);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<CrmGroup> read_groups(Database& db, const char* table) {
    std::vector<CrmGroup> groups;
    Statement st = db.prepare(std::string("SELECT id, name FROM ") + table + " ORDER BY rowid");
    while (st.step()) groups.push_back({st.text(0), st.text(1)});
    return groups;
}

SeatCount count_seats(Database& db) {
    SeatCount seats;
    seats.source = "crm";
    Statement st = db.prepare("SELECT paid, technical FROM crm_seats WHERE id = 1");
    if (st.step()) {
        seats.paid = (int)st.integer(0);
        seats.technical = (int)st.integer(1);
    }
    seats.active = (int)db.scalar("SELECT count(*) FROM crm_users WHERE active = 1", 0);
    return seats;
}

// "The owner's records of this kind": the owner is ?1, the entity kind (where it applies) ?2.
std::string owner_is(const SandboxRecordTable& t) {
    return std::string("responsible_user_id = ?1") + (*t.entity_kind ? " AND kind = ?2" : "");
}

Statement& bind_owner(Statement& st, const SandboxRecordTable& t, const std::string& user_id) {
    st.bind(1, user_id);
    if (*t.entity_kind) st.bind(2, t.entity_kind);
    return st;
}

} // namespace

SandboxRecordTable sandbox_record_table(RecordKind kind) {
    switch (kind) {
    case RecordKind::lead: return {"crm_entities", "lead"};
    case RecordKind::deal: return {"crm_entities", "deal"};
    case RecordKind::contact: return {"crm_contacts", ""};
    case RecordKind::company: return {"crm_companies", ""};
    case RecordKind::task: return {"crm_tasks", ""};
    }
    return {"crm_tasks", ""};
}

Result<EntityContext> SandboxCrm::entity(const EntityRef& ref) {
    return sandbox_call(store_, [&]() -> Result<EntityContext> {
        std::optional<EntityContext> ctx = load_entity(store_.db, ref);
        if (!ctx) return refusal(ErrorCode::card_not_found);
        return *ctx;
    });
}

Result<std::vector<EntityContext>> SandboxCrm::find_entities(const std::string& text, int limit) {
    return sandbox_call(store_, [&]() -> Result<std::vector<EntityContext>> {
        std::vector<EntityContext> found;
        const std::string needle = fold_case(text);
        // Deals before leads, each in the order they were made.
        Statement st = store_.db.prepare(
            "SELECT kind, id, title FROM crm_entities ORDER BY kind = 'lead', CAST(id AS INTEGER), id");
        while (st.step() && (int)found.size() < limit) {
            if (fold_case(st.text(2)).find(needle) == std::string::npos) continue;
            EntityRef ref{nlohmann::json(st.text(0)).get<EntityKind>(), st.text(1)};
            if (std::optional<EntityContext> ctx = load_entity(store_.db, ref)) found.push_back(std::move(*ctx));
        }
        return found;
    });
}

CrmAdminAbilities SandboxCrm::abilities() {
    // The rules of amoCRM, the CRM the sandbox stands in for (its users API:
    // https://www.amocrm.ru/developers/content/crm_platform/users-api), except that the sandbox
    // says its licences and deactivates through its API.
    CrmAdminAbilities a;
    a.add_users = true;
    a.sets_password = true;
    a.has_roles = true;
    a.deactivate = true;
    a.reassign = true;
    a.seats_from_crm = true;
    a.record_kinds = {RecordKind::lead, RecordKind::deal, RecordKind::contact, RecordKind::company, RecordKind::task};
    a.name_max_length = 50;
    a.password_min_length = 6;
    return a;
}

Result<std::vector<CrmUser>> SandboxCrm::users() {
    return sandbox_call(store_, [&]() -> Result<std::vector<CrmUser>> { return read_users(store_.db, ""); });
}

Result<std::vector<CrmGroup>> SandboxCrm::groups() {
    return sandbox_call(store_, [&]() -> Result<std::vector<CrmGroup>> { return read_groups(store_.db, "crm_groups"); });
}

Result<std::vector<CrmGroup>> SandboxCrm::roles() {
    return sandbox_call(store_, [&]() -> Result<std::vector<CrmGroup>> { return read_groups(store_.db, "crm_roles"); });
}

Result<SeatCount> SandboxCrm::seats() {
    return sandbox_call(store_, [&]() -> Result<SeatCount> { return count_seats(store_.db); });
}

Result<CrmUser> SandboxCrm::add_user(const NewUser& user) {
    // The rules first, as the CRM checks them; the password goes no further than this check (the
    // sandbox keeps none, and no message repeats it).
    std::vector<FieldProblem> problems = check_new_user(user, abilities());
    if (!problems.empty()) return refusal(ErrorCode::crm_user_invalid, problems.front().message.en, problems.front().field);
    return sandbox_call(store_, [&]() -> Result<CrmUser> {
        Database& db = store_.db;
        Transaction tx(db);
        if (!user.group_id.empty() && db.scalar("SELECT count(*) FROM crm_groups WHERE id = ?1", 0, user.group_id) == 0)
            return refusal(ErrorCode::crm_user_invalid, "no such user group", "group_id");
        if (!user.role_id.empty() && db.scalar("SELECT count(*) FROM crm_roles WHERE id = ?1", 0, user.role_id) == 0)
            return refusal(ErrorCode::crm_user_invalid, "no such role", "role_id");
        if (db.scalar("SELECT count(*) FROM crm_users WHERE email = ?1", 0, user.email) > 0)
            return refusal(ErrorCode::crm_email_in_account, {}, "email");

        // An e-mail with an account in another CRM account: the admin is offered that account, and
        // adding it keeps its own name (and password).
        std::string account_email, account_name;
        Statement outside = db.prepare("SELECT email, name FROM crm_outside_accounts WHERE email = ?1");
        if (outside.bind(1, user.email).step()) account_email = outside.text(0), account_name = outside.text(1);
        const bool has_account = !account_email.empty();
        if (has_account && !user.existing_account) return refusal(ErrorCode::crm_email_has_account, {}, "email");
        if (!has_account && user.existing_account)
            return refusal(ErrorCode::crm_user_invalid, "no account elsewhere has this e-mail", "email");

        if (count_seats(db).free() <= 0) return refusal(ErrorCode::crm_no_free_seat);

        CrmUser created;
        created.id = std::to_string(db.scalar("SELECT coalesce(max(CAST(id AS INTEGER)), 0) + 1 FROM crm_users", 1));
        created.name = has_account ? account_name : user.first_name + " " + user.last_name;
        created.email = has_account ? account_email : user.email;
        db.run("INSERT INTO crm_users (id, name, email, active, is_admin, group_id, role_id) VALUES (?1, ?2, ?3, 1, 0, ?4, ?5)",
               created.id, created.name, created.email, user.group_id, user.role_id);
        created = *find_user(db, created.id);
        tx.commit();
        return created;
    });
}

Result<Done> SandboxCrm::deactivate_user(const std::string& user_id) {
    return sandbox_call(store_, [&]() -> Result<Done> {
        std::optional<CrmUser> user = find_user(store_.db, user_id);
        if (!user) return refusal(ErrorCode::crm_user_not_found);
        if (user->is_integration) return refusal(ErrorCode::crm_user_is_integration);
        if (user->is_admin) return refusal(ErrorCode::crm_user_is_admin);
        store_.db.run("UPDATE crm_users SET active = 0 WHERE id = ?1", user_id);
        return Done{};
    });
}

Result<int> SandboxCrm::count_records(const std::string& user_id, RecordKind kind) {
    return sandbox_call(store_, [&]() -> Result<int> {
        Database& db = store_.db;
        if (!find_user(db, user_id)) return refusal(ErrorCode::crm_user_not_found);
        const SandboxRecordTable t = sandbox_record_table(kind);
        Statement st = db.prepare(std::string("SELECT count(*) FROM ") + t.table + " WHERE " + owner_is(t));
        return bind_owner(st, t, user_id).step() ? (int)st.integer(0) : 0;
    });
}

Result<HandoverBatch> SandboxCrm::reassign(const Reassignment& r, RecordKind kind, const std::string& cursor) {
    // A CRM takes a while to answer. The pause is outside the store's lock: the rest of the
    // sandbox (cards, groups, the users screen) answers meanwhile.
    if (handover_pause_.count() > 0) std::this_thread::sleep_for(handover_pause_);
    return sandbox_call(store_, [&]() -> Result<HandoverBatch> {
        Database& db = store_.db;
        if (r.from_user_id == r.to_user_id)
            return refusal(ErrorCode::bad_request, "the records would go to the user they belong to");
        if (!find_user(db, r.from_user_id)) return refusal(ErrorCode::crm_user_not_found, "the user who leaves");
        std::optional<CrmUser> to = find_user(db, r.to_user_id);
        if (!to) return refusal(ErrorCode::crm_user_not_found, "the user who receives the records");
        if (!to->active) return refusal(ErrorCode::crm_user_inactive);

        // ?3 is the record id: the first after the cursor, or the one to move.
        const SandboxRecordTable t = sandbox_record_table(kind);
        const std::string after = std::string(t.table) + " WHERE " + owner_is(t) + " AND id > ?3";
        Transaction tx(db);
        Statement next = db.prepare("SELECT id, locked FROM " + after + " ORDER BY id LIMIT " + std::to_string(kHandoverBatch));
        bind_owner(next, t, r.from_user_id).bind(3, cursor);
        std::vector<std::pair<std::string, bool>> records;   // read whole before writing
        while (next.step()) records.emplace_back(next.text(0), next.integer(1) != 0);

        // Only a record that is still the leaver's moves, and never a locked one.
        Statement move = db.prepare(std::string("UPDATE ") + t.table + " SET responsible_user_id = ?4 WHERE " +
                                    owner_is(t) + " AND id = ?3 AND locked = 0");
        HandoverBatch batch;
        batch.cursor = cursor;
        for (const auto& [id, locked] : records) {
            batch.cursor = id;
            if (locked) {
                batch.refused.push_back(id);
                continue;
            }
            bind_owner(move, t, r.from_user_id).bind(3, id).bind(4, r.to_user_id);
            batch.moved += move.run();
            move.reset();
        }
        // Finished when none of the leaver's records is left past the cursor (a locked one stays behind it).
        Statement left = db.prepare("SELECT EXISTS (SELECT 1 FROM " + after + ")");
        bind_owner(left, t, r.from_user_id).bind(3, batch.cursor);
        batch.finished = !left.step() || left.integer(0) == 0;
        tx.commit();
        return batch;
    });
}

} // namespace gd
