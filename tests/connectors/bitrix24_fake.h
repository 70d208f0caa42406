#pragma once
// A Bitrix24 portal and its OAuth server on 127.0.0.1, answering as research/bitrix24.md
// documents: POST /rest/<method>.json with "auth" in the JSON body; 401 expired_token for a token
// it has expired, 401 invalid_token for one it never issued; GET /oauth/token/ with single-use
// refresh tokens (a second use is invalid_grant, and a refresh kills the old access token); 503
// QUERY_LIMIT_EXCEEDED for a burst; {"error":"","error_description":"Not found"} for a missing
// record; batch with per-command errors in result_error; placement.bind refusing a second bind of
// the same handler with ERROR_CORE "Handler already binded", and event.bind likewise; bizproc.robot.* and
// bizproc.activity.* registering an app's robots and actions by CODE (administrators only; a second
// add is ERROR_ACTIVITY_ALREADY_INSTALLED, an update merges FIELDS). Every request is recorded.
// CRM rights are per user, as the portal applies them to each user's token: a record hidden from a
// user answers their *.get with 400 "Access denied." (apidocs.bitrix24.com crm-deal-get.html) and
// is left out of their lists; the administrator sees everything.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace gd::test {

using nlohmann::json;

inline const char* kMemberId = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
inline const char* kClientId = "local.6650a1b2c3d4e5.12345678";
inline const char* kClientSecret = "client-secret-Zq9w8e7r6t5y";

class FakeBitrix24 {
public:
    FakeBitrix24() {
        server.Post(R"(/rest/([A-Za-z0-9_.]+)\.json)", [this](const httplib::Request& req, httplib::Response& res) {
            rest(req.matches[1].str(), req.body, res);
        });
        server.Get("/oauth/token/", [this](const httplib::Request& req, httplib::Response& res) { oauth(req, res); });
        port_ = server.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::yield();
    }
    ~FakeBitrix24() {
        server.stop();
        if (thread_.joinable()) thread_.join();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string domain() const { return "127.0.0.1:" + std::to_string(port_); }

    // --- What the portal holds -----------------------------------------------------------------

    void user(const std::string& id, const std::string& name, const std::string& last_name, bool admin = false,
              bool active = true) {
        std::lock_guard lock(mutex_);
        users_[std::stoi(id)] = {{"ID", id}, {"ACTIVE", active}, {"NAME", name}, {"LAST_NAME", last_name},
                                 {"EMAIL", name + "@portal.example"}, {"UF_DEPARTMENT", {1}}, {"USER_TYPE", "employee"}};
        if (admin) admins_.insert(id);
    }
    // An employee with the next free id; that id.
    std::string put_user(const std::string& name, const std::string& last_name, const std::string& email,
                         int department = 1, bool active = true, const std::string& type = "employee") {
        std::lock_guard lock(mutex_);
        return add_user_locked(name, last_name, email, department, active, type);
    }
    void department(const std::string& id, const std::string& name, const std::string& parent = "") {
        std::lock_guard lock(mutex_);
        departments_[std::stoi(id)] = {{"ID", id}, {"NAME", name}, {"SORT", 500}, {"PARENT", parent}};
    }
    // The plan's user limit: user.add answers user_count_exceeded at this many active employees.
    void user_limit(int active_employees) {
        std::lock_guard lock(mutex_);
        user_limit_ = active_employees;
    }

    // Records with a responsible user, for handovers: kind "lead", "deal", "contact", "company" or
    // "task". Ids rise across kinds, so a record's id never repeats.
    std::vector<std::string> put_records(const std::string& kind, const std::string& owner, int count) {
        std::lock_guard lock(mutex_);
        std::vector<std::string> ids;
        for (int i = 0; i < count; ++i) {
            long long id = ++last_record_id_;
            records_[kind][id].owner = owner;
            ids.push_back(std::to_string(id));
        }
        return ids;
    }
    std::string owner_of(const std::string& kind, const std::string& id) const {
        std::lock_guard lock(mutex_);
        return held(kind, id) ? held(kind, id)->owner : "";
    }
    int times_moved(const std::string& kind, const std::string& id) const {   // real changes of owner
        std::lock_guard lock(mutex_);
        return held(kind, id) ? held(kind, id)->moves : 0;
    }
    // Someone reassigns the record in the portal's own screens (not a move GroupDesk made).
    void give_to(const std::string& kind, const std::string& id, const std::string& owner) {
        std::lock_guard lock(mutex_);
        records_[kind][std::stoll(id)].owner = owner;
    }
    void refuse_moving(const std::string& kind, const std::string& id) {
        std::lock_guard lock(mutex_);
        records_[kind][std::stoll(id)].refuse = true;
    }
    // The portal lists this kind as if no owner filter had been sent (older portals, odd rights).
    void ignore_owner_filter(const std::string& kind) {
        std::lock_guard lock(mutex_);
        ignore_owner_.insert(kind);
    }
    // The next `commands` update commands answer OPERATION_TIME_LIMIT (the method's 10-minute time
    // budget is spent) instead of running.
    void time_limit_updates(int commands) { time_limited_updates_ = commands; }

    // The request rate as Bitrix24 counts it: each REST request fills the bucket by one, it drains
    // `drain` a second, and a request that would overflow `capacity` gets 503 QUERY_LIMIT_EXCEEDED.
    // `now_seconds`: the bucket's time (default the machine's steady clock; tests pass their
    // ManualClock, so the connector's sleeps drain it).
    void leaky_bucket(double capacity, double drain, std::function<double()> now_seconds = {}) {
        std::lock_guard lock(mutex_);
        bucket_capacity_ = capacity;
        bucket_drain_ = drain;
        bucket_now_ = now_seconds ? std::move(now_seconds) : [] { return steady_seconds(); };
        bucket_level_ = 0;
        bucket_at_ = bucket_now_();
    }
    // Another app on the same server spends `requests` of the shared limit at once.
    void neighbour_spends(double requests) {
        std::lock_guard lock(mutex_);
        drain_bucket();
        bucket_level_ += requests;
    }
    void contact(const std::string& id, const std::string& name, const std::string& last_name,
                 const std::vector<std::string>& phones) {
        std::lock_guard lock(mutex_);
        contacts_[id] = person(id, name, last_name, phones);
        contacts_[id]["ASSIGNED_BY_ID"] = "1";
    }
    void deal(const std::string& id, const std::string& title, const std::vector<int>& contact_ids,
              const std::string& created = "2026-11-01T10:00:00+03:00") {
        std::lock_guard lock(mutex_);
        deals_[id] = {{"ID", id}, {"TITLE", title}, {"ASSIGNED_BY_ID", "7"}, {"DATE_CREATE", created}, {"CONTACT_ID", nullptr}};
        links_["deal:" + id] = contact_ids;
    }
    void lead(const std::string& id, const std::string& title, const std::vector<int>& contact_ids,
              const std::string& name = "", const std::vector<std::string>& phones = {},
              const std::string& created = "2026-11-01T10:00:00+03:00") {
        std::lock_guard lock(mutex_);
        json record = person(id, name, "", phones);
        record["TITLE"] = title;
        record["ASSIGNED_BY_ID"] = "9";
        record["DATE_CREATE"] = created;
        leads_[id] = record;
        links_["lead:" + id] = contact_ids;
    }

    // The user's CRM rights do not let them read this record ("deal", "lead" or "contact").
    void hide_from(const std::string& user_id, const std::string& kind, const std::string& id) {
        std::lock_guard lock(mutex_);
        hidden_.insert({user_id, kind + ":" + id});
    }

    // An OAuth pair for a user, as the install or a frame would hand it out.
    std::pair<std::string, std::string> issue_pair(const std::string& user_id) {
        std::lock_guard lock(mutex_);
        return issue(user_id);
    }
    // The access token's hour is over: the portal answers expired_token from now on.
    void expire(const std::string& access_token) {
        std::lock_guard lock(mutex_);
        expired_.insert(access_token);
    }
    void forget_member_id(const std::string& member_id) { member_id_ = member_id; }   // a different portal
    // A workflow waiting on a robot under this event token (USE_SUBSCRIPTION=Y): bizproc.event.send
    // closes it once; a token nobody waits on (closed by its timeout, or already answered) is 403
    // ACCESS_DENIED (apidocs.bitrix24.com bizproc-event-send.html).
    void await_event(const std::string& event_token) {
        std::lock_guard lock(mutex_);
        waiting_events_.insert(event_token);
    }

    // --- How it misbehaves ---------------------------------------------------------------------

    void rate_limit_next(int requests) { limited_ = requests; }
    void answer_html_next(int requests, int status = 200) { html_ = requests, html_status_ = status; }
    void answer_broken_json_next() { broken_ = 1; }
    void deny(const std::string& method, const std::string& code = "ACCESS_DENIED", int status = 403,
              const std::string& description = "Access denied!") {
        std::lock_guard lock(mutex_);
        denied_[method] = {code, status};
        denial_text_[method] = description;
    }
    // Bitrix24 removes the app: its robots, actions, tabs and event handlers go with it.
    void remove_app() {
        std::lock_guard lock(mutex_);
        registered_.clear();
        bound_.clear();
        events_.clear();
    }
    // Text every refusal quotes back (portals and proxies echo requests in their errors).
    void echo_in_errors(const std::string& text) {
        std::lock_guard lock(mutex_);
        echo_ += " " + text;
    }
    // Called with the token of every REST request, before it is answered.
    std::function<void(const std::string& token)> on_rest_call;

    // --- What it saw ---------------------------------------------------------------------------

    std::vector<std::string> methods() const {   // REST methods called, in order ("batch" for a batch)
        std::lock_guard lock(mutex_);
        return methods_;
    }
    std::vector<json> bodies() const {
        std::lock_guard lock(mutex_);
        return bodies_;
    }
    std::vector<std::string> raw_bodies() const {   // each REST request's body exactly as it came
        std::lock_guard lock(mutex_);
        return raw_bodies_;
    }
    std::set<std::pair<std::string, std::string>> events_bound() const {   // (event, handler)
        std::lock_guard lock(mutex_);
        return events_;
    }
    // What the app registered, by CODE: kind "robot" or "activity" -> its fields as they stand.
    std::map<std::string, json> registered(const std::string& kind) const {
        std::lock_guard lock(mutex_);
        auto it = registered_.find(kind);
        return it == registered_.end() ? std::map<std::string, json>{} : it->second;
    }
    int calls_of(const std::string& method) const {
        std::lock_guard lock(mutex_);
        return (int)std::count(methods_.begin(), methods_.end(), method);
    }
    int refreshes() const { return refreshes_.load(); }          // refresh requests, refused ones included
    int rate_limited() const { return rate_limited_.load(); }    // 503 QUERY_LIMIT_EXCEEDED answers
    // When each REST request arrived, in seconds of the machine's steady clock.
    std::vector<double> arrivals() const {
        std::lock_guard lock(mutex_);
        return arrivals_;
    }
    // The commands of every batch, in order ("crm.deal.update?id=5&..."), for counting what it held.
    std::vector<std::vector<std::string>> batches() const {
        std::lock_guard lock(mutex_);
        return batches_;
    }
    bool active(const std::string& user_id) const {
        std::lock_guard lock(mutex_);
        auto it = users_.find(std::stoi(user_id));
        return it != users_.end() && it->second.value("ACTIVE", false);
    }
    std::vector<std::string> invited() const {   // e-mails user.add sent an invitation to
        std::lock_guard lock(mutex_);
        return invited_;
    }
    int requests() const { return requests_.load(); }            // every HTTP request
    std::set<std::pair<std::string, std::string>> bound() const {   // (placement, handler)
        std::lock_guard lock(mutex_);
        return bound_;
    }
    struct SentEvent {
        std::string event_token;
        json return_values;
        std::string log_message;
    };
    std::vector<SentEvent> events_sent() const {   // results bizproc.event.send accepted, in order
        std::lock_guard lock(mutex_);
        return events_sent_;
    }
    std::string user_of(const std::string& access_token) const {
        std::lock_guard lock(mutex_);
        auto it = access_.find(access_token);
        return it == access_.end() ? "" : it->second;
    }

    httplib::Server server;

private:
    struct Held {
        std::string owner;
        int moves = 0;
        bool refuse = false;
    };
    const Held* held(const std::string& kind, const std::string& id) const {
        auto table = records_.find(kind);
        if (table == records_.end()) return nullptr;
        auto it = table->second.find(std::stoll(id));
        return it == table->second.end() ? nullptr : &it->second;
    }
    std::string add_user_locked(const std::string& name, const std::string& last_name, const std::string& email,
                                int department, bool active, const std::string& type) {
        int id = users_.empty() ? 1 : users_.rbegin()->first + 1;
        users_[id] = {{"ID", std::to_string(id)}, {"ACTIVE", active}, {"NAME", name}, {"LAST_NAME", last_name},
                      {"EMAIL", email}, {"UF_DEPARTMENT", {department}}, {"USER_TYPE", type}};
        return std::to_string(id);
    }
    static double steady_seconds() {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }
    void drain_bucket() {   // locked
        if (bucket_capacity_ <= 0) return;
        double now = bucket_now_();
        bucket_level_ = std::max(0.0, bucket_level_ - (now - bucket_at_) * bucket_drain_);
        bucket_at_ = now;
    }
    bool bucket_admits() {   // locked
        if (bucket_capacity_ <= 0) return true;
        drain_bucket();
        if (bucket_level_ + 1 > bucket_capacity_ + 1e-9) return false;
        bucket_level_ += 1;
        return true;
    }
    static std::string lower(std::string s) {
        for (char& c : s) c = (char)std::tolower((unsigned char)c);
        return s;
    }
    static std::string text(const json& j) {   // a JSON body's value or a batch query's string
        if (j.is_string()) return j.get<std::string>();
        if (j.is_null()) return "";
        return j.dump();
    }
    static bool truthy(const json& j) {
        std::string t = lower(text(j));
        return t == "true" || t == "1" || t == "y";
    }
    static json filter_of(const json& params) {
        for (const char* key : {"FILTER", "filter"})
            if (params.contains(key) && params[key].is_object()) return params[key];
        return json::object();
    }
    static int start_of(const json& params) {
        for (const char* key : {"start", "START"})
            if (params.contains(key)) return std::stoi(text(params[key]));
        return 0;
    }
    // A list answer: one page of 50 from `start` with total and next; start=-1: the first 50, total 0.
    std::pair<int, json> page(const std::vector<json>& rows, int start, bool wrap_tasks = false) const {
        json out = json::array();
        const size_t from = start < 0 ? 0 : (size_t)start;
        for (size_t i = from; i < rows.size() && out.size() < 50; ++i) out.push_back(rows[i]);
        json answer = {{"result", wrap_tasks ? json{{"tasks", out}} : out},
                       {"total", start < 0 ? 0 : (int)rows.size()}, {"time", {{"start", 1}}}};
        if (start >= 0 && from + 50 < rows.size()) answer["next"] = from + 50;
        return {200, answer};
    }
    static std::string kind_of_method(const std::string& method) {   // "crm.deal.list" -> "deal"
        if (method.rfind("tasks.task.", 0) == 0) return "task";
        size_t a = method.find('.'), b = method.rfind('.');
        return method.substr(a + 1, b - a - 1);
    }
    // crm.*.list / tasks.task.list over the records table, in ID order.
    std::pair<int, json> list_records(const std::string& kind, const json& params) {
        const json filter = filter_of(params);
        const bool task = kind == "task";
        const char* owner_key = task ? "RESPONSIBLE_ID" : "ASSIGNED_BY_ID";
        std::string owner = filter.contains(owner_key) ? text(filter[owner_key]) : "";
        if (ignore_owner_.count(kind)) owner.clear();
        long long after = filter.contains(">ID") ? std::stoll(text(filter[">ID"])) : 0;
        int start = start_of(params);
        std::vector<json> rows;
        auto& table = records_[kind];
        for (auto it = table.upper_bound(after); it != table.end(); ++it) {
            if (!owner.empty() && it->second.owner != owner) continue;
            if (task) rows.push_back({{"id", std::to_string(it->first)}, {"responsibleId", it->second.owner}});
            else rows.push_back({{"ID", std::to_string(it->first)}, {"ASSIGNED_BY_ID", it->second.owner}});
            if (start < 0 && rows.size() == 50) break;   // no total asked: no need to look further
        }
        return page(rows, start, task);
    }
    // crm.*.update / tasks.task.update: a new responsible user.
    std::pair<int, json> update_record(const std::string& kind, const json& params) {
        const bool task = kind == "task";
        const std::string id = text(params.value(task ? "taskId" : "id", json()));
        const json fields = params.value("fields", json::object());
        const char* owner_key = task ? "RESPONSIBLE_ID" : "ASSIGNED_BY_ID";
        if (time_limited_updates_ > 0) {
            --time_limited_updates_;
            return {429, refusal("OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.")};
        }
        auto& table = records_[kind];
        auto it = id.empty() ? table.end() : table.find(std::stoll(id));
        if (it == table.end()) return task ? std::pair<int, json>{400, refusal("0", "Action on the task is not allowed")} : not_found();
        if (it->second.refuse) return {400, refusal("ERROR_CORE", "The record is locked by a running workflow")};
        if (fields.contains(owner_key)) {
            std::string to = text(fields[owner_key]);
            if (!users_.count(std::atoi(to.c_str()))) return {400, refusal("ERROR_CORE", "The user specified in the \"Assignee\" field is not found")};
            if (it->second.owner != to) {
                it->second.owner = to;
                ++it->second.moves;
            }
        }
        if (task) return ok({{"task", {{"id", id}, {"responsibleId", it->second.owner}}}});
        return ok(true);
    }

    static json person(const std::string& id, const std::string& name, const std::string& last_name,
                       const std::vector<std::string>& phones) {
        json fm = json::array();
        int n = 100;
        for (const std::string& p : phones)
            fm.push_back({{"ID", std::to_string(n++)}, {"VALUE_TYPE", "WORK"}, {"VALUE", p}, {"TYPE_ID", "PHONE"}});
        return {{"ID", id}, {"NAME", name}, {"LAST_NAME", last_name}, {"PHONE", fm}};
    }

    std::pair<std::string, std::string> issue(const std::string& user_id) {
        // Named after the server too: two fakes never hand out the same token.
        std::string n = std::to_string(port_) + "-" + std::to_string(++issued_);
        std::string access = "at-" + n + "-Kx7", refresh = "rt-" + n + "-Pw3";
        access_[access] = user_id;
        refresh_[refresh] = {user_id, access};
        return {access, refresh};
    }

    static void reply(httplib::Response& res, int status, const json& body) {
        res.status = status;
        res.set_content(body.dump(), "application/json");
    }
    json refusal(const std::string& code, const std::string& description) const {
        return {{"error", code}, {"error_description", description + echo_}};
    }

    // PHP reads "filter%5BID%5D%5B0%5D=5" as filter => [ID => [0 => 5]].
    static json php_params(const std::string& query) {
        httplib::Params flat;
        httplib::detail::parse_query_text(query, flat);
        json params = json::object();
        for (const auto& [key, value] : flat) {
            std::vector<std::string> path{key.substr(0, key.find('['))};
            for (size_t at = key.find('['); at != std::string::npos; at = key.find('[', at + 1))
                path.push_back(key.substr(at + 1, key.find(']', at) - at - 1));
            json* node = &params;
            for (size_t i = 0; i + 1 < path.size(); ++i) node = &(*node)[path[i]];
            (*node)[path.back()] = value;
        }
        return params;
    }
    static std::vector<std::string> values(const json& j) {
        std::vector<std::string> out;
        if (j.is_array() || j.is_object())
            for (const json& v : j) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
        else if (!j.is_null())
            out.push_back(j.is_string() ? j.get<std::string>() : j.dump());
        return out;
    }

    void rest(const std::string& method, const std::string& body_text, httplib::Response& res) {
        ++requests_;
        json body = json::parse(body_text, nullptr, false);
        std::string token = body.is_object() && body.contains("auth") && body["auth"].is_string() ? body["auth"].get<std::string>() : "";
        if (on_rest_call) on_rest_call(token);
        std::lock_guard lock(mutex_);
        methods_.push_back(method);
        bodies_.push_back(body);
        raw_bodies_.push_back(body_text);
        arrivals_.push_back(steady_seconds());
        if (limited_ > 0 || !bucket_admits()) {
            if (limited_ > 0) --limited_;
            ++rate_limited_;
            return reply(res, 503, {{"error", "QUERY_LIMIT_EXCEEDED"}, {"error_description", "Too many requests"}});
        }
        if (html_ > 0) {
            --html_;
            res.status = html_status_;
            res.set_content("<html><body><h1>Bad Gateway</h1></body></html>", "text/html");
            return;
        }
        if (broken_ > 0) {
            --broken_;
            res.set_content(R"({"result": [{"ID": "1", )", "application/json");
            return;
        }
        if (expired_.count(token))
            return reply(res, 401, refusal("expired_token", "The access token provided has expired."));
        auto owner = access_.find(token);
        if (owner == access_.end())
            return reply(res, 401, refusal("invalid_token", "The access token provided is invalid: " + token));
        const std::string& user_id = owner->second;

        if (method == "batch") {
            json results = json::object(), errors = json::object(), totals = json::object(), nexts = json::object();
            const json commands = body.value("cmd", json::object());
            if (commands.size() > 50)
                return reply(res, 400, refusal("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded"));
            std::vector<std::string> texts;
            for (auto& [key, command] : commands.items()) {
                std::string text = command.get<std::string>();
                texts.push_back(text);
                size_t q = text.find('?');
                auto [status, answer] = dispatch(text.substr(0, q), q == std::string::npos ? json::object() : php_params(text.substr(q + 1)), user_id);
                if (answer.contains("error")) errors[key] = answer;
                else results[key] = answer["result"];
                if (answer.contains("total")) totals[key] = answer["total"];
                if (answer.contains("next")) nexts[key] = answer["next"];
            }
            batches_.push_back(texts);
            // PHP writes an empty map as [].
            auto php = [](const json& m) { return m.empty() ? json::array() : m; };
            return reply(res, 200, {{"result", {{"result", php(results)}, {"result_error", php(errors)},
                                                {"result_total", php(totals)}, {"result_next", php(nexts)}}},
                                    {"time", {{"start", 1}}}});
        }
        json params = body;
        params.erase("auth");
        auto [status, answer] = dispatch(method, params, user_id);
        reply(res, status, answer);
    }

    std::pair<int, json> ok(const json& result) const { return {200, {{"result", result}, {"time", {{"start", 1}}}}}; }
    std::pair<int, json> not_found() const { return {400, refusal("", "Not found")}; }
    std::pair<int, json> access_denied() const { return {400, refusal("", "Access denied.")}; }

    static bool contains(const std::string& title, const std::string& text) { return title.find(text) != std::string::npos; }

    std::pair<int, json> dispatch(const std::string& method, const json& params, const std::string& user_id) {
        if (auto d = denied_.find(method); d != denied_.end())
            return {d->second.second, refusal(d->second.first, denial_text_[method])};
        std::string id = params.contains("id") ? values(params["id"]).front() : "";
        auto may_read = [&](const std::string& kind, const std::string& record_id) {
            return !hidden_.count({user_id, kind + ":" + record_id});
        };
        auto get = [&](const std::map<std::string, json>& table, const std::string& kind) {
            if (!may_read(kind, id)) return access_denied();
            auto it = table.find(id);
            return it == table.end() ? not_found() : ok(it->second);
        };
        if (method == "crm.deal.get") return get(deals_, "deal");
        if (method == "crm.lead.get") return get(leads_, "lead");
        if (method == "crm.contact.get") return get(contacts_, "contact");
        if (method == "bizproc.event.send") {
            const std::string event_token = params.value("EVENT_TOKEN", "");
            if (!waiting_events_.erase(event_token)) return {403, refusal("ACCESS_DENIED", "Access denied!")};
            events_sent_.push_back({event_token, params.value("RETURN_VALUES", json::object()), params.value("LOG_MESSAGE", "")});
            return ok(true);
        }
        // Handover records: listed by their responsible user, moved one by one.
        if ((method.rfind("crm.", 0) == 0 && method.size() > 5 && method.substr(method.size() - 5) == ".list" &&
             (filter_of(params).contains("ASSIGNED_BY_ID") || method == "crm.company.list")) ||
            method == "tasks.task.list")
            return list_records(kind_of_method(method), params);
        if (method == "crm.lead.update" || method == "crm.deal.update" || method == "crm.contact.update" ||
            method == "crm.company.update" || method == "tasks.task.update")
            return update_record(kind_of_method(method), params);
        if (method == "crm.deal.contact.items.get" || method == "crm.lead.contact.items.get") {
            std::string kind = method == "crm.deal.contact.items.get" ? "deal:" : "lead:";
            if (!may_read(kind.substr(0, kind.size() - 1), id)) return access_denied();
            auto it = links_.find(kind + id);
            if (it == links_.end()) return {400, refusal("", "Not found.")};
            json items = json::array();
            int sort = 10;
            for (int c : it->second)
                items.push_back({{"CONTACT_ID", c}, {"SORT", sort}, {"ROLE_ID", 0}, {"IS_PRIMARY", sort == 10 ? "Y" : "N"}});
            return ok(items);
        }
        if (method == "crm.contact.list") {
            std::vector<std::string> ids = values(params.value("filter", json::object()).value("ID", json()));
            std::vector<std::string> select = values(params.value("select", json()));
            bool with_phones = std::find(select.begin(), select.end(), "PHONE") != select.end();
            json rows = json::array();
            for (auto& [cid, record] : contacts_) {
                if (!ids.empty() && std::find(ids.begin(), ids.end(), cid) == ids.end()) continue;
                if (!may_read("contact", cid)) continue;
                json row = record;
                if (!with_phones) row.erase("PHONE");   // "*" leaves multifields out (§3)
                rows.push_back(row);
            }
            return ok(rows);
        }
        if (method == "crm.deal.list" || method == "crm.lead.list") {
            const auto& table = method == "crm.deal.list" ? deals_ : leads_;
            const std::string kind = method == "crm.deal.list" ? "deal" : "lead";
            std::string text = params.value("filter", json::object()).value("%TITLE", "");
            std::vector<json> rows;
            for (auto& [rid, record] : table)
                if (contains(record["TITLE"].get<std::string>(), text) && may_read(kind, rid))
                    rows.push_back({{"ID", rid}, {"TITLE", record["TITLE"]}, {"ASSIGNED_BY_ID", record["ASSIGNED_BY_ID"]},
                                    {"DATE_CREATE", record["DATE_CREATE"]}});
            std::sort(rows.begin(), rows.end(), [](const json& a, const json& b) { return a["DATE_CREATE"] > b["DATE_CREATE"]; });
            if (rows.size() > 50) rows.resize(50);
            return ok(rows);
        }
        if (method == "user.get") {
            const json filter = filter_of(params);
            std::vector<json> rows;
            for (auto& [uid, record] : users_) {
                if (filter.contains("ID") && text(filter["ID"]) != record["ID"].get<std::string>()) continue;
                if (filter.contains("ACTIVE") && truthy(filter["ACTIVE"]) && !record["ACTIVE"].get<bool>()) continue;
                if (filter.contains("USER_TYPE") && text(filter["USER_TYPE"]) != record.value("USER_TYPE", "")) continue;
                rows.push_back(record);
            }
            return page(rows, start_of(params));
        }
        if (method == "department.get") {
            std::vector<json> rows;
            for (auto& [did, record] : departments_) rows.push_back(record);
            return page(rows, start_of(params));
        }
        if (method == "user.add") {
            // ERROR_CORE access_denied for anyone who may not invite (here: not an administrator).
            if (!admins_.count(user_id)) return {400, refusal("ERROR_CORE", "access_denied")};
            const std::string email = text(params.value("EMAIL", json()));
            if (email.find('@') == std::string::npos || email.find(' ') != std::string::npos)
                return {400, refusal("ERROR_ARGUMENT", "wrong_email")};
            for (auto& [uid, record] : users_)
                if (lower(record.value("EMAIL", "")) == lower(email))
                    return {400, refusal("ERROR_ARGUMENT", "User with this email already exists")};
            const json departments = params.value("UF_DEPARTMENT", json());
            if (values(departments).empty()) return {400, refusal("ERROR_ARGUMENT", "no_extranet_field")};
            int department = std::stoi(values(departments).front());
            if (!departments_.count(department)) return {400, refusal("ERROR_NO_GROUP", "Group specified incorrectly")};
            if (user_limit_ > 0) {
                int active = 0;
                for (auto& [uid, record] : users_)
                    if (record["ACTIVE"].get<bool>() && record.value("USER_TYPE", "") == "employee") ++active;
                if (active >= user_limit_) return {400, refusal("ERROR_ARGUMENT", "user_count_exceeded")};
            }
            std::string id = add_user_locked(text(params.value("NAME", json())), text(params.value("LAST_NAME", json())),
                                             email, department, true, "employee");
            invited_.push_back(email);
            return ok(std::stoi(id));
        }
        if (method == "user.update") {
            const std::string id = text(params.value("ID", json()));
            auto it = id.empty() ? users_.end() : users_.find(std::stoi(id));
            // access_denied both for missing rights and for an ID that is not there.
            if (!admins_.count(user_id) || it == users_.end()) return {400, refusal("ERROR_CORE", "access_denied")};
            if (params.contains("ACTIVE")) it->second["ACTIVE"] = truthy(params["ACTIVE"]);
            return ok(true);
        }
        if (method == "user.current") return ok(users_.at(std::stoi(user_id)));
        if (method == "user.admin") return ok(admins_.count(user_id) > 0);
        if (method == "placement.bind") {
            if (!admins_.count(user_id)) return {403, refusal("ACCESS_DENIED", "Access denied!")};
            std::pair<std::string, std::string> binding{params.value("PLACEMENT", ""), params.value("HANDLER", "")};
            if (bound_.count(binding))
                return {400, refusal("ERROR_CORE", "Unable to set placement handler: Handler already binded")};
            bound_.insert(binding);
            return ok(true);
        }
        if (method == "event.bind") {
            if (!admins_.count(user_id)) return {403, refusal("ACCESS_DENIED", "Access denied!")};
            std::pair<std::string, std::string> binding{params.value("event", ""), params.value("handler", "")};
            if (events_.count(binding)) return {400, refusal("ERROR_CORE", "Handler already binded")};
            events_.insert(binding);
            return ok(true);
        }
        if (method.rfind("bizproc.robot.", 0) == 0 || method.rfind("bizproc.activity.", 0) == 0) {
            // apidocs.bitrix24.com bizproc-robot-add.html / -update.html: administrators only, by CODE.
            if (!admins_.count(user_id)) return {403, refusal("ACCESS_DENIED", "Access denied!")};
            const std::string kind = method.rfind("bizproc.robot.", 0) == 0 ? "robot" : "activity";
            const std::string verb = method.substr(method.rfind('.') + 1);
            const std::string code = params.value("CODE", "");
            if (code.empty()) return {400, refusal("ERROR_ACTIVITY_VALIDATION_FAILURE", "Empty activity code!")};
            auto& codes = registered_[kind];
            if (verb == "add") {
                if (codes.count(code)) return {400, refusal("ERROR_ACTIVITY_ALREADY_INSTALLED", "Activity or Robot already installed!")};
                if (!params.contains("NAME")) return {400, refusal("ERROR_ACTIVITY_VALIDATION_FAILURE", "Empty activity NAME!")};
                json fields = params;
                fields.erase("CODE");
                codes[code] = fields;
                return ok(true);
            }
            if (verb == "update") {
                if (!codes.count(code)) return {400, refusal("ERROR_ACTIVITY_NOT_FOUND", "Activity or Robot not found!")};
                const json fields = params.value("FIELDS", json::object());
                for (auto& [key, value] : fields.items()) codes[code][key] = value;
                return ok(true);
            }
        }
        return {400, refusal("ERROR_METHOD_NOT_FOUND", "Method not found!")};
    }

    void oauth(const httplib::Request& req, httplib::Response& res) {
        ++requests_;
        ++refreshes_;
        // A real round trip takes a while: long enough for racing callers to pile up.
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        std::lock_guard lock(mutex_);
        if (req.get_param_value("grant_type") != "refresh_token")
            return reply(res, 400, refusal("invalid_request", "unsupported grant_type"));
        if (req.get_param_value("client_id") != kClientId || req.get_param_value("client_secret") != kClientSecret)
            return reply(res, 401, refusal("invalid_client", "Wrong client: " + req.get_param_value("client_secret")));
        std::string refresh = req.get_param_value("refresh_token");
        auto it = refresh_.find(refresh);
        if (it == refresh_.end() || used_.count(refresh))
            return reply(res, 400, refusal("invalid_grant", "Invalid refresh token " + refresh));
        used_.insert(refresh);
        access_.erase(it->second.second);   // the old pair dies with the refresh (§5.3)
        auto [access, next] = issue(it->second.first);
        reply(res, 200, {{"access_token", access}, {"refresh_token", next}, {"expires", 1795428000}, {"expires_in", 3600},
                         {"client_endpoint", url() + "/rest/"}, {"server_endpoint", "https://oauth.bitrix.info/rest/"},
                         {"domain", "oauth.bitrix.info"}, {"member_id", member_id_}, {"scope", "crm,placement,user"},
                         {"status", "L"}, {"user_id", std::stoi(it->second.first)}});
    }

    mutable std::mutex mutex_;
    std::thread thread_;
    int port_ = 0;
    std::string member_id_ = kMemberId;
    std::map<int, json> users_, departments_;
    std::set<std::string> admins_;
    int user_limit_ = 0;
    std::map<std::string, std::map<long long, Held>> records_;                  // kind -> id -> record
    long long last_record_id_ = 1000;
    std::set<std::string> ignore_owner_;
    std::atomic<int> time_limited_updates_{0}, rate_limited_{0};
    double bucket_capacity_ = 0, bucket_drain_ = 0, bucket_level_ = 0, bucket_at_ = 0;
    std::function<double()> bucket_now_;
    std::vector<double> arrivals_;
    std::vector<std::vector<std::string>> batches_;
    std::vector<std::string> invited_;
    std::map<std::string, json> contacts_, deals_, leads_;
    std::map<std::string, std::vector<int>> links_;
    std::map<std::string, std::string> access_;                                // token -> user id
    std::map<std::string, std::pair<std::string, std::string>> refresh_;       // token -> (user id, its access token)
    std::set<std::string> used_, expired_, waiting_events_;
    std::vector<SentEvent> events_sent_;
    std::set<std::pair<std::string, std::string>> bound_, events_;
    std::map<std::string, std::map<std::string, json>> registered_;             // kind -> CODE -> fields
    std::map<std::string, std::string> denial_text_;
    std::map<std::string, std::pair<std::string, int>> denied_;
    std::set<std::pair<std::string, std::string>> hidden_;                      // (user id, "deal:8061")
    std::string echo_;
    int issued_ = 0;
    std::atomic<int> limited_{0}, html_{0}, html_status_{200}, broken_{0}, refreshes_{0}, requests_{0};
    std::vector<std::string> methods_;
    std::vector<json> bodies_;
    std::vector<std::string> raw_bodies_;
};

} // namespace gd::test
