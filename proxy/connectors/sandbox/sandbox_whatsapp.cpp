#include "proxy/connectors/sandbox/sandbox_whatsapp.h"

#include <optional>
#include <random>

namespace gd {

namespace {

const char* const kInviteUrl = "https://chat.whatsapp.com/";

// E.164: '+', then 8 to 15 digits, no leading zero. The interface promises this format; anything
// else is a number the sandbox network cannot know.
bool is_e164(const std::string& phone) {
    if (phone.size() < 9 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
    for (size_t i = 1; i < phone.size(); ++i)
        if (phone[i] < '0' || phone[i] > '9') return false;
    return true;
}

ParticipantRole role_from_text(const std::string& role) {
    if (role == "owner") return ParticipantRole::owner;
    if (role == "admin") return ParticipantRole::admin;
    return ParticipantRole::member;
}

bool is_admin_role(const std::string& role) { return role == "admin" || role == "owner"; }

// The group with its size and our standing, or nullopt when the number is not in such a group.
const char* const kGroupSelect =
    "SELECT g.id, g.name,"
    "       (SELECT count(*) FROM wa_participants p WHERE p.group_id = g.id),"
    "       (SELECT p.role FROM wa_participants p, wa_account a WHERE p.group_id = g.id AND p.phone = a.phone)"
    "  FROM wa_groups g";

Group group_from_row(const Statement& row) {
    Group g;
    g.id = row.text(0);
    g.name = row.text(1);
    g.participant_count = (int)row.integer(2);
    g.we_are_admin = is_admin_role(row.text(3));
    return g;
}

std::optional<Group> find_group(Database& db, const std::string& group_id) {
    Statement st = db.prepare(std::string(kGroupSelect) + " WHERE g.id = ?1");
    st.bind(1, group_id);
    if (!st.step()) return std::nullopt;
    return group_from_row(st);
}

// "" when not a participant.
std::string role_of(Database& db, const std::string& group_id, const std::string& phone) {
    Statement st = db.prepare("SELECT role FROM wa_participants WHERE group_id = ?1 AND phone = ?2");
    st.bind(1, group_id).bind(2, phone);
    return st.step() ? st.text(0) : "";
}

bool has_whatsapp(Database& db, const std::string& phone) {
    if (!is_e164(phone)) return false;
    return db.scalar("SELECT has_whatsapp FROM wa_numbers WHERE phone = ?1", 1, phone) != 0;
}

bool blocks_group_adds(Database& db, const std::string& phone) {
    return db.scalar("SELECT blocks_group_adds FROM wa_numbers WHERE phone = ?1", 0, phone) != 0;
}

// One person, one action, in a group where we are admin. Mirrors WhatsApp: promoting an admin or
// demoting a member is a no-op that succeeds; the owner cannot be removed or demoted, and WhatsApp
// gives no reason for that refusal.
ChangeOutcome change_one(Database& db, const std::string& group_id, ParticipantAction action,
                         const std::string& phone) {
    const std::string role = is_e164(phone) ? role_of(db, group_id, phone) : "";
    switch (action) {
    case ParticipantAction::add:
        if (!role.empty()) return ChangeOutcome::already_member;
        if (!has_whatsapp(db, phone)) return ChangeOutcome::not_on_whatsapp;
        if (blocks_group_adds(db, phone)) return ChangeOutcome::privacy_blocked;
        db.run("INSERT INTO wa_participants (group_id, phone, role) VALUES (?1, ?2, 'member')", group_id, phone);
        return ChangeOutcome::done;
    case ParticipantAction::remove:
        if (role.empty()) return ChangeOutcome::not_a_member;
        if (role == "owner") return ChangeOutcome::unknown;
        db.run("DELETE FROM wa_participants WHERE group_id = ?1 AND phone = ?2", group_id, phone);
        return ChangeOutcome::done;
    case ParticipantAction::promote:
        if (role.empty()) return ChangeOutcome::not_a_member;
        if (role == "member")
            db.run("UPDATE wa_participants SET role = 'admin' WHERE group_id = ?1 AND phone = ?2", group_id, phone);
        return ChangeOutcome::done;
    case ParticipantAction::demote:
        if (role.empty()) return ChangeOutcome::not_a_member;
        if (role == "owner") return ChangeOutcome::unknown;
        if (role == "admin")
            db.run("UPDATE wa_participants SET role = 'member' WHERE group_id = ?1 AND phone = ?2", group_id, phone);
        return ChangeOutcome::done;
    }
    return ChangeOutcome::unknown;
}

// Invite links are the way in when adding fails; only a group admin may see or reset one.
Result<std::string> admin_group(Database& db, const std::string& group_id) {
    std::optional<Group> group = find_group(db, group_id);
    if (!group) return Error{ErrorCode::group_not_found, {}};
    if (!group->we_are_admin) return Error{ErrorCode::not_group_admin, {}};
    return group->id;
}

std::string new_invite_code() {
    // A fresh, unguessable code: a revoked link must not come back.
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device device;
    std::string code;
    for (int i = 0; i < 22; ++i) code += alphabet[device() % 62];
    return code;
}

} // namespace

GatewayCapabilities SandboxWhatsAppGateway::capabilities() const {
    return {.save_contact = true, .revoke_invite_link = true};
}

Result<ConnectionState> SandboxWhatsAppGateway::connection_state() {
    return sandbox_call(store_, [&]() -> Result<ConnectionState> {
        Statement st = store_.db.prepare("SELECT phone, status FROM wa_account WHERE id = 1");
        if (!st.step()) return ConnectionState{ConnectionStatus::logged_out, ""};
        ConnectionState state;
        state.phone = st.text(0);
        state.status = nlohmann::json(st.text(1)).get<ConnectionStatus>();
        return state;
    });
}

Result<std::vector<Group>> SandboxWhatsAppGateway::list_groups() {
    return sandbox_call(store_, [&]() -> Result<std::vector<Group>> {
        std::vector<Group> groups;
        Statement st = store_.db.prepare(std::string(kGroupSelect) + " ORDER BY g.position");
        while (st.step()) groups.push_back(group_from_row(st));
        return groups;
    });
}

Result<ParticipantList> SandboxWhatsAppGateway::participants(const std::string& group_id) {
    return sandbox_call(store_, [&]() -> Result<ParticipantList> {
        std::optional<Group> group = find_group(store_.db, group_id);
        if (!group) return Error{ErrorCode::group_not_found, {}};
        ParticipantList list{*group, {}};
        list.participants.reserve((size_t)group->participant_count);
        // The name is what the connected phone shows: its saved contact, else the profile name.
        Statement st = store_.db.prepare(
            "SELECT p.phone, p.role,"
            "       coalesce(nullif(trim(c.first_name || ' ' || c.last_name), ''), n.profile_name, '')"
            "  FROM wa_participants p"
            "  LEFT JOIN wa_contacts c ON c.phone = p.phone"
            "  LEFT JOIN wa_numbers n ON n.phone = p.phone"
            " WHERE p.group_id = ?1 ORDER BY p.id");
        st.bind(1, group_id);
        while (st.step()) {
            Participant p;
            p.phone = st.text(0);
            p.id = p.phone.substr(1) + "@c.us";
            p.role = role_from_text(st.text(1));
            p.name = st.text(2);
            list.participants.push_back(std::move(p));
        }
        return list;
    });
}

Result<std::vector<WhatsAppCheck>> SandboxWhatsAppGateway::check_whatsapp(const std::vector<std::string>& phones) {
    return sandbox_call(store_, [&]() -> Result<std::vector<WhatsAppCheck>> {
        std::vector<WhatsAppCheck> checks;
        for (const std::string& phone : phones) checks.push_back({phone, has_whatsapp(store_.db, phone)});
        return checks;
    });
}

Result<std::vector<ParticipantChange>> SandboxWhatsAppGateway::change_participants(
    const std::string& group_id, ParticipantAction action, const std::vector<std::string>& phones) {
    return sandbox_call(store_, [&]() -> Result<std::vector<ParticipantChange>> {
        Transaction tx(store_.db);
        std::optional<Group> group = find_group(store_.db, group_id);
        if (!group) return Error{ErrorCode::group_not_found, {}};
        std::vector<ParticipantChange> changes;
        for (const std::string& phone : phones) {
            ChangeOutcome outcome =
                group->we_are_admin ? change_one(store_.db, group_id, action, phone) : ChangeOutcome::not_admin;
            changes.push_back({phone, outcome});
        }
        tx.commit();
        return changes;
    });
}

Result<InviteLink> SandboxWhatsAppGateway::invite_link(const std::string& group_id) {
    return sandbox_call(store_, [&]() -> Result<InviteLink> {
        Result<std::string> group = admin_group(store_.db, group_id);
        if (!group) return group.error();
        Statement st = store_.db.prepare("SELECT invite_code FROM wa_groups WHERE id = ?1");
        st.bind(1, group_id);
        st.step();
        return InviteLink{kInviteUrl + st.text(0)};
    });
}

Result<InviteLink> SandboxWhatsAppGateway::revoke_invite_link(const std::string& group_id) {
    return sandbox_call(store_, [&]() -> Result<InviteLink> {
        Result<std::string> group = admin_group(store_.db, group_id);
        if (!group) return group.error();
        std::string code = new_invite_code();
        store_.db.run("UPDATE wa_groups SET invite_code = ?1 WHERE id = ?2", code, group_id);
        return InviteLink{kInviteUrl + code};
    });
}

Result<Done> SandboxWhatsAppGateway::send_text(const std::string& phone, const std::string& text) {
    return sandbox_call(store_, [&]() -> Result<Done> {
        if (!is_e164(phone)) return Error{ErrorCode::invalid_phone, phone};
        if (text.empty()) return Error{ErrorCode::bad_request, "the message is empty"};
        if (!has_whatsapp(store_.db, phone)) return Error{ErrorCode::bad_request, "this number has no WhatsApp"};
        store_.db.run("INSERT INTO wa_messages (phone, text) VALUES (?1, ?2)", phone, text);
        return Done{};
    });
}

Result<Done> SandboxWhatsAppGateway::save_contact(const std::string& phone, const std::string& first_name,
                                                  const std::string& last_name) {
    return sandbox_call(store_, [&]() -> Result<Done> {
        if (!is_e164(phone)) return Error{ErrorCode::invalid_phone, phone};
        if (first_name.empty()) return Error{ErrorCode::bad_request, "the contact needs a first name"};
        store_.db.run(
            "INSERT INTO wa_contacts (phone, first_name, last_name) VALUES (?1, ?2, ?3)"
            " ON CONFLICT (phone) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,"
            " saved_at = excluded.saved_at",
            phone, first_name, last_name);
        return Done{};
    });
}

} // namespace gd
