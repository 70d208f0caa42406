#pragma once
// A whole amoCRM account behind FakeAmo, answering as amoCRM's documentation says:
// - GET /api/v4/account (current_user_id; with=users_groups), GET /api/v4/users[/{id}] (with
//   role,group; paged, limit <= 250), GET /api/v4/roles; 204 for an empty list or an unknown id
//   (https://www.amocrm.ru/developers/content/crm_platform/users-api, .../account-info).
// - POST /api/v4/users: at most 10 users a call, refused once the account has over 100 users;
//   400 validation-errors with field paths for a bad name, e-mail, password, rights, group or
//   role; an e-mail already a user here, or an account elsewhere (warned once, then added as that
//   account: its own name, the sent password ignored, as https://www.amocrm.ru/support/kb/create_free_users
//   describes an invited existing login); 201 with request_id echoed.
// - POST /api/v4/users/deactivate [{"id"}]: at most 10, administrators refused, 204; or refused
//   outright as below the Enterprise plan.
// - GET /api/v4/{leads|contacts|companies|tasks}: page, limit <= 250, order by id,
//   filter[responsible_user_id] (or ignored, as on accounts without API filtering), 204 when empty.
// - PATCH of the same: arrays of {id, responsible_user_id}, at most 250; a 504 above a size; a
//   record it will not move (400 validation-errors for that item's request_id, nothing applied).
// Every change of a record's responsible user is counted per record.
#include "proxy/connectors/amocrm/amo_crm.h"
#include "tests/connectors/amocrm_fake.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gd::amo_test {

struct FakeAmoUser {
    int64_t id = 0;
    std::string name;
    std::string email;
    std::string password;
    bool is_admin = false;
    bool is_active = true;
    bool is_free = false;
    int64_t group_id = 0;   // 0: the main group «Отдел продаж»
    int64_t role_id = 0;    // 0: none
};

struct FakeAmoRecord {
    int64_t responsible = 0;
    int moves = 0;          // times a PATCH changed the responsible user
    bool locked = false;    // every PATCH naming it is refused
};

class FakeAmoAccount {
public:
    static constexpr int64_t kIntegrationUser = 504141;
    static constexpr int64_t kSalesGroup = 0;
    static constexpr int64_t kManagersGroup = 31;
    static constexpr int64_t kManagerRole = 7;

    explicit FakeAmoAccount(FakeAmo& fake) : fake_(fake) {
        users_[kIntegrationUser] = {kIntegrationUser, "Админ Интеграции", "admin@acme.example", "", true};
        routes();
    }

    // ---- what the account holds
    int64_t add_user(const std::string& name, const std::string& email, bool admin = false, bool active = true) {
        std::lock_guard lock(mutex_);
        int64_t id = next_user_++;
        users_[id] = {id, name, email, "Pass-" + std::to_string(id), admin, active};
        return id;
    }
    // Fills the account with plain managers up to `count` users.
    void fill_users(int count) {
        for (int i = (int)user_count(); i < count; ++i)
            add_user("Менеджер " + std::to_string(i), "manager" + std::to_string(i) + "@acme.example");
    }
    size_t user_count() const {
        std::lock_guard lock(mutex_);
        return users_.size();
    }
    std::optional<FakeAmoUser> user(int64_t id) const {
        std::lock_guard lock(mutex_);
        auto it = users_.find(id);
        return it == users_.end() ? std::nullopt : std::optional<FakeAmoUser>(it->second);
    }
    std::optional<FakeAmoUser> user_with_email(const std::string& email) const {
        std::lock_guard lock(mutex_);
        for (const auto& [id, u] : users_)
            if (u.email == email) return u;
        return std::nullopt;
    }
    // This e-mail is a login in another amoCRM account, under this name.
    void registered_elsewhere(const std::string& email, const std::string& name) {
        std::lock_guard lock(mutex_);
        elsewhere_[email] = name;
    }
    // `kind` is the API's word: "leads", "contacts", "companies", "tasks".
    std::vector<int64_t> add_records(const std::string& kind, int64_t responsible, int count) {
        std::lock_guard lock(mutex_);
        std::vector<int64_t> ids;
        for (int i = 0; i < count; ++i) {
            int64_t id = next_record_++;
            records_[kind][id] = {responsible};
            ids.push_back(id);
        }
        return ids;
    }
    FakeAmoRecord record(const std::string& kind, int64_t id) const {
        std::lock_guard lock(mutex_);
        auto k = records_.find(kind);
        if (k == records_.end() || !k->second.count(id)) return {};
        return k->second.at(id);
    }
    void lock_record(const std::string& kind, int64_t id) {
        std::lock_guard lock(mutex_);
        records_[kind][id].locked = true;
    }

    // ---- how it behaves
    std::atomic<bool> ignore_responsible_filter{false};   // no API filtering: lists come back unfiltered
    std::atomic<size_t> patch_504_above{0};    // a PATCH of more records than this times out (504); 0: never
    std::atomic<bool> deactivate_below_plan{false};   // the plan has no deactivation through the API (403)

    // ---- what it was asked
    std::vector<size_t> users_per_add() const {
        std::lock_guard lock(mutex_);
        return users_per_add_;
    }
    std::vector<size_t> records_per_patch() const {
        std::lock_guard lock(mutex_);
        return records_per_patch_;
    }

private:
    static Reply json_reply(int status, const nlohmann::json& body) { return {status, body.dump()}; }

    static Reply validation(const nlohmann::json& errors) {
        nlohmann::json body = {{"validation-errors", errors}, {"title", "Bad Request"},
                               {"type", "https://httpstatus.es/400"}, {"status", 400},
                               {"detail", "Request validation failed"}};
        return {400, body.dump(), "application/problem+json"};
    }

    static void send(httplib::Response& res, const Reply& r) {
        res.status = r.status;
        if (!r.body.empty()) res.set_content(r.body, r.content_type);
    }

    static int number_param(const httplib::Request& req, const char* key, int otherwise) {
        if (!req.has_param(key)) return otherwise;
        try {
            return std::stoi(req.get_param_value(key));
        } catch (...) {
            return -1;
        }
    }

    static nlohmann::json links(const std::string& path, int page, bool more) {
        nlohmann::json l = {{"self", {{"href", "https://acme.amocrm.ru" + path + "?page=" + std::to_string(page)}}}};
        if (more) l["next"] = {{"href", "https://acme.amocrm.ru" + path + "?page=" + std::to_string(page + 1)}};
        return l;
    }

    nlohmann::json group_json(int64_t id) const {
        for (const auto& [gid, name] : groups_)
            if (gid == id) return {{"id", gid}, {"name", name}};
        return nullptr;
    }

    nlohmann::json user_json(const FakeAmoUser& u, bool with_role, bool with_group) const {
        auto entity = [](const char* view) {
            return nlohmann::json{{"view", view}, {"edit", view}, {"add", "A"}, {"delete", "D"}, {"export", "D"}};
        };
        nlohmann::json j = {
            {"id", u.id},
            {"name", u.name},
            {"email", u.email},
            {"lang", "ru"},
            {"rights",
             {{"leads", entity("A")}, {"contacts", entity("A")}, {"companies", entity("A")},
              {"tasks", {{"edit", "A"}, {"delete", "A"}}}, {"mail_access", false}, {"catalog_access", false},
              {"catalog_rights", {{{"catalog_id", "add"}}}},   // undocumented and odd, as seen in the wild
              {"status_rights", nullptr}, {"is_admin", u.is_admin}, {"is_free", u.is_free}, {"is_active", u.is_active},
              {"group_id", u.group_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(u.group_id)},
              {"role_id", u.role_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(u.role_id)}}},
            {"_links", {{"self", {{"href", "https://acme.amocrm.ru/api/v4/users/" + std::to_string(u.id)}}}}}};
        nlohmann::json embedded = nlohmann::json::object();
        if (with_role)
            embedded["roles"] = u.role_id == 0 ? nlohmann::json::array()
                                               : nlohmann::json::array({{{"id", u.role_id}, {"name", roles_.at(u.role_id)}}});
        if (with_group) embedded["groups"] = nlohmann::json::array({group_json(u.group_id)});
        if (!embedded.empty()) j["_embedded"] = embedded;
        return j;
    }

    static bool has_with(const httplib::Request& req, const std::string& what) {
        std::string with = req.has_param("with") ? req.get_param_value("with") : "";
        size_t at = with.find(what);
        return at != std::string::npos;
    }

    void routes() {
        httplib::Server& s = fake_.server;
        s.Get("/api/v4/account", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            nlohmann::json j = {{"id", std::stoll(kAccountId)}, {"name", "Acme"}, {"subdomain", "acme"},
                                {"current_user_id", kIntegrationUser}, {"country", "RU"}, {"is_technical_account", false}};
            if (has_with(req, "users_groups")) {
                nlohmann::json groups = nlohmann::json::array();
                for (const auto& [id, name] : groups_) groups.push_back({{"id", id}, {"name", name}, {"uuid", nullptr}});
                j["_embedded"] = {{"users_groups", groups}};
            }
            send(res, json_reply(200, j));
        });
        s.Get(R"(/api/v4/users/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            auto it = users_.find(std::stoll(req.matches[1]));
            if (it == users_.end()) return send(res, {204, ""});
            send(res, json_reply(200, user_json(it->second, has_with(req, "role"), has_with(req, "group"))));
        });
        s.Get("/api/v4/users", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            const int page = number_param(req, "page", 1), limit = number_param(req, "limit", 50);
            if (page < 1 || limit < 1 || limit > 250) return send(res, problem(400, "Bad Request", "limit"));
            nlohmann::json list = nlohmann::json::array();
            int index = 0;
            for (const auto& [id, u] : users_)
                if (index++ / limit == page - 1) list.push_back(user_json(u, has_with(req, "role"), has_with(req, "group")));
            if (list.empty()) return send(res, {204, ""});
            bool more = (int)users_.size() > page * limit;
            send(res, json_reply(200, {{"_total_items", users_.size()}, {"_page", page},
                                       {"_links", links("/api/v4/users", page, more)}, {"_embedded", {{"users", list}}}}));
        });
        s.Get("/api/v4/roles", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            if (number_param(req, "page", 1) != 1) return send(res, {204, ""});
            nlohmann::json list = nlohmann::json::array();
            for (const auto& [id, name] : roles_) list.push_back({{"id", id}, {"name", name}, {"rights", nlohmann::json::object()}});
            send(res, json_reply(200, {{"_page", 1}, {"_links", links("/api/v4/roles", 1, false)}, {"_embedded", {{"roles", list}}}}));
        });
        s.Post("/api/v4/users/deactivate", [this](const httplib::Request& req, httplib::Response& res) {
            fake_.set_body(req);
            send(res, deactivate(req.body));
        });
        s.Post("/api/v4/users", [this](const httplib::Request& req, httplib::Response& res) {
            fake_.set_body(req);
            send(res, add_users(req.body));
        });
        const std::string kinds = "(leads|contacts|companies|tasks)";
        s.Get("/api/v4/" + kinds, [this](const httplib::Request& req, httplib::Response& res) {
            send(res, list_records(req.matches[1], req));
        });
        s.Patch("/api/v4/" + kinds, [this](const httplib::Request& req, httplib::Response& res) {
            fake_.set_body(req);
            send(res, patch_records(req.matches[1], req.body));
        });
    }

    // ---- POST /api/v4/users
    static bool name_ok(const std::string& name) {
        size_t letters = 0;
        for (unsigned char c : name) {
            if ((c & 0xC0) != 0x80) ++letters;
            bool ok = std::isalnum(c) || c >= 0x80 || c == ' ' || c == '.' || c == '@' || c == '-' || c == '_';
            if (!ok) return false;
        }
        return letters > 0 && letters <= 50 && name.find_first_not_of(' ') != std::string::npos &&
               name.find("http") == std::string::npos;
    }
    static bool password_ok(const std::string& p) {
        bool digit = false, lower = false, upper = false;
        for (unsigned char c : p) digit |= std::isdigit(c) != 0, lower |= std::islower(c) != 0, upper |= std::isupper(c) != 0;
        return p.size() >= 6 && digit && lower && upper;
    }

    Reply add_users(const std::string& body) {
        std::lock_guard lock(mutex_);
        nlohmann::json items = nlohmann::json::parse(body, nullptr, false);
        if (!items.is_array() || items.empty()) return problem(400, "Bad Request", "Request body must be a non-empty array");
        users_per_add_.push_back(items.size());
        if (items.size() > 10) return problem(400, "Bad Request", "Maximum 10 users per request");
        if (users_.size() > 100)
            return problem(403, "Forbidden", "Adding users through the API is not available for accounts with more than 100 users");
        nlohmann::json refused = nlohmann::json::array();
        std::vector<FakeAmoUser> made;
        std::set<std::string> warned_now;
        for (size_t i = 0; i < items.size(); ++i) {
            const nlohmann::json& item = items[i];
            const std::string request_id = item.value("request_id", std::to_string(i));
            nlohmann::json errors = nlohmann::json::array();
            auto complain = [&](const char* path, const char* code, const std::string& detail) {
                errors.push_back({{"code", code}, {"path", path}, {"detail", detail}});
            };
            const std::string name = item.value("name", std::string()), email = item.value("email", std::string()),
                              password = item.value("password", std::string());
            if (!name_ok(name)) complain("name", "InvalidName", "Имя: до 50 знаков, из спецсимволов только . @ - _");
            if (email.find('@') == std::string::npos) complain("email", "InvalidEmail", "This value is not a valid email address.");
            else if (std::any_of(users_.begin(), users_.end(), [&](const auto& u) { return u.second.email == email; }))
                complain("email", "NotUnique", "Пользователь с таким email уже есть в аккаунте");
            else if (elsewhere_.count(email) && !warned_.count(email)) {
                complain("email", "EmailAlreadyRegistered", "Пользователь с таким email уже зарегистрирован в amoCRM");
                warned_now.insert(email);
            }
            // A careless server may echo what it refused: the connector must not pass it on.
            if (!password_ok(password)) complain("password", "InvalidPassword", "Пароль «" + password + "» слишком простой");
            const nlohmann::json rights = item.value("rights", nlohmann::json::object());
            const int64_t role = rights.value("role_id", (int64_t)0), group = rights.value("group_id", (int64_t)0);
            if (role != 0 && !roles_.count(role)) complain("rights.role_id", "NotSupportedChoice", "Unknown role");
            if (group_json(group).is_null()) complain("rights.group_id", "NotSupportedChoice", "Unknown group");
            if (role == 0 && !rights.value("is_free", false))
                for (const char* entity : {"leads", "contacts", "companies", "tasks"})
                    if (!rights.contains(entity)) {
                        complain("rights", "NotBlank", std::string("rights.") + entity + " is required");
                        break;
                    }
            if (!errors.empty()) {
                refused.push_back({{"request_id", request_id}, {"errors", errors}});
                continue;
            }
            FakeAmoUser u{0, name, email, password, false, true, false, group, role};
            if (elsewhere_.count(email)) {
                u.name = elsewhere_.at(email);   // the existing login keeps its name and password
                u.password = "(its own)";
            }
            made.push_back(u);
        }
        for (const std::string& email : warned_now) warned_.insert(email);
        if (!refused.empty()) return validation(refused);
        nlohmann::json list = nlohmann::json::array();
        for (size_t i = 0; i < made.size(); ++i) {
            made[i].id = next_user_++;
            users_[made[i].id] = made[i];
            nlohmann::json j = user_json(made[i], false, false);
            j["request_id"] = items[i].value("request_id", std::to_string(i));
            list.push_back(j);
        }
        return json_reply(201, {{"_total_items", list.size()}, {"_embedded", {{"users", list}}}});
    }

    // ---- POST /api/v4/users/deactivate
    Reply deactivate(const std::string& body) {
        std::lock_guard lock(mutex_);
        if (deactivate_below_plan)
            return problem(403, "Forbidden", "This method is available on the Enterprise plan only");
        nlohmann::json items = nlohmann::json::parse(body, nullptr, false);
        if (!items.is_array() || items.empty() || items.size() > 10) return problem(400, "Bad Request", "1 to 10 users");
        std::vector<int64_t> ids;
        for (const nlohmann::json& item : items) {
            int64_t id = item.is_object() ? item.value("id", (int64_t)0) : 0;
            if (!users_.count(id))
                return problem(400, "Bad Request", "User(s) " + std::to_string(id) + " are not associated with provided account.");
            if (users_[id].is_admin)
                return problem(400, "Bad Request", "User(s) " + std::to_string(id) + " are administrators and cannot be deactivated");
            ids.push_back(id);
        }
        for (int64_t id : ids) users_[id].is_active = false;
        return {204, "", "text/html"};
    }

    // ---- records
    Reply list_records(const std::string& kind, const httplib::Request& req) {
        std::lock_guard lock(mutex_);
        const int page = number_param(req, "page", 1), limit = number_param(req, "limit", 50);
        if (page < 1 || limit < 1 || limit > 250) return problem(400, "Bad Request", "limit");
        int64_t only = 0;
        if (req.has_param("filter[responsible_user_id]") && !ignore_responsible_filter)
            only = std::stoll(req.get_param_value("filter[responsible_user_id]"));
        const bool descending = req.has_param("order[id]") && req.get_param_value("order[id]") == "desc";
        std::vector<int64_t> ids;
        for (const auto& [id, r] : records_[kind])
            if (only == 0 || r.responsible == only) ids.push_back(id);
        if (descending) std::reverse(ids.begin(), ids.end());
        nlohmann::json list = nlohmann::json::array();
        for (size_t i = (size_t)(page - 1) * limit; i < ids.size() && i < (size_t)page * limit; ++i)
            list.push_back({{"id", ids[i]}, {"name", kind + " " + std::to_string(ids[i])},
                            {"responsible_user_id", records_[kind][ids[i]].responsible}, {"account_id", std::stoll(kAccountId)}});
        if (list.empty()) return {204, ""};   // error code 2002, "nothing found", sent with 204
        const bool more = ids.size() > (size_t)page * limit;
        return json_reply(200, {{"_page", page}, {"_links", links("/api/v4/" + kind, page, more)}, {"_embedded", {{kind, list}}}});
    }

    Reply patch_records(const std::string& kind, const std::string& body) {
        std::lock_guard lock(mutex_);
        nlohmann::json items = nlohmann::json::parse(body, nullptr, false);
        if (!items.is_array() || items.empty()) return problem(400, "Bad Request", "Request body must be a non-empty array");
        records_per_patch_.push_back(items.size());
        if (items.size() > 250) return problem(400, "Bad Request", "Maximum 250 entities per request");
        if (patch_504_above > 0 && items.size() > patch_504_above) return html(504, "504 Gateway Time-out");
        nlohmann::json refused = nlohmann::json::array();
        for (size_t i = 0; i < items.size(); ++i) {
            const int64_t id = items[i].value("id", (int64_t)0), to = items[i].value("responsible_user_id", (int64_t)0);
            auto complain = [&](const char* path, const char* code, const char* detail) {
                refused.push_back({{"request_id", std::to_string(i)}, {"errors", {{{"code", code}, {"path", path}, {"detail", detail}}}}});
            };
            auto record = records_[kind].find(id);
            if (record == records_[kind].end()) complain("id", "NotFound", "The entity does not exist");
            else if (record->second.locked) complain("responsible_user_id", "Forbidden", "The entity cannot be changed now");
            else if (!users_.count(to) || !users_[to].is_active)
                complain("responsible_user_id", "NotSupportedChoice", "The value you selected is not a valid choice.");
        }
        if (!refused.empty()) return validation(refused);
        nlohmann::json list = nlohmann::json::array();
        for (const nlohmann::json& item : items) {
            FakeAmoRecord& r = records_[kind][item.value("id", (int64_t)0)];
            const int64_t to = item.value("responsible_user_id", (int64_t)0);
            if (r.responsible != to) ++r.moves;
            r.responsible = to;
            list.push_back({{"id", item.value("id", (int64_t)0)}, {"updated_at", 1795424400}});
        }
        return json_reply(200, {{"_links", links("/api/v4/" + kind, 1, false)}, {"_embedded", {{kind, list}}}});
    }

    FakeAmo& fake_;
    mutable std::mutex mutex_;
    std::map<int64_t, FakeAmoUser> users_;
    int64_t next_user_ = 600001;
    std::vector<std::pair<int64_t, std::string>> groups_ = {{kSalesGroup, "Отдел продаж"}, {kManagersGroup, "Менеджеры"}};
    std::map<int64_t, std::string> roles_ = {{kManagerRole, "Менеджер"}};
    std::map<std::string, std::string> elsewhere_;   // e-mail -> that account's name
    std::set<std::string> warned_;                   // elsewhere e-mails already warned about once
    std::map<std::string, std::map<int64_t, FakeAmoRecord>> records_;
    int64_t next_record_ = 7000001;
    std::vector<size_t> users_per_add_;
    std::vector<size_t> records_per_patch_;
};

// An installed amoCRM account on the fake, and connectors to it as the proxy makes them: on a
// ManualClock in tests, on the SteadyClock in a bench.
template <class AccountClock = ManualClock>
struct InstalledAmoAccount {
    AccountClock clock;
    FakeAmo fake{clock};
    FakeAmoAccount account{fake};
    MemoryCrmAccounts store;
    CrmTokenKeeper keeper{store};
    bool installed = start_installed(fake, keeper, clock);

    std::unique_ptr<AmoCrm> connector() { return std::make_unique<AmoCrm>(keeper, kAccountId, integration_for(fake), clock); }
};

} // namespace gd::amo_test
