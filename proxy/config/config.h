#pragma once
// How the admin configures the proxy: an optional JSON file, then GROUPDESK_* environment
// variables on top. Everything is checked at start; a wrong value stops the proxy with a message
// that names the field and the value (never the value of a secret field).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gd {

struct Config {
    std::string host = "127.0.0.1";
    int port = 8080;                        // 0: the system picks a free port (printed at start)
    std::string data_dir = "./data";        // holds groupdesk.sqlite
    std::string web_root;                   // the built widget; defaults to the build's dist folder
    std::string mode = "sandbox";           // "sandbox": built-in gateway and CRM with demo data
    std::size_t max_body_bytes = 1024 * 1024;
    std::string default_region = "RU";      // how to read phones written without a country code

    // Safety pacing of the connected WhatsApp number (ban risk): adds are spaced by
    // add_interval_seconds plus a random 0..add_jitter_seconds, at most adds_per_day a UTC day;
    // "has WhatsApp?" answers are reused for whatsapp_check_fresh_hours, and at most
    // whatsapp_checks_per_day are asked, whatsapp_check_interval_seconds apart.
    int add_interval_seconds = 10;
    int add_jitter_seconds = 5;
    int adds_per_day = 100;
    int whatsapp_check_fresh_hours = 24 * 7;
    int whatsapp_checks_per_day = 300;
    int whatsapp_check_interval_seconds = 3;

    // Which WhatsApp gateway carries the number: "sandbox" (built in, demo data), "waha",
    // "green_api" or "evolution". The token is a secret: it stays in this process.
    std::string whatsapp_gateway = "sandbox";
    std::string whatsapp_gateway_url;        // WAHA/Evolution base URL; Green-API's apiUrl
    std::string whatsapp_gateway_instance;   // WAHA session, Green-API idInstance, Evolution instance
    std::string whatsapp_gateway_token;      // WAHA X-Api-Key, Green-API apiTokenInstance, Evolution apikey

    int session_minutes = 8 * 60;            // a signed-in session lasts a working day

    // The proxy's https address as the CRMs reach it ("https://groupdesk.example.org", no trailing
    // slash): Bitrix24 opens the card tab at public_url + "/crm/bitrix24/placement".
    std::string public_url;
    // The Bitrix24 application (local or Market) and the amoCRM integration. A CRM whose keys are
    // empty is not connected: its entry points are not served. The secrets stay in this process.
    std::string bitrix24_client_id;
    std::string bitrix24_client_secret;
    std::string amocrm_client_id;
    std::string amocrm_client_secret;
    std::string amocrm_redirect_uri;         // exactly as in the integration's settings
    std::string bitrix24_oauth_url = "https://oauth.bitrix.info";
    // Accounts live at "<subdomain>.<one of these>"; http only for one local test account.
    std::vector<std::string> amocrm_account_domains = {"amocrm.ru", "amocrm.com", "kommo.com"};
    std::string amocrm_account_scheme = "https";

    bool bitrix24_configured() const { return !bitrix24_client_id.empty(); }
    bool amocrm_configured() const { return !amocrm_client_id.empty(); }

    Config();
};

// Both the WhatsApp gateway and the CRM are the built-in sandbox: no real gateway, no CRM keys.
// Only here does the demo login exist (and /healthz offer it): a session opened with it reaches
// nothing but the demo data. The one place that decides it.
bool is_full_sandbox(const Config& config);

// Where the configuration comes from. `env` answers one variable (nullopt when unset); tests pass
// a map instead of touching the process environment.
struct ConfigSources {
    std::optional<std::string> config_file;   // --config FILE, else GROUPDESK_CONFIG
    std::function<std::optional<std::string>(const std::string&)> env;
};

struct LoadedConfig {
    Config config;
    std::vector<std::string> problems;   // one sentence each; empty when the config is usable
    bool ok() const { return problems.empty(); }
};

LoadedConfig load_config(const ConfigSources& sources);

// The process's command line and environment as ConfigSources. `--config FILE`, `--config=FILE`
// and `--help` are understood; anything else is a problem.
// Managing the standalone page's logins instead of serving: --add-user LOGIN [--admin]
// [--name NAME] (the password is read from stdin), --remove-user LOGIN, --list-users.
struct LoginCommand {
    enum Kind { none, add, remove, list } kind = none;
    std::string login;
    std::string name;
    bool admin = false;
};

struct CommandLine {
    ConfigSources sources;
    bool help = false;
    LoginCommand login_command;
    std::vector<std::string> problems;
};
CommandLine parse_command_line(const std::vector<std::string>& args,
                               std::function<std::optional<std::string>(const std::string&)> env);

// The process environment as ConfigSources::env.
std::optional<std::string> process_env(const std::string& name);

extern const char* const kUsage;

} // namespace gd
