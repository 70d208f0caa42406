// Handing a leaver's leads, contacts, companies and tasks to a colleague, and counting them first.
// amoCRM has no "reassign everything of user X" call (research §3.2): the records are listed and
// changed in batches of PATCH /api/v4/{leads|contacts|companies|tasks} [{id, responsible_user_id}]
// (https://www.amocrm.ru/developers/content/crm_platform/leads-api), at most 7 requests a second
// (AmoApi), at most 50 records a PATCH, fewer after a 504
// (https://www.amocrm.ru/developers/content/api/recommendations).
//
// Two ways to find the leaver's records:
// - "filter": the list with filter[responsible_user_id], ordered by id. A moved record drops out
//   of it, so the next page to read is the first, past the records amoCRM refused to move (kept
//   in the cursor as `stuck`; they are the list's first entries, all at or below `after_id`).
//   A record given to the leaver during the handover with an id below `after_id` is not seen.
// - "scan": the whole list ordered by id, page by page, where only records whose responsible user
//   is the leaver are moved. API filtering is a paid add-on; without it amoCRM ignores the filter
//   and answers with everyone's records (research §3.1, amocrm-api-php issues #71, #211). A filtered
//   page holding anybody else's record says so, and the handover goes on by scanning.
// Either way a record moves only when amoCRM says the leaver is responsible for it now, so a
// handover resumed from an older cursor (after a crash) never moves a record twice: the moved ones
// are no longer the leaver's.
#include "proxy/connectors/amocrm/amo_crm.h"

#include "proxy/connectors/amocrm/amo_answers.h"
#include "proxy/connectors/amocrm/amo_validation.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

namespace gd {

namespace {

constexpr int kListPage = 250;        // amoCRM's list limit
constexpr int kBatch = 50;            // records a PATCH: amoCRM recommends at most 50
constexpr int kMaxCountPages = 4000;  // a million records: stops a list that never ends

// Where a handover of one kind stands. On the wire (HandoverBatch::cursor) it is JSON:
//   {"mode":"filter","after_id":N,"stuck":K,"batch":B} or {"mode":"scan","after_id":N,"page":P,"batch":B}
// after_id: every record of the leaver with an id up to it was moved or refused; stuck: how many
// of those amoCRM refused (still the leaver's, first in a filtered list); page: the next page of
// the whole list; batch: the PATCH size, smaller after a 504.
struct HandoverCursor {
    bool scan = false;
    int64_t after_id = 0;
    int stuck = 0;
    int page = 1;
    int batch = kBatch;
};

std::string cursor_text(const HandoverCursor& c) {
    nlohmann::json j = {{"mode", c.scan ? "scan" : "filter"}, {"after_id", c.after_id}, {"batch", c.batch}};
    if (c.scan) j["page"] = c.page;
    else j["stuck"] = c.stuck;
    return j.dump();
}

Result<HandoverCursor> read_cursor(const std::string& text, bool scan_first) {
    HandoverCursor c;
    c.scan = scan_first;
    if (text.empty()) return c;
    const Error bad{ErrorCode::bad_request, "not a cursor of an amoCRM handover"};
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return bad;
    auto number = [&](const char* key, int64_t low, int64_t high, int64_t& out) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer()) return false;
        out = it->get<int64_t>();
        return out >= low && out <= high;
    };
    const std::string mode = j.value("mode", std::string());
    int64_t after = 0, batch = 0, page = 1, stuck = 0;
    if ((mode != "filter" && mode != "scan") || !number("after_id", 0, INT64_MAX, after) || !number("batch", 1, kBatch, batch))
        return bad;
    c.scan = mode == "scan";
    if (c.scan ? !number("page", 1, 10'000'000, page) : !number("stuck", 0, 10'000'000, stuck)) return bad;
    c.after_id = after;
    c.batch = (int)batch;
    c.page = (int)page;
    c.stuck = (int)stuck;
    return c;
}

// amoCRM's list and PATCH path for a kind; a deal is amoCRM's lead («Сделка»).
const char* kind_path(RecordKind kind) {
    switch (kind) {
    case RecordKind::contact: return "contacts";
    case RecordKind::company: return "companies";
    case RecordKind::task: return "tasks";
    case RecordKind::lead:
    case RecordKind::deal: return "leads";
    }
    return "leads";
}

std::string list_path(RecordKind kind, const std::string& responsible, int page, int limit) {
    std::string path = std::string("/api/v4/") + kind_path(kind) + "?limit=" + std::to_string(limit) +
                       "&page=" + std::to_string(page) + "&order%5Bid%5D=asc";
    if (!responsible.empty()) path += "&filter%5Bresponsible_user_id%5D=" + responsible;
    return path;
}

struct ListPage {
    std::vector<AmoOwnedRecord> records;
    bool more = false;   // _links.next
};

Result<ListPage> read_page(AmoApi& api, RecordKind kind, const std::string& responsible, int page,
                           int limit = kListPage) {
    const std::string op = std::string(responsible.empty() ? "scan_" : "list_") + kind_path(kind);
    Result<std::optional<nlohmann::json>> answer = api.get(list_path(kind, responsible, page, limit), op);
    if (!answer) return answer.error();
    ListPage out;
    if (!answer.value()) return out;   // 204: nothing (more)
    Result<std::vector<nlohmann::json>> list = embedded_list(*answer.value(), kind_path(kind), op);
    if (!list) return list.error();
    for (const nlohmann::json& item : list.value()) {
        Result<AmoOwnedRecord> record = read_owned_record(item, op);
        if (!record) return record.error();
        out.records.push_back(std::move(record.value()));
    }
    out.more = has_next_page(*answer.value()) && !out.records.empty();
    return out;
}

// Moves records of one kind to `to` with PATCH, splitting as amoCRM asks: a 504 halves the batch
// (and every later one), a 400 sends the items it names one by one and the rest together; an item
// refused on its own is reported. Every PATCH sets the same value, so sending an item again after
// a failed batch cannot move anything twice.
struct Mover {
    AmoApi& api;
    RecordKind kind;
    std::string to;
    int batch;
    int moved = 0;
    std::vector<std::string> refused;

    Result<Done> move(const std::vector<std::string>& ids) {
        for (size_t start = 0; start < ids.size();) {
            const size_t size = std::min(ids.size() - start, (size_t)batch);
            const int before = batch;
            Result<Done> sent = send({ids.begin() + start, ids.begin() + start + size});
            if (!sent) return sent;
            if (batch < before && size > (size_t)batch) continue;   // 504: the same records, smaller
            start += size;
        }
        return Done{};
    }

    // One PATCH of these ids; on 504 lowers `batch` and moves nothing (the caller resends).
    Result<Done> send(const std::vector<std::string>& ids) {
        const std::string op = std::string("move_") + kind_path(kind);
        nlohmann::json body = nlohmann::json::array();
        for (const std::string& id : ids) body.push_back({{"id", std::stoll(id)}, {"responsible_user_id", std::stoll(to)}});
        Result<UpstreamResponse> answer = api.patch(std::string("/api/v4/") + kind_path(kind), body, op);
        if (!answer) return answer.error();
        const UpstreamResponse& response = answer.value();
        if (amo_success(response)) {
            moved += (int)ids.size();
            return Done{};
        }
        if (response.status == 504 && ids.size() > 1) {
            batch = std::max(1, (int)ids.size() / 2);
            return Done{};
        }
        if (response.status != 400) return amo_error(response, op);
        const std::vector<AmoFieldComplaint> complaints = amo_field_complaints(response.body);
        if (ids.size() == 1) {
            if (complaints.empty()) return amo_error(response, op);   // not about the record: nothing to report
            refused.push_back(ids.front());
            return Done{};
        }
        // request_id is the item's position in the batch (error-codes); anything unreadable: one by one.
        std::set<size_t> named;
        for (const AmoFieldComplaint& c : complaints) {
            size_t at = 0;
            bool number = !c.request_id.empty() && c.request_id.size() < 6 &&
                          std::all_of(c.request_id.begin(), c.request_id.end(), ::isdigit);
            if (number) at = std::stoul(c.request_id);
            if (!number || at >= ids.size()) {
                named.clear();
                break;
            }
            named.insert(at);
        }
        std::vector<std::string> rest;
        for (size_t i = 0; i < ids.size(); ++i)
            if (named.empty() || named.count(i)) {
                Result<Done> alone = send({ids[i]});
                if (!alone) return alone;
            } else {
                rest.push_back(ids[i]);
            }
        return move(rest);
    }
};

} // namespace

// ---------------------------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------------------------
// amoCRM's lists carry no total: the user's records are listed and counted, by the filter, or
// by scanning every record where the filter is ignored.

Result<int> AmoCrm::count_records(const std::string& user_id, RecordKind kind) {
    if (!is_amo_id(user_id)) return Error{ErrorCode::crm_user_not_found, "not an amoCRM user id"};
    if (!filter_ignored_) {
        bool ignored = false;
        Result<int> counted = count_by_filter(user_id, kind, ignored);
        if (!counted || !ignored) return counted;
        filter_ignored_ = true;
    }
    return count_by_scan(user_id, kind);
}

Result<int> AmoCrm::count_by_filter(const std::string& user_id, RecordKind kind, bool& filter_ignored) {
    int count = 0;
    for (int page = 1; page <= kMaxCountPages; ++page) {
        Result<ListPage> list = read_page(api_, kind, user_id, page);
        if (!list) return list.error();
        for (const AmoOwnedRecord& record : list->records) {
            if (record.responsible_user_id != user_id) {
                filter_ignored = true;
                return 0;
            }
            ++count;
        }
        if (!list->more) break;
    }
    return count;
}

Result<int> AmoCrm::count_by_scan(const std::string& user_id, RecordKind kind) {
    int count = 0;
    for (int page = 1; page <= kMaxCountPages; ++page) {
        Result<ListPage> list = read_page(api_, kind, "", page);
        if (!list) return list.error();
        count += (int)std::count_if(list->records.begin(), list->records.end(),
                                    [&](const AmoOwnedRecord& r) { return r.responsible_user_id == user_id; });
        if (!list->more) break;
    }
    return count;
}

// ---------------------------------------------------------------------------------------------
// Reassigning: one batch a call (a list read and a PATCH), so a handover shows its progress
// ---------------------------------------------------------------------------------------------

Result<Done> AmoCrm::check_colleague(const Reassignment& r) {
    if (r.from_user_id == r.to_user_id)
        return Error{ErrorCode::bad_request, "the leaver's records cannot go to the leaver"};
    if (!is_amo_id(r.from_user_id)) return Error{ErrorCode::crm_user_not_found, "the leaver is not an amoCRM user id"};
    if (!is_amo_id(r.to_user_id)) return Error{ErrorCode::crm_user_not_found, "the colleague is not an amoCRM user id"};
    {
        std::lock_guard lock(admin_mutex_);
        if (colleagues_checked_.count(r.to_user_id)) return Done{};
    }
    Result<std::optional<CrmUser>> colleague = user_now(r.to_user_id);
    if (!colleague) return colleague.error();
    if (!colleague.value()) return Error{ErrorCode::crm_user_not_found, "amoCRM has no user " + r.to_user_id};
    if (!colleague.value()->active)
        return Error{ErrorCode::crm_user_inactive, "amoCRM user " + r.to_user_id + " is deactivated"};
    std::lock_guard lock(admin_mutex_);
    colleagues_checked_.insert(r.to_user_id);
    return Done{};
}

Result<HandoverBatch> AmoCrm::reassign(const Reassignment& r, RecordKind kind, const std::string& cursor_in) {
    Result<HandoverCursor> cursor = read_cursor(cursor_in, filter_ignored_);
    if (!cursor) return cursor.error();
    Result<Done> colleague = check_colleague(r);
    if (!colleague) return colleague.error();

    HandoverCursor next = cursor.value();
    // A call moves one batch at most: a filtered page is one batch long and starts at the first
    // record not handled yet (the refused ones come first); a scanned page is amoCRM's longest,
    // and a call that stops inside it keeps its place with after_id.
    const int limit = next.scan ? kListPage : next.batch;
    const int page = next.scan ? next.page : 1 + next.stuck / limit;
    Result<ListPage> list = read_page(api_, kind, next.scan ? "" : r.from_user_id, page, limit);
    if (!list) return list.error();

    HandoverBatch batch;
    if (!next.scan && std::any_of(list->records.begin(), list->records.end(), [&](const AmoOwnedRecord& record) {
            return record.responsible_user_id != r.from_user_id;
        })) {
        // The filter was ignored: scan the whole list from its start, past what was handled.
        filter_ignored_ = true;
        next = HandoverCursor{true, next.after_id, 0, 1, next.batch};
        batch.cursor = cursor_text(next);
        return batch;
    }

    std::vector<std::string> taken;
    int handled_before = 0;   // filtered: the page's records handled earlier (refused, still the leaver's)
    int64_t reached = next.after_id;
    bool whole_page = true;
    for (const AmoOwnedRecord& record : list->records) {
        if (record.number <= next.after_id) {
            ++handled_before;
            continue;
        }
        if (record.responsible_user_id == r.from_user_id) {
            if ((int)taken.size() == next.batch) {
                whole_page = false;
                break;
            }
            taken.push_back(record.id);
        }
        reached = std::max(reached, record.number);
    }

    Mover mover{api_, kind, r.to_user_id, next.batch, 0, {}};
    Result<Done> moved = mover.move(taken);
    if (!moved) return moved.error();

    next.after_id = reached;
    next.batch = mover.batch;
    if (next.scan && whole_page) next.page = page + 1;
    if (!next.scan) next.stuck = (page - 1) * limit + handled_before + (int)mover.refused.size();
    batch.moved = mover.moved;
    batch.refused = std::move(mover.refused);
    batch.finished = whole_page && !list->more;
    batch.cursor = cursor_text(next);
    return batch;
}

} // namespace gd
