#pragma once
// An in-memory CRM account for the user-administration stories: users with an integration user,
// licence seats, and records of each kind whose responsible user it counts every change of. It
// hands records over in batches from a cursor, as the connectors do, and can refuse a record, fail
// a call, or kill the proxy in the middle of one (test::ProxyDied).
#include "tests/proxy/card_only_crm.h"
#include "proxy/domain/user_admin.h"
#include "proxy_test_support.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace gd::test {

class FakeCrmAdmin : public CardOnlyCrm {
public:
    static constexpr const char* kIntegrationUser = "1";

    struct Record {
        std::string id;
        std::string owner;
        int times_moved = 0;
        bool refuses = false;
    };

    const char* kind_name = "sandbox";   // which CRM it plays
    CrmAdminAbilities can;
    std::vector<CrmUser> people;
    std::vector<CrmGroup> group_list{{"10", "Продажи"}, {"11", "Поддержка"}};
    std::vector<CrmGroup> role_list{{"r1", "Менеджер"}};
    // What seats() answers: source "crm" with the licences, or "unknown" (the connector cannot say).
    SeatCount seat_answer;
    bool seats_supported = true;
    // The account's real limit on active users, whatever GroupDesk knows: the CRM refuses beyond it.
    int real_limit = 1000;
    std::map<RecordKind, std::vector<Record>> records;   // in the CRM's order
    int batch_size = 25;

    // What the CRM was asked.
    std::vector<NewUser> adds;
    int reassign_calls = 0;
    int deactivate_calls = 0;
    // The next calls' trouble, one per call, before anything happens.
    std::vector<Error> reassign_errors;
    std::vector<Error> deactivate_errors;
    std::optional<Error> add_error;
    // Runs inside reassign before (`before_move`) or after (`after_move`) the batch is applied:
    // throwing ProxyDied there is the proxy killed while its call is on the wire.
    std::function<void()> before_move;
    std::function<void()> after_move;
    // Runs inside deactivate_user before its trouble: the CRM may act and still fail to answer.
    std::function<void(const std::string&)> during_deactivate;

    FakeCrmAdmin() {
        can.add_users = true;
        can.sets_password = true;
        can.has_roles = true;
        can.deactivate = true;
        can.reassign = true;
        can.record_kinds = {RecordKind::lead, RecordKind::contact, RecordKind::company, RecordKind::task};
        can.password_min_length = 6;
        people.push_back(user(kIntegrationUser, "Админ Интеграции", "integration@example.org", true));
        people.back().is_integration = true;
    }

    static CrmUser user(const std::string& id, const std::string& name, const std::string& email, bool admin = false) {
        CrmUser u;
        u.id = id, u.name = name, u.email = email, u.is_admin = admin;
        return u;
    }
    std::string put_user(const std::string& name, const std::string& email, bool active = true) {
        people.push_back(user(std::to_string(people.size() + 100), name, email));
        people.back().active = active;
        return people.back().id;
    }
    std::vector<std::string> put_records(const std::string& owner, RecordKind kind, int count) {
        std::vector<std::string> ids;
        std::vector<Record>& list = records[kind];
        for (int i = 0; i < count; ++i) {
            ids.push_back(std::string(record_kind_name(kind)) + "-" + std::to_string(list.size() + 1));
            list.push_back({ids.back(), owner});
        }
        return ids;
    }
    Record& record(RecordKind kind, const std::string& id) {
        for (Record& r : records[kind])
            if (r.id == id) return r;
        throw std::out_of_range(id);
    }
    CrmUser* find(const std::string& id) {
        for (CrmUser& u : people)
            if (u.id == id) return &u;
        return nullptr;
    }
    int active_count() const {
        return (int)std::count_if(people.begin(), people.end(), [](const CrmUser& u) { return u.active && !u.is_free; });
    }

    const char* kind() const override { return kind_name; }
    CrmAdminAbilities abilities() override { return can; }
    Result<std::vector<CrmUser>> users() override { return people; }
    Result<std::vector<CrmGroup>> groups() override { return group_list; }
    Result<std::vector<CrmGroup>> roles() override { return role_list; }
    Result<SeatCount> seats() override {
        if (!seats_supported) return Error{ErrorCode::not_supported, {}, {}};
        SeatCount s = seat_answer;
        s.active = active_count();
        return s;
    }
    Result<CrmUser> add_user(const NewUser& u) override {
        adds.push_back(u);
        if (add_error) return *add_error;
        for (const CrmUser& p : people)
            if (p.email == u.email) return Error{ErrorCode::crm_email_in_account, {}, "email"};
        if (active_count() >= real_limit) return Error{ErrorCode::crm_no_free_seat, "user_count_exceeded", {}};
        const std::string id = put_user(u.first_name + " " + u.last_name, u.email);
        find(id)->group_id = u.group_id;
        return *find(id);
    }
    Result<Done> deactivate_user(const std::string& id) override {
        ++deactivate_calls;
        if (during_deactivate) during_deactivate(id);
        if (!deactivate_errors.empty()) {
            Error e = deactivate_errors.front();
            deactivate_errors.erase(deactivate_errors.begin());
            return e;
        }
        CrmUser* u = find(id);
        if (!u) return Error{ErrorCode::crm_user_not_found, {}, {}};
        if (u->is_integration) return Error{ErrorCode::crm_user_is_integration, {}, {}};
        u->active = false;
        return Done{};
    }
    Result<int> count_records(const std::string& user_id, RecordKind kind) override {
        const std::vector<Record>& list = records[kind];
        return (int)std::count_if(list.begin(), list.end(), [&](const Record& r) { return r.owner == user_id; });
    }
    // The cursor is the position of the last record looked at: records before it are never
    // looked at again, and one moved already is no longer the leaver's anyway.
    Result<HandoverBatch> reassign(const Reassignment& r, RecordKind kind, const std::string& cursor) override {
        ++reassign_calls;
        if (!reassign_errors.empty()) {
            Error e = reassign_errors.front();
            reassign_errors.erase(reassign_errors.begin());
            return e;
        }
        if (r.from_user_id == r.to_user_id) return Error{ErrorCode::bad_request, {}, {}};
        CrmUser* to = find(r.to_user_id);
        if (!to) return Error{ErrorCode::crm_user_not_found, {}, {}};
        if (!to->active) return Error{ErrorCode::crm_user_inactive, {}, {}};
        if (before_move) before_move();
        std::vector<Record>& list = records[kind];
        size_t at = cursor.empty() ? 0 : std::stoul(cursor);
        HandoverBatch batch;
        int looked = 0;
        for (; at < list.size() && looked < batch_size; ++at) {
            Record& rec = list[at];
            if (rec.owner != r.from_user_id) continue;
            ++looked;
            if (rec.refuses) {
                batch.refused.push_back(rec.id);
                continue;
            }
            rec.owner = r.to_user_id;
            ++rec.times_moved;
            ++batch.moved;
        }
        batch.cursor = std::to_string(at);
        batch.finished = at >= list.size();
        if (after_move) after_move();
        return batch;
    }
};

// The users domain as main() builds it, on a data file of its own, with the fake CRM playing
// amoCRM for tenant "amocrm:1".
struct UserAdminStack {
    UserAdminStack() {
        crm.kind_name = "amocrm";
        crms.by_tenant["amocrm:1"] = &crm;
    }
    ScratchDir dir;
    std::unique_ptr<Database> db = open_data_file(dir / "data");
    ManualClock clock;
    FakeCrmAdmin crm;
    CrmsByTenant crms;
    CrmSeats seats{*db, clock};
    AuditLog audit{*db, clock};
    UserAdmin users{crms, seats, audit};
};

} // namespace gd::test
