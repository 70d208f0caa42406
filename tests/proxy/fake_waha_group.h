#pragma once
// A WAHA on this machine holding one group in which our number is an admin, answering the routes
// the proxy uses as WAHA documents them (shapes as in tests/connectors/waha_test.cpp), and
// recording every add it is asked for. On request it holds an add: it applies it, says so, and
// keeps the answer back until told to let it go, so a test can kill the proxy between WhatsApp's
// "done" and the proxy's record of it.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace gd::test {

class FakeWahaGroup {
public:
    static constexpr const char* kKey = "waha-key-0123456789";
    static constexpr const char* kGroup = "120363041234567890@g.us";
    static constexpr const char* kOurNumber = "79990001122";

    FakeWahaGroup() {
        server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (req.get_header_value("X-Api-Key") == kKey) return httplib::Server::HandlerResponse::Unhandled;
            res.status = 401;
            res.set_content(R"({"statusCode":401,"message":"Unauthorized"})", "application/json");
            return httplib::Server::HandlerResponse::Handled;
        });
        server_.Get("/api/sessions/default", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(nlohmann::json{{"name", "default"}, {"status", "WORKING"},
                                           {"me", {{"id", std::string(kOurNumber) + "@c.us"}, {"pushName", "Shop"}}}}
                                .dump(),
                            "application/json");
        });
        server_.Get("/api/default/groups", [this](const httplib::Request&, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            nlohmann::json group = group_json();
            group["participants"] = legacy_participants();
            res.set_content(nlohmann::json{{kGroup, group}}.dump(), "application/json");   // NOWEB: keyed by id
        });
        server_.Get(R"(/api/default/groups/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
            if (!is_our_group(req, res)) return;
            std::lock_guard lock(mutex_);
            res.set_content(group_json().dump(), "application/json");
        });
        server_.Get(R"(/api/default/groups/([^/]+)/participants/v2)", [this](const httplib::Request& req, httplib::Response& res) {
            if (!is_our_group(req, res)) return;
            std::lock_guard lock(mutex_);
            nlohmann::json list = {{{"id", std::string(kOurNumber) + "@c.us"}, {"pn", std::string(kOurNumber) + "@c.us"}, {"role", "admin"}}};
            for (const std::string& digits : members_)
                list.push_back({{"id", digits + "@c.us"}, {"pn", digits + "@c.us"}, {"role", "participant"}});
            res.set_content(list.dump(), "application/json");
        });
        server_.Get(R"(/api/default/groups/([^/]+)/participants)", [this](const httplib::Request& req, httplib::Response& res) {
            if (!is_our_group(req, res)) return;
            std::lock_guard lock(mutex_);
            res.set_content(legacy_participants().dump(), "application/json");
        });
        server_.Get("/api/contacts/check-exists", [](const httplib::Request& req, httplib::Response& res) {
            const std::string digits = req.get_param_value("phone");
            res.set_content(nlohmann::json{{"numberExists", true}, {"chatId", digits + "@c.us"}}.dump(), "application/json");
        });
        server_.Post(R"(/api/default/groups/([^/]+)/participants/add)", [this](const httplib::Request& req, httplib::Response& res) {
            if (!is_our_group(req, res)) return;
            add(req, res);
        });
        // Whatever else the proxy asks is recorded, so a failing story can say what it was.
        auto unknown = [this](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(mutex_);
                unexpected_.push_back(req.method + " " + req.target);
            }
            res.status = 404;
            res.set_content(nlohmann::json{{"statusCode", 404}, {"message", "Cannot " + req.method + " " + req.path},
                                           {"error", "Not Found"}}
                                .dump(),
                            "application/json");
        };
        server_.Get(".*", unknown);
        server_.Post(".*", unknown);
        server_.Put(".*", unknown);
        server_.Delete(".*", unknown);

        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::yield();
    }
    ~FakeWahaGroup() {
        release_held();
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
        }
        changed_.notify_all();
        server_.stop();
        thread_.join();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // The next add is applied, then its answer is held until release_held().
    void hold_next_add() {
        std::lock_guard lock(mutex_);
        hold_next_ = true;
        holding_ = false;
    }
    // Waits until an add is being held; false when none came within `limit`.
    bool wait_until_holding(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [this] { return holding_; });
    }
    bool holding() {
        std::lock_guard lock(mutex_);
        return holding_;
    }
    // Lets a held answer go (to a proxy that is gone by then) and holds no further adds.
    void release_held() {
        {
            std::lock_guard lock(mutex_);
            hold_next_ = false;
            holding_ = false;
            ++releases_;
        }
        changed_.notify_all();
    }

    // How many add requests named each phone (digits), whatever the answer was.
    std::map<std::string, int> add_requests() {
        std::lock_guard lock(mutex_);
        return add_requests_;
    }
    std::set<std::string> members() {
        std::lock_guard lock(mutex_);
        return members_;
    }
    std::vector<std::string> unexpected_requests() {
        std::lock_guard lock(mutex_);
        return unexpected_;
    }

private:
    bool is_our_group(const httplib::Request& req, httplib::Response& res) {
        if (req.matches[1] == kGroup) return true;
        res.status = 500;   // how WAHA's NOWEB engine says it does not know a group
        res.set_content(R"({"statusCode":500,"error":"item-not-found"})", "application/json");
        return false;
    }
    nlohmann::json group_json() const {
        return {{"id", kGroup}, {"subject", "Клиенты с выставки"}, {"size", members_.size() + 1}};
    }
    nlohmann::json legacy_participants() const {
        nlohmann::json list = {{{"id", std::string(kOurNumber) + "@s.whatsapp.net"}, {"admin", "admin"}}};
        for (const std::string& digits : members_) list.push_back({{"id", digits + "@s.whatsapp.net"}, {"admin", nullptr}});
        return list;
    }

    // NOWEB's answer, one entry per person: "200" added, "409" already in the group.
    void add(const httplib::Request& req, httplib::Response& res) {
        nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
        if (!body.is_object() || !body.contains("participants") || !body["participants"].is_array()) {
            res.status = 400;
            res.set_content(R"({"statusCode":400,"message":"participants must be an array"})", "application/json");
            return;
        }
        nlohmann::json answer = nlohmann::json::array();
        std::unique_lock lock(mutex_);
        for (const nlohmann::json& person : body["participants"]) {
            const std::string id = person.value("id", "");
            const std::string digits = id.substr(0, id.find('@'));
            ++add_requests_[digits];
            const bool added = members_.insert(digits).second;
            answer.push_back({{"status", added ? "200" : "409"}, {"jid", digits + "@s.whatsapp.net"}});
        }
        if (hold_next_) {
            hold_next_ = false;
            holding_ = true;
            const int release = releases_;
            changed_.notify_all();
            changed_.wait(lock, [&] { return releases_ != release || closing_; });
        }
        res.set_content(answer.dump(), "application/json");
    }

    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;   // guards the fields below
    std::condition_variable changed_;
    std::set<std::string> members_;   // digits, besides our own number
    std::map<std::string, int> add_requests_;
    std::vector<std::string> unexpected_;
    bool hold_next_ = false;
    bool holding_ = false;
    bool closing_ = false;
    int releases_ = 0;
};

} // namespace gd::test
