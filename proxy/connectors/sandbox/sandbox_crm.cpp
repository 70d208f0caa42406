#include "proxy/connectors/sandbox/sandbox_crm.h"

#include <optional>

namespace gd {

namespace {

Error refused(const char* why) { return Error{ErrorCode::bad_request, why}; }

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

std::optional<CrmUser> find_user(Database& db, const std::string& id) {
    Statement st = db.prepare("SELECT id, name, email, active, is_admin, user_group FROM crm_users WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    CrmUser u;
    u.id = st.text(0), u.name = st.text(1), u.email = st.text(2), u.active = st.integer(3) != 0;
    u.is_admin = st.integer(4) != 0, u.group = st.text(5);
    return u;
}

SeatCount count_seats(Database& db) {
    SeatCount seats;
    Statement st = db.prepare("SELECT paid, technical FROM crm_seats WHERE id = 1");
    if (st.step()) {
        seats.paid = (int)st.integer(0);
        seats.technical = (int)st.integer(1);
    }
    seats.active = (int)db.scalar("SELECT count(*) FROM crm_users WHERE active = 1", 0);
    return seats;
}

bool looks_like_email(const std::string& email) {
    size_t at = email.find('@');
    return at != std::string::npos && at > 0 && email.find('.', at) != std::string::npos &&
           email.find(' ') == std::string::npos && email.back() != '.';
}

} // namespace

Result<EntityContext> SandboxCrm::entity(const EntityRef& ref) {
    return sandbox_call(store_, [&]() -> Result<EntityContext> {
        std::optional<EntityContext> ctx = load_entity(store_.db, ref);
        if (!ctx) return Error{ErrorCode::card_not_found, {}};
        return *ctx;
    });
}

Result<std::vector<EntityContext>> SandboxCrm::find_entities(const std::string& text, int limit) {
    return sandbox_call(store_, [&]() -> Result<std::vector<EntityContext>> {
        std::vector<EntityContext> found;
        const std::string needle = fold_case(text);
        Statement st = store_.db.prepare("SELECT kind, id, title FROM crm_entities ORDER BY kind = 'lead', id");
        while (st.step() && (int)found.size() < limit) {
            if (fold_case(st.text(2)).find(needle) == std::string::npos) continue;
            EntityRef ref{nlohmann::json(st.text(0)).get<EntityKind>(), st.text(1)};
            if (std::optional<EntityContext> ctx = load_entity(store_.db, ref)) found.push_back(std::move(*ctx));
        }
        return found;
    });
}

Result<std::vector<CrmUser>> SandboxCrm::users() {
    return sandbox_call(store_, [&]() -> Result<std::vector<CrmUser>> {
        std::vector<CrmUser> users;
        Statement st = store_.db.prepare(
            "SELECT id, name, email, active, is_admin, user_group FROM crm_users ORDER BY rowid");
        while (st.step()) {
            CrmUser u;
            u.id = st.text(0), u.name = st.text(1), u.email = st.text(2), u.active = st.integer(3) != 0;
            u.is_admin = st.integer(4) != 0, u.group = st.text(5);
            users.push_back(std::move(u));
        }
        return users;
    });
}

Result<SeatCount> SandboxCrm::seats() {
    return sandbox_call(store_, [&]() -> Result<SeatCount> { return count_seats(store_.db); });
}

Result<CrmUser> SandboxCrm::add_user(const NewUser& user) {
    return sandbox_call(store_, [&]() -> Result<CrmUser> {
        if (user.first_name.empty() || user.last_name.empty()) return refused("the user needs a first and a last name");
        if (!looks_like_email(user.email)) return refused("the e-mail is not valid");
        if (user.password.empty()) return refused("the user needs a password");

        Transaction tx(store_.db);
        if (count_seats(store_.db).free() <= 0) return refused("no free licence seat");
        if (store_.db.scalar("SELECT count(*) FROM crm_users WHERE email = ?1", 0, user.email) > 0)
            return refused("this e-mail already has a user");

        // The sandbox keeps no password: a real CRM stores it; here it only has to be given.
        int64_t next = store_.db.scalar("SELECT coalesce(max(CAST(id AS INTEGER)), 0) + 1 FROM crm_users", 1);
        CrmUser created;
        created.id = std::to_string(next);
        created.name = user.first_name + " " + user.last_name;
        created.email = user.email;
        created.group = user.group_id;
        store_.db.run("INSERT INTO crm_users (id, name, email, active, is_admin, user_group) VALUES (?1, ?2, ?3, 1, 0, ?4)",
                      created.id, created.name, created.email, created.group);
        tx.commit();
        return created;
    });
}

Result<Done> SandboxCrm::deactivate_user(const std::string& user_id) {
    return sandbox_call(store_, [&]() -> Result<Done> {
        if (!find_user(store_.db, user_id)) return refused("no such user in the CRM");
        store_.db.run("UPDATE crm_users SET active = 0 WHERE id = ?1", user_id);
        return Done{};
    });
}

CrmAdminAbilities SandboxCrm::abilities() { return {}; }

Result<std::vector<CrmGroup>> SandboxCrm::groups() { return std::vector<CrmGroup>{}; }

Result<std::vector<CrmGroup>> SandboxCrm::roles() { return std::vector<CrmGroup>{}; }

Result<int> SandboxCrm::count_records(const std::string&, RecordKind) { return Error{ErrorCode::not_supported, {}}; }

Result<HandoverBatch> SandboxCrm::reassign(const Reassignment&, RecordKind, const std::string&) {
    return Error{ErrorCode::not_supported, {}};
}

} // namespace gd
