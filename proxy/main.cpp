// groupdesk-proxy: loads the configuration, opens the data file, builds the connectors for the
// mode, and serves the API and the widget until SIGINT/SIGTERM.
//
// Exit codes: 0 stopped by a signal; 1 could not start (data file, address); 2 bad configuration.
// stdout gets exactly one line once the port is bound, so scripts and tests can read it:
//   GroupDesk proxy listening on http://HOST:PORT (mode MODE, data DIR)
#include "proxy/auth/login_command.h"
#include "proxy/auth/login_throttle.h"
#include "proxy/auth/logins.h"
#include "proxy/auth/sessions.h"
#include "proxy/config/config.h"
#include "proxy/config/crm_tenants.h"
#include "proxy/config/gateway_from_config.h"
#include "proxy/connectors/amocrm/amo_crm.h"
#include "proxy/connectors/bitrix24/bitrix24_crm.h"
#include "proxy/connectors/sandbox/demo_data.h"
#include "proxy/connectors/sandbox/sandbox_crm.h"
#include "proxy/connectors/sandbox/sandbox_pipeline.h"
#include "proxy/connectors/sandbox/sandbox_store.h"
#include "proxy/connectors/upstream/clock.h"
#include "proxy/domain/crm_cards.h"
#include "proxy/domain/crm_user_names.h"
#include "proxy/domain/group_directory.h"
#include "proxy/domain/group_invites.h"
#include "proxy/domain/handover_jobs.h"
#include "proxy/domain/membership_jobs.h"
#include "proxy/domain/number_state.h"
#include "proxy/domain/robot_runs.h"
#include "proxy/domain/user_admin.h"
#include "proxy/jobs/sqlite_job_store.h"
#include "proxy/storage/crm_account_table.h"
#include "proxy/storage/data_file.h"
#include "proxy/storage/jti_table.h"
#include "proxy/storage/session_token_table.h"
#include "proxy/transport/amocrm_pipeline_routes.h"
#include "proxy/transport/api_routes.h"
#include "proxy/transport/bitrix24_robot_routes.h"
#include "proxy/transport/card_routes.h"
#include "proxy/transport/crm_entry_routes.h"
#include "proxy/transport/http_server.h"
#include "proxy/transport/member_routes.h"
#include "proxy/transport/robot_routes.h"
#include "proxy/transport/sandbox_routes.h"
#include "proxy/transport/session_routes.h"
#include "proxy/transport/user_admin_routes.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

namespace {

void complain(const std::string& message) { std::cerr << "groupdesk-proxy: " << message << "\n"; }

std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;   // IPv6 needs brackets
}

} // namespace

int main(int argc, char** argv) {
    using namespace gd;

    CommandLine cl = parse_command_line(std::vector<std::string>(argv + 1, argv + argc), process_env);
    if (cl.help) {
        std::cout << kUsage;
        return 0;
    }
    LoadedConfig loaded = cl.problems.empty() ? load_config(cl.sources) : LoadedConfig{};
    loaded.problems.insert(loaded.problems.begin(), cl.problems.begin(), cl.problems.end());
    if (!loaded.ok()) {
        for (const std::string& problem : loaded.problems) complain(problem);
        complain("not started: fix the configuration above (see --help)");
        return 2;
    }
    const Config& config = loaded.config;

    // SIGINT/SIGTERM are blocked in every thread (the server's workers inherit the mask) and
    // taken by one waiting thread, which may then call into the server safely: a plain signal
    // handler may not.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    std::unique_ptr<Database> db;
    try {
        db = open_data_file(config.data_dir, complain);
        // Demo groups and deals only where the built-in gateway shows them.
        if (config.whatsapp_gateway == "sandbox" && demo::seed_if_empty(*db)) std::cerr << "groupdesk-proxy: sandbox demo data created\n";
    } catch (const StorageError& e) {
        complain(e.what());
        return 1;
    }

    Logins logins(*db);
    if (cl.login_command.kind != LoginCommand::none)
        return run_login_command(cl.login_command, logins, std::cin, std::cout, std::cerr);

    SandboxStore store(*db);
    SteadyClock clock;
    std::unique_ptr<WhatsAppGateway> gateway_owner;
    try {
        gateway_owner = gateway_from_config(config, store, clock);
    } catch (const std::invalid_argument& e) {
        complain(e.what());
        complain("not started: fix the configuration above (see --help)");
        return 2;
    }
    WhatsAppGateway& gateway = *gateway_owner;
    std::cerr << "groupdesk-proxy: WhatsApp gateway " << describe_gateway(config) << "\n";
    SandboxCrm sandbox_crm(store, SandboxCrm::kDemoHandoverPause);   // a handover the demo can watch
    CrmTenants crms;
    // The demo CRM is the sandbox's: a live setup without a CRM has none, not a make-believe one.
    const bool full_sandbox = is_full_sandbox(config);
    const std::string mode = full_sandbox ? "sandbox" : "live";
    if (full_sandbox) crms.set_standalone(&sandbox_crm);

    // The CRM accounts that installed GroupDesk, with their OAuth pairs: sessions opened from a
    // Bitrix24 card tab or an amoCRM card work on their own account.
    CrmAccountTable crm_accounts(*db, clock);
    CrmTokenKeeper keeper(crm_accounts);
    // A Bitrix24 card user's own pair, kept with their session: their card reads carry their rights.
    SessionTokenTable session_tokens(*db);
    CrmTokenKeeper user_keeper(session_tokens);
    CrmEntrySettings crm_entry;
    crm_entry.keep_user_tokens = [&user_keeper](const std::string& session_token, CrmAccount pair) {
        pair.id = session_key(session_token);
        return user_keeper.store(pair);
    };
    crm_entry.public_url = config.public_url;
    crm_entry.web_root = config.web_root;
    if (config.bitrix24_configured()) {
        Bitrix24App app{config.bitrix24_client_id, config.bitrix24_client_secret, config.bitrix24_oauth_url};
        crm_entry.bitrix24 = app;
        crms.add_kind(
            "bitrix24",
            [&keeper, &clock, app](const std::string& member_id) { return std::make_unique<Bitrix24Crm>(keeper, member_id, app, clock); },
            [&user_keeper, &clock, app](const std::string&, const CrmReader& reader, Crm&) {
                return bitrix24_user_cards(user_keeper, reader.session_key, app, clock);
            });
    }
    if (config.amocrm_configured()) {
        AmoIntegration integration;
        integration.client_id = config.amocrm_client_id;
        integration.client_secret = config.amocrm_client_secret;
        integration.redirect_uri = config.amocrm_redirect_uri;
        integration.account_domains = config.amocrm_account_domains;
        integration.account_scheme = config.amocrm_account_scheme;
        crm_entry.amocrm = integration;
        crms.add_kind(
            "amocrm",
            [&keeper, &clock, integration](const std::string& account_id) {
                return std::make_unique<AmoCrm>(keeper, account_id, integration, clock);
            },
            [](const std::string&, const CrmReader& reader, Crm& account) -> Result<std::shared_ptr<CardSource>> {
                return amocrm_user_cards(dynamic_cast<AmoCrm&>(account), reader.user_id);
            });
    }
    // The widget tokens already traded for a session: kept in the data file, so a restart does not
    // let one open a second session.
    JtiTable widget_tokens_used(*db, clock);
    GroupDirectory groups(gateway);
    // The Bitrix24 robot offers the groups the connected number administers (install, admin's return).
    crm_entry.whatsapp_groups = [&groups] { return groups.groups(); };

    // The rules every member change goes through (checks, pacing, jobs, audit), then their routes.
    CheckPolicy check_policy;
    check_policy.fresh_for_hours = config.whatsapp_check_fresh_hours;
    check_policy.daily_cap = config.whatsapp_checks_per_day;
    check_policy.min_interval = std::chrono::seconds(config.whatsapp_check_interval_seconds);
    PacingPolicy pacing;
    pacing.min_interval = std::chrono::seconds(config.add_interval_seconds);
    pacing.max_jitter = std::chrono::seconds(config.add_jitter_seconds);
    pacing.daily_cap = config.adds_per_day;
    WhatsAppChecks checks(*db, gateway, clock, check_policy);
    AddPacer pacer(*db, clock, pacing, std::random_device{}());
    AuditLog audit(*db, clock);
    // The number's state, as every write sees it: the jobs and the invite routes share one look.
    NumberState number(gateway, clock);
    // One durable queue for every kind of long work; member changes are its first handler.
    SqliteJobStore job_store(*db);
    JobEngine engine(job_store, clock);
    JobSettings job_settings;
    job_settings.default_region = config.default_region;
    MembershipJobs jobs(engine, *db, gateway, number, checks, pacer, audit, job_settings);
    // Every write to WhatsApp asks the number's state first (trusted for a couple of seconds).
    GroupInvites invites(gateway, checks, number, audit, config.default_region);
    // Robots act on a deal's contacts as the CRM holds them when the job runs, and may send the
    // invite link to whom an add failed for. The CRM's own language for the invite is Russian.
    jobs.set_entity_reader([&crms](const std::string& tenant, const EntityRef& ref) -> Result<EntityContext> {
        Result<Crm*> crm = crms.crm_for(tenant);
        if (!crm) return crm.error();
        return (*crm)->entity(ref);
    });
    jobs.set_invite_sender([&invites](const std::string& group_id, const std::string& phone, const Actor& actor) {
        return invites.send(group_id, phone, Lang::ru, actor);
    });
    RobotRuns robot_runs(jobs, job_store);
    // The sandbox CRM keeps its robots' reports as notes in the deal.
    SandboxPipelineStore sandbox_pipeline(store);
    RobotReportHook sandbox_notes(job_store, [&sandbox_pipeline, &clock](const nlohmann::json& hook, const RobotReport& report) {
        return deliver_sandbox_note(sandbox_pipeline, clock, hook, report);
    });
    engine.add_hook_runner(kSandboxDealNote, sandbox_notes);
    // Bitrix24's robot and workflow action: a call is a robot run, and its result goes back to the
    // workflow when the run ends (a completion hook, so it is registered before the engine runs).
    Bitrix24RobotRefusals robot_refusals(engine, job_store);
    std::optional<Bitrix24RobotResults> robot_results;
    if (crm_entry.bitrix24) {
        robot_results.emplace(job_store, keeper, *crm_entry.bitrix24, clock,
                              [](const std::string& line) { std::cerr << "groupdesk-proxy: " << line << "\n"; });
        engine.add_hook_runner(Bitrix24RobotResults::kHookType, *robot_results);
    }
    // amoCRM's Digital Pipeline action: the lead is read again before a run starts, and the run's
    // result goes back as a note in the lead.
    auto amo_account = [&crms](const std::string& account_id) -> Result<AmoCrm*> {
        Result<Crm*> crm = crms.crm_for("amocrm:" + account_id);
        if (!crm) return crm.error();
        AmoCrm* amo = dynamic_cast<AmoCrm*>(crm.value());
        if (!amo) return Error{ErrorCode::crm_not_connected, {}};
        return amo;
    };
    AmoStageCheck amo_stage_checks(engine, robot_runs,
                                   [amo_account](const std::string& account_id, const std::string& lead_id) -> Result<AmoLead> {
                                       Result<AmoCrm*> amo = amo_account(account_id);
                                       if (!amo) return amo.error();
                                       return amo.value()->lead_record(lead_id);
                                   });
    AmoLeadNotes amo_lead_notes(job_store, [amo_account](const std::string& account_id) -> Result<AmoApi*> {
        Result<AmoCrm*> amo = amo_account(account_id);
        if (!amo) return amo.error();
        return &amo.value()->api();
    });
    engine.add_hook_runner(AmoLeadNotes::kType, amo_lead_notes);
    // CRM user administration: licence seats, adding users, and leavers' handovers as jobs.
    CrmSeats crm_seats(*db, clock);
    UserAdmin user_admin(crms, crm_seats, audit);
    HandoverJobs handovers(engine, crms, audit);
    engine.start();
    // Who may call the API: a session opened by signing in, or by a CRM card (crm_entry_routes).
    Sessions sessions(*db, clock, config.session_minutes);
    LoginThrottle throttle(clock);
    // The demo login exists only when nothing real is connected; a live setup signs in with
    // stored logins (or from a CRM card), and is told at start how to add the first one.
    const bool demo_login = full_sandbox;
    if (!demo_login && logins.list().empty())
        complain(std::string("no login can sign in on the standalone page yet (the demo login exists only in the "
                             "sandbox); add one with the same configuration:\n    printf '%s\\n' 'a-long-password' | ") +
                 argv[0] + " --add-user NAME --admin");
    auto log_line = [](const std::string& line) { std::cerr << "groupdesk-proxy: " << line << "\n"; };

    std::vector<Route> routes = api_routes(groups, mode, demo_login);
    for (Route& route : session_routes(login_check(logins, demo_login), throttle, sessions, log_line)) routes.push_back(std::move(route));
    for (Route& route : member_routes(jobs, invites, audit)) routes.push_back(std::move(route));
    for (Route& route : robot_routes(robot_runs)) routes.push_back(std::move(route));
    for (Route& route : user_admin_routes(user_admin, handovers)) routes.push_back(std::move(route));
    // The demo pipeline is the sandbox CRM's; a live setup's pipelines are its CRM's.
    if (full_sandbox)
        for (Route& route : sandbox_routes(sandbox_pipeline, robot_runs, clock)) routes.push_back(std::move(route));
    PrivacyRefusals privacy_refusals(*db, clock);
    CrmCards cards(crms, checks, privacy_refusals, audit, config.default_region);
    CrmUserNames crm_user_names(crms, clock);
    crm_entry.user_name = [&crm_user_names](const std::string& tenant, const std::string& user_id) {
        return crm_user_names.name_of(tenant, user_id);
    };
    for (Route& route : card_routes(cards)) routes.push_back(std::move(route));
    for (Route& route : crm_entry_routes(crm_entry, keeper, sessions, clock, widget_tokens_used, log_line))
        routes.push_back(std::move(route));
    if (crm_entry.bitrix24)
        for (Route& route : bitrix24_robot_routes(robot_runs, robot_refusals, keeper, log_line)) routes.push_back(std::move(route));
    if (crm_entry.amocrm)
        for (Route& route : amocrm_pipeline_routes(*crm_entry.amocrm, keeper, amo_stage_checks, groups, clock,
                                                   widget_tokens_used, log_line))
            routes.push_back(std::move(route));

    ServerSettings settings;
    settings.host = config.host;
    settings.port = config.port;
    settings.web_root = config.web_root;
    settings.max_body_bytes = config.max_body_bytes;
    // The names a browser may use for this proxy: its public address, and the listening address
    // when that is one (not 0.0.0.0 or ::).
    if (!config.public_url.empty()) {
        std::string authority = config.public_url.substr(config.public_url.find("://") + 3);
        settings.allowed_hosts.push_back(authority.substr(0, authority.find('/')));
    }
    if (config.host != "0.0.0.0" && config.host != "::") settings.allowed_hosts.push_back(url_host(config.host));
    settings.frame_ancestors = widget_frame_ancestors(crm_entry);
    settings.authenticate = [&sessions](const std::string& token) { return sessions.find(token); };
    HttpServer server(settings, std::move(routes));

    int port = server.bind();
    if (port < 0) {
        complain("cannot listen on " + config.host + ":" + std::to_string(config.port) +
                 " (address in use, not permitted, or not an address of this machine)");
        return 1;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(config.web_root) / "index.html", ec))
        complain("warning: no index.html in web_root " + config.web_root + "; the API works, the widget will not load");

    std::filesystem::path data_dir = std::filesystem::absolute(config.data_dir, ec).lexically_normal();
    std::cout << "GroupDesk proxy listening on http://" << url_host(config.host) << ":" << port << " (mode "
              << mode << ", data " << data_dir.string() << ")" << std::endl;

    std::thread waiter([&] {
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        server.stop();   // also when listen() has not started yet: it then returns at once
    });
    bool served = server.listen();
    engine.stop();   // before the handlers it calls go out of scope
    // listen() also ends on its own (socket failure): wake the waiter so it can be joined.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    std::cerr << "groupdesk-proxy: stopped\n";
    return served ? 0 : 1;
}
