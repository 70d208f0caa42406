#pragma once
// What the proxy's stories start from: a scratch folder of their own (tests run in parallel), a
// sandbox seeded in it, and a real server on a free port with a real client.
#include "proxy/connectors/sandbox/demo_data.h"
#include "proxy/connectors/sandbox/sandbox_crm.h"
#include "proxy/connectors/sandbox/sandbox_whatsapp.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/domain/group_directory.h"
#include "proxy/domain/group_invites.h"
#include "proxy/domain/membership_jobs.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "proxy/storage/data_file.h"
#include "proxy/transport/api_routes.h"
#include "proxy/transport/http_server.h"
#include "proxy/transport/member_routes.h"

#include <httplib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gd::test {

// A fresh folder under the test temp dir, named after the test and the process, removed at the end.
class ScratchDir {
public:
    ScratchDir() {
        static std::atomic<int> counter{0};
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string("groupdesk-") + (info ? info->test_suite_name() : "x") + "-" +
                           (info ? info->name() : "y") + "-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++);
        path_ = std::filesystem::path(::testing::TempDir()) / name;
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& p, const std::string& content) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
}

// The sandbox as main() builds it: data file, demo data, both connectors.
struct Sandbox {
    ScratchDir dir;
    std::unique_ptr<Database> db = open_data_file(dir / "data");
    bool seeded = demo::seed_if_empty(*db);
    SandboxStore store{*db};
    SandboxWhatsAppGateway whatsapp{store};
    SandboxCrm crm{store};
};

// The sandbox gateway, with the connected number's state set by the test and its requests counted.
// Thrown from inside a gateway call to stand for the proxy being killed there: nothing after the
// call runs, and the test builds a new proxy on the same data file.
struct ProxyDied {};

class WatchedGateway : public WhatsAppGateway {
public:
    explicit WatchedGateway(SandboxStore& store) : inner(store) {}
    SandboxWhatsAppGateway inner;
    ConnectionStatus status = ConnectionStatus::connected;
    std::string add_refused_as_not_on_whatsapp;   // WhatsApp refuses this add though the check found it
    int requests = 0;                             // every call that would reach WhatsApp
    int checks = 0;
    int adds = 0;
    // What the next member changes meet, one per call, after the sandbox has done them or not.
    struct ChangeTrouble {
        bool applied = false;                     // WhatsApp did it before the trouble
        std::optional<Error> error;               // the answer that comes back instead
        std::optional<ChangeOutcome> outcome;     // or this per-person outcome
        bool crash = false;                       // the proxy dies before it reads the answer
    };
    std::vector<ChangeTrouble> trouble;
    std::function<void()> during_change;          // runs while a change is "on the wire"

    GatewayCapabilities capabilities() const override { return inner.capabilities(); }
    Result<ConnectionState> connection_state() override {
        ++requests;
        return ConnectionState{status, demo::kOurNumber};
    }
    Result<std::vector<Group>> list_groups() override {
        ++requests;
        return inner.list_groups();
    }
    Result<ParticipantList> participants(const std::string& g) override {
        ++requests;
        return inner.participants(g);
    }
    Result<std::vector<WhatsAppCheck>> check_whatsapp(const std::vector<std::string>& phones) override {
        ++requests;
        checks += (int)phones.size();
        return inner.check_whatsapp(phones);
    }
    Result<std::vector<ParticipantChange>> change_participants(const std::string& group, ParticipantAction action,
                                                               const std::vector<std::string>& phones) override {
        ++requests;
        if (action == ParticipantAction::add) adds += (int)phones.size();
        if (during_change) during_change();
        if (action == ParticipantAction::add && phones == std::vector<std::string>{add_refused_as_not_on_whatsapp})
            return std::vector<ParticipantChange>{{phones[0], ChangeOutcome::not_on_whatsapp}};
        if (!trouble.empty()) {
            ChangeTrouble t = trouble.front();
            trouble.erase(trouble.begin());
            if (t.applied) inner.change_participants(group, action, phones);
            if (t.crash) throw ProxyDied{};
            if (t.error) return *t.error;
            if (t.outcome) return std::vector<ParticipantChange>{{phones[0], *t.outcome}};
        }
        return inner.change_participants(group, action, phones);
    }
    Result<InviteLink> invite_link(const std::string& g) override {
        ++requests;
        return inner.invite_link(g);
    }
    Result<InviteLink> revoke_invite_link(const std::string& g) override {
        ++requests;
        return inner.revoke_invite_link(g);
    }
    Result<Done> send_text(const std::string& p, const std::string& t) override {
        ++requests;
        return inner.send_text(p, t);
    }
    Result<Done> save_contact(const std::string& p, const std::string& f, const std::string& l) override {
        ++requests;
        return inner.save_contact(p, f, l);
    }
};

// The built widget as the web_wasm target lays it out, small enough to compare byte by byte.
struct FakeWidget {
    static constexpr const char* kWasm = "widget.3f9a1c2b7d.wasm";
    static constexpr const char* kJs = "widget.0123abcd4567.js";
    std::string index = "<!doctype html><title>GroupDesk</title><script src=\"widget.0123abcd4567.js\"></script>";
    std::string console = "<!doctype html><title>GroupDesk</title><script src=\"console.89abcdef0123.js\"></script>";
    std::string wasm = std::string("\0asm\1\0\0\0", 8) + "plain wasm";
    std::string wasm_br = "BROTLI-BYTES";
    std::string wasm_gz = "GZIP-BYTES";
    std::string js = "console.log('plain js');";
    std::string js_gz = "GZIP-JS";

    void write_into(const std::filesystem::path& root) const {
        write_file(root / "index.html", index);
        write_file(root / "console.html", console);
        write_file(root / kWasm, wasm);
        write_file(root / (std::string(kWasm) + ".br"), wasm_br);
        write_file(root / (std::string(kWasm) + ".gz"), wasm_gz);
        write_file(root / kJs, js);
        write_file(root / (std::string(kJs) + ".gz"), js_gz);
        write_file(root / "favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        write_file(root / "fonts" / "ui.ttf", "TTF");
        write_file(root / "logo.png", "PNG");
        write_file(root / "manifest.json", "{}");
        write_file(root / ".secret", "hidden file");
    }
};

// What member changes run on, as main() sets them up from its configuration.
struct MemberChangeSettings {
    PacingPolicy pacing;
    CheckPolicy checks;
    JobSettings jobs;
};

// The member-change stack as main() builds it on a sandbox: checks, pacing, audit and the jobs,
// whose worker runs on the real clock, and the routes that serve them.
struct MemberChanges {
    MemberChanges(Sandbox& sandbox, const MemberChangeSettings& settings)
        : checks(*sandbox.db, sandbox.whatsapp, clock, settings.checks),
          pacer(*sandbox.db, clock, settings.pacing, 7),
          audit(*sandbox.db, clock),
          number(sandbox.whatsapp, clock),
          store(*sandbox.db),
          engine(store, clock),
          jobs(engine, *sandbox.db, sandbox.whatsapp, number, checks, pacer, audit, settings.jobs),
          invites(sandbox.whatsapp, checks, number, audit, settings.jobs.default_region) {
        engine.start();
    }
    ~MemberChanges() { engine.stop(); }   // before the handler goes
    std::vector<Route> routes() { return member_routes(jobs, invites, audit); }

    SteadyClock clock;
    WhatsAppChecks checks;
    AddPacer pacer;
    AuditLog audit;
    NumberState number;
    SqliteJobStore store;
    JobEngine engine;
    MembershipJobs jobs;
    GroupInvites invites;
};

// The whole proxy in-process: sandbox, domain, routes, HTTP server on a free port. demo_login:
// whether /healthz offers the demo login (main() passes is_full_sandbox(config)). With
// member_changes, it also serves member changes with their worker running, as main() does.
class RunningProxy {
public:
    explicit RunningProxy(std::vector<Route> extra_routes = {}, std::size_t max_body_bytes = 1024 * 1024,
                          Authenticate authenticate = {}, bool demo_login = true, GateSettings gate = {},
                          std::vector<std::string> allowed_hosts = {},
                          std::optional<MemberChangeSettings> member_changes = std::nullopt) {
        FakeWidget().write_into(web_root());
        ServerSettings settings;
        settings.port = 0;
        settings.web_root = web_root();
        settings.max_body_bytes = max_body_bytes;
        settings.authenticate = std::move(authenticate);
        settings.gate = gate;
        settings.allowed_hosts = std::move(allowed_hosts);
        settings.log = [this](const std::string& line) {
            std::lock_guard<std::mutex> guard(log_mutex_);
            log_.push_back(line);
        };
        std::vector<Route> routes = api_routes(groups_, "sandbox", demo_login);
        if (member_changes) {
            member_changes_ = std::make_unique<MemberChanges>(sandbox_, *member_changes);
            for (Route& r : member_changes_->routes()) routes.push_back(std::move(r));
        }
        for (Route& r : extra_routes) routes.push_back(std::move(r));
        server_ = std::make_unique<HttpServer>(settings, std::move(routes));
        port_ = server_->bind();
        if (port_ <= 0) throw std::runtime_error("could not bind a test port");
        thread_ = std::thread([this] { server_->listen(); });
        while (!server_->is_running()) std::this_thread::yield();
    }
    ~RunningProxy() { stop(); }

    // Stops and waits for every worker: after this the access log is complete.
    void stop() {
        if (!server_) return;
        server_->stop();
        if (thread_.joinable()) thread_.join();
    }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_decompress(false);   // tests look at the bytes as sent
        return c;
    }
    int port() const { return port_; }
    std::filesystem::path web_root() const { return sandbox_.dir / "web"; }
    Sandbox& sandbox() { return sandbox_; }
    MemberChanges& member_changes() { return *member_changes_; }
    std::vector<std::string> log() {
        std::lock_guard<std::mutex> guard(log_mutex_);
        return log_;
    }

private:
    Sandbox sandbox_;
    GroupDirectory groups_{sandbox_.whatsapp};
    std::unique_ptr<MemberChanges> member_changes_;   // outlives the server, which stop() ends first
    std::mutex log_mutex_;
    std::vector<std::string> log_;
    std::unique_ptr<HttpServer> server_;
    std::thread thread_;
    int port_ = 0;
};

inline nlohmann::json json_of(const httplib::Result& r) { return nlohmann::json::parse(r->body); }

} // namespace gd::test
