#include "proxy/connectors/bitrix24/bitrix24_handover.h"

#include "proxy/connectors/bitrix24/bitrix24_records.h"

#include <algorithm>
#include <vector>

namespace gd {

// Index
// - Each kind's methods
// - The cursor
// - Counting
// - A step: list alone (first, or after a failed list), then updates with the next list

namespace {

// Each kind's list and update. CRM records (https://apidocs.bitrix24.com/api-reference/crm/deals/
// crm-deal-list.html, crm-deal-update.html, and the same for leads, contacts and companies) hold
// the responsible user in ASSIGNED_BY_ID; tasks (https://apidocs.bitrix24.com/api-reference/tasks/
// tasks-task-list.html, tasks-task-update.html) in RESPONSIBLE_ID, and tasks.task.list answers
// {"tasks":[{"id":..,"responsibleId":..}]}.
struct KindMethods {
    const char* list;
    const char* update;
    const char* owner_field;
    bool task;
};

KindMethods methods_of(RecordKind kind) {
    switch (kind) {
    case RecordKind::lead: return {"crm.lead.list", "crm.lead.update", "ASSIGNED_BY_ID", false};
    case RecordKind::deal: return {"crm.deal.list", "crm.deal.update", "ASSIGNED_BY_ID", false};
    case RecordKind::contact: return {"crm.contact.list", "crm.contact.update", "ASSIGNED_BY_ID", false};
    case RecordKind::company: return {"crm.company.list", "crm.company.update", "ASSIGNED_BY_ID", false};
    case RecordKind::task: return {"tasks.task.list", "tasks.task.update", "RESPONSIBLE_ID", true};
    }
    return {"crm.deal.list", "crm.deal.update", "ASSIGNED_BY_ID", false};
}

constexpr int kPage = 50;                             // every list page holds 50 rows
constexpr int kMovesWithList = kBatchMaxCommands - 1; // 49 updates and the next list
constexpr Clock::Duration kReadAheadFresh{30000};     // read-ahead older than this is read again

// The leaver's records after `after_id`, in ID order, without a total (start=-1).
nlohmann::json list_params(const KindMethods& m, const std::string& owner, long long after_id) {
    return {{"order", {{"ID", "ASC"}}},
            {"filter", {{m.owner_field, owner}, {">ID", after_id}}},
            {"select", {"ID", m.owner_field}},
            {"start", -1}};
}

nlohmann::json update_params(const KindMethods& m, long long id, const std::string& colleague) {
    if (m.task) return {{"taskId", id}, {"fields", {{"RESPONSIBLE_ID", colleague}}}};
    // No feed post per record: a handover of thousands would flood everyone's feed.
    return {{"id", id}, {"fields", {{"ASSIGNED_BY_ID", colleague}}}, {"params", {{"REGISTER_SONET_EVENT", "N"}}}};
}

struct Row {
    long long id = 0;
    std::string owner;
};

// A list answer's rows; tasks.task.list wraps them in "tasks" and writes its keys in camelCase.
Result<std::vector<Row>> rows_of(const nlohmann::json& result, const KindMethods& m) {
    const nlohmann::json* rows = &result;
    if (m.task && result.is_object()) {
        auto tasks = result.find("tasks");
        if (tasks == result.end()) return Error{ErrorCode::crm_bad_response, std::string(m.list) + ": no tasks in the answer"};
        rows = &*tasks;
    }
    if (!rows->is_array()) return Error{ErrorCode::crm_bad_response, std::string(m.list) + ": not a list"};
    std::vector<Row> out;
    for (const nlohmann::json& row : *rows) {
        if (!row.is_object()) return Error{ErrorCode::crm_bad_response, std::string(m.list) + ": a row is not a record"};
        auto field = [&](const char* upper, const char* camel) {
            std::string v = id_text(row.value(upper, nlohmann::json()));
            return v.empty() ? id_text(row.value(camel, nlohmann::json())) : v;
        };
        const std::string id = field("ID", "id");
        if (!is_bitrix24_id(id)) return Error{ErrorCode::crm_bad_response, std::string(m.list) + ": a row has no ID"};
        out.push_back({std::stoll(id), field(m.owner_field, "responsibleId")});
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The cursor: {"after_id":N,"skip":[ids]}; "" is the start.
// ---------------------------------------------------------------------------------------------

struct Bookmark {
    long long after_id = 0;
    std::set<long long> skip;
};

Result<Bookmark> read_cursor(const std::string& cursor) {
    Bookmark b;
    if (cursor.empty()) return b;
    const nlohmann::json j = nlohmann::json::parse(cursor, nullptr, /*allow_exceptions=*/false);
    const Error bad{ErrorCode::bad_request, "the handover's bookmark is not one Bitrix24's connector made"};
    if (!j.is_object() || !j.contains("after_id") || !j["after_id"].is_number_integer()) return bad;
    b.after_id = j["after_id"].get<long long>();
    if (b.after_id < 0) return bad;
    if (j.contains("skip")) {
        if (!j["skip"].is_array()) return bad;
        for (const nlohmann::json& id : j["skip"]) {
            if (!id.is_number_integer()) return bad;
            b.skip.insert(id.get<long long>());
        }
    }
    return b;
}

std::string write_cursor(long long after_id, const std::set<long long>& skip) {
    nlohmann::json j = {{"after_id", after_id}};
    for (long long id : skip)
        if (id > after_id) j["skip"].push_back(id);
    return j.dump();
}

bool is_limit(const Error& e) { return e.code == ErrorCode::upstream_rate_limited; }

} // namespace

// ---------------------------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------------------------

Result<int> Bitrix24Handover::count(const std::string& user_id, RecordKind kind) {
    if (!is_bitrix24_id(user_id)) return Error{ErrorCode::crm_user_not_found, "a Bitrix24 user id is a number"};
    const KindMethods m = methods_of(kind);
    // start=0: the portal counts what matches and says it as "total".
    Result<RestAnswer> answer =
        rest_.answer(m.list, {{"filter", {{m.owner_field, user_id}}}, {"select", {"ID"}}, {"start", 0}});
    if (!answer) return answer.error();
    if (!answer->ok()) return rest_error(*answer, m.list, rest_.owner());
    if (answer->total.is_number_integer()) return answer->total.get<int>();
    Result<std::vector<Row>> rows = rows_of(answer->result, m);
    if (!rows) return rows.error();
    if ((int)rows->size() < kPage && answer->next.is_null()) return (int)rows->size();
    return Error{ErrorCode::crm_bad_response, std::string(m.list) + ": no total"};
}

// ---------------------------------------------------------------------------------------------
// A step
// ---------------------------------------------------------------------------------------------

Result<HandoverBatch> Bitrix24Handover::step(const Reassignment& r, RecordKind kind, const std::string& cursor) {
    if (r.from_user_id == r.to_user_id) return Error{ErrorCode::bad_request, "the leaver cannot receive their own records"};
    if (!is_bitrix24_id(r.from_user_id) || !is_bitrix24_id(r.to_user_id))
        return Error{ErrorCode::crm_user_not_found, "a Bitrix24 user id is a number"};
    Result<Bookmark> bookmark = read_cursor(cursor);
    if (!bookmark) return bookmark.error();

    std::lock_guard lock(mutex_);
    const Clock::Duration now = clock_.now();
    for (auto it = runs_.begin(); it != runs_.end();)   // abandoned handovers' read-ahead goes
        it = now - it->second.last_step > kReadAheadFresh ? runs_.erase(it) : std::next(it);
    const std::string key = r.from_user_id + ">" + r.to_user_id + ":" + record_kind_name(kind);
    Run& run = runs_[key];
    // Read-ahead only continues the very cursor it returned (and only while fresh, above): a
    // resumed handover (another connector, or hours later) reads the portal again from the bookmark.
    if (run.cursor != cursor || cursor.empty()) {
        run = Run{};
        run.cursor = cursor;
        run.after_id = run.listed_to = bookmark->after_id;
        run.skip = bookmark->skip;
    }
    run.last_step = now;

    Result<HandoverBatch> done = run.list_first ? list_step(r, kind, run) : move_step(r, kind, run);
    if (!done || done->finished) runs_.erase(key);   // after a failure the portal is read again
    else run.cursor = done->cursor;
    return done;
}

namespace {

// The rows of a list that are the leaver's and still to move.
void take_rows(const std::vector<Row>& rows, const std::string& leaver, const std::set<long long>& skip,
               std::deque<long long>& pending, long long& listed_to) {
    for (const Row& row : rows) {
        if (row.id <= listed_to) continue;   // the portal ignored ">ID"
        listed_to = row.id;
        if (row.owner == leaver && !skip.count(row.id)) pending.push_back(row.id);
    }
}

} // namespace

// The first read of a run (with the colleague's check on the way), or a list again after one
// failed inside a batch. Moves nothing unless the page held records of the leaver.
Result<HandoverBatch> Bitrix24Handover::list_step(const Reassignment& r, RecordKind kind, Run& run) {
    const KindMethods m = methods_of(kind);
    std::vector<BatchCommand> commands{{"list", m.list, list_params(m, r.from_user_id, run.listed_to)}};
    if (!run.colleague_checked) commands.push_back({"colleague", "user.get", {{"FILTER", {{"ID", r.to_user_id}}}}});
    Result<BatchAnswers> answers = rest_.batch(commands);
    if (!answers) return answers.error();

    if (!run.colleague_checked) {
        if (auto e = answers->errors.find("colleague"); e != answers->errors.end()) return e->second;
        const nlohmann::json& found = answers->results["colleague"];
        if (!found.is_array() || found.empty() || !found.front().is_object() ||
            id_text(found.front().value("ID", nlohmann::json())) != r.to_user_id)
            return Error{ErrorCode::crm_user_not_found, "Bitrix24 has no user " + r.to_user_id + " to receive the records"};
        Result<CrmUser> colleague = read_user(found.front());
        if (!colleague) return colleague.error();
        if (!colleague->active) return Error{ErrorCode::crm_user_inactive, "user " + r.to_user_id + " is dismissed"};
        run.colleague_checked = true;
    }
    if (auto e = answers->errors.find("list"); e != answers->errors.end()) return e->second;
    Result<std::vector<Row>> rows = rows_of(answers->results["list"], m);
    if (!rows) return rows.error();
    take_rows(*rows, r.from_user_id, run.skip, run.pending, run.listed_to);
    run.list_first = false;

    if (!run.pending.empty()) return move_step(r, kind, run);
    HandoverBatch batch;
    // A page of other people's records (the portal ignored the filter): on to the next page.
    run.list_first = !rows->empty();
    batch.finished = rows->empty();
    batch.cursor = write_cursor(run.listed_to, run.skip);
    return batch;
}

// One batch: updates of records read ahead and, while it has room, the next page's list.
Result<HandoverBatch> Bitrix24Handover::move_step(const Reassignment& r, RecordKind kind, Run& run) {
    const KindMethods m = methods_of(kind);
    // With a long queue, 50 updates and no list, so the read-ahead stays within two pages.
    const bool with_list = (int)run.pending.size() < kMovesWithList + kBatchMaxCommands;
    const int moves = std::min<int>((int)run.pending.size(), with_list ? kMovesWithList : kBatchMaxCommands);
    std::vector<long long> ids(run.pending.begin(), run.pending.begin() + moves);
    std::vector<BatchCommand> commands;
    for (int i = 0; i < moves; ++i)
        commands.push_back({"m" + std::to_string(i), m.update, update_params(m, ids[i], r.to_user_id)});
    if (with_list) commands.push_back({"list", m.list, list_params(m, r.from_user_id, run.listed_to)});

    Result<BatchAnswers> answers = rest_.batch(commands);
    if (!answers) return answers.error();

    HandoverBatch batch;
    std::vector<long long> kept;   // refused for the rate or time limit: asked again next step
    for (int i = 0; i < moves; ++i) {
        const std::string key = "m" + std::to_string(i);
        if (auto e = answers->errors.find(key); e != answers->errors.end()) {
            if (is_limit(e->second)) kept.push_back(ids[i]);
            else if (e->second.code != ErrorCode::not_found) batch.refused.push_back(std::to_string(ids[i]));
            // Not found: deleted since it was listed; nobody's record any more.
        } else if (answers->results[key] == false) {
            batch.refused.push_back(std::to_string(ids[i]));
        } else {
            ++batch.moved;
        }
    }
    for (int i = 0; i < moves; ++i) run.pending.pop_front();
    run.pending.insert(run.pending.begin(), kept.begin(), kept.end());
    for (const std::string& id : batch.refused) run.skip.insert(std::stoll(id));

    bool listed_nothing_more = false;
    if (with_list) {
        if (answers->errors.count("list")) {
            run.list_first = true;   // read again alone next step; a lasting refusal is reported there
        } else {
            Result<std::vector<Row>> rows = rows_of(answers->results["list"], m);
            if (!rows) return rows.error();
            take_rows(*rows, r.from_user_id, run.skip, run.pending, run.listed_to);
            listed_nothing_more = rows->empty();
            if (run.pending.empty() && !rows->empty()) run.list_first = true;   // a page of others' records
        }
    }
    if (moves > 0 && (int)kept.size() == moves)
        return Error{ErrorCode::upstream_rate_limited, std::string(m.update) + ": the portal's limits refused every update"};

    run.after_id = run.pending.empty() ? run.listed_to : run.pending.front() - 1;
    for (auto it = run.skip.begin(); it != run.skip.end() && *it <= run.after_id;) it = run.skip.erase(it);
    batch.finished = run.pending.empty() && listed_nothing_more;
    batch.cursor = write_cursor(run.after_id, run.skip);
    return batch;
}

} // namespace gd
