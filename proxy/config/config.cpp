#include "proxy/config/config.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#ifndef GROUPDESK_DEFAULT_WEB_ROOT
#define GROUPDESK_DEFAULT_WEB_ROOT "./web-dist"
#endif

namespace gd {

const char* const kUsage =
    "Usage: groupdesk-proxy [--config FILE]\n"
    "       groupdesk-proxy [--config FILE] --add-user LOGIN [--admin] [--name NAME]   (password on stdin)\n"
    "       groupdesk-proxy [--config FILE] --remove-user LOGIN | --list-users\n"
    "\n"
    "Serves the GroupDesk widget and its API. Settings come from the optional JSON file\n"
    "(--config FILE or GROUPDESK_CONFIG), then from these environment variables:\n"
    "  GROUPDESK_HOST      address to listen on (default 127.0.0.1)\n"
    "  GROUPDESK_PORT      port; 0 picks a free one (default 8080)\n"
    "  GROUPDESK_DATA_DIR  where groupdesk.sqlite lives (default ./data)\n"
    "  GROUPDESK_WEB_ROOT  the built widget (default: the build's web-dist)\n"
    "  GROUPDESK_MODE      sandbox (built-in WhatsApp gateway and CRM with demo data)\n"
    "  GROUPDESK_ADD_INTERVAL_SECONDS, GROUPDESK_ADD_JITTER_SECONDS, GROUPDESK_ADDS_PER_DAY,\n"
    "  GROUPDESK_WHATSAPP_CHECK_FRESH_HOURS, GROUPDESK_WHATSAPP_CHECKS_PER_DAY,\n"
    "  GROUPDESK_WHATSAPP_CHECK_INTERVAL_SECONDS\n"
    "                      pacing of the WhatsApp number (defaults 10, 5, 100, 168, 300, 3)\n"
    "  GROUPDESK_SESSION_MINUTES  how long a sign-in lasts (default 480)\n"
    "  GROUPDESK_WHATSAPP_GATEWAY           sandbox (default), waha, green_api or evolution\n"
    "  GROUPDESK_WHATSAPP_GATEWAY_URL       the gateway's base URL (Green-API: the instance's apiUrl)\n"
    "  GROUPDESK_WHATSAPP_GATEWAY_INSTANCE  WAHA session (default \"default\"), Green-API idInstance,\n"
    "                                       Evolution instance name\n"
    "  GROUPDESK_WHATSAPP_GATEWAY_TOKEN     WAHA API key, Green-API apiTokenInstance, Evolution apikey\n"
    "  GROUPDESK_PUBLIC_URL                 the proxy's https address as the CRMs reach it\n"
    "  GROUPDESK_BITRIX24_CLIENT_ID, GROUPDESK_BITRIX24_CLIENT_SECRET   the Bitrix24 application's keys\n"
    "  GROUPDESK_BITRIX24_OAUTH_URL         Bitrix24's OAuth server (default https://oauth.bitrix.info)\n"
    "  GROUPDESK_AMOCRM_CLIENT_ID, GROUPDESK_AMOCRM_CLIENT_SECRET, GROUPDESK_AMOCRM_REDIRECT_URI\n"
    "                                       the amoCRM integration's keys and its Redirect URI\n"
    "  GROUPDESK_AMOCRM_ACCOUNT_DOMAINS     where amoCRM accounts may live (default amocrm.ru, amocrm.com, kommo.com)\n"
    "File keys: host, port, data_dir, web_root, mode, max_body_bytes, default_region, add_interval_seconds,\n"
    "  add_jitter_seconds, adds_per_day, whatsapp_check_fresh_hours, whatsapp_checks_per_day,\n"
    "  whatsapp_check_interval_seconds,\n"
    "  session_minutes, whatsapp_gateway, whatsapp_gateway_url, whatsapp_gateway_instance, whatsapp_gateway_token,\n"
    "  public_url, bitrix24_client_id, bitrix24_client_secret, bitrix24_oauth_url, amocrm_client_id,\n"
    "  amocrm_client_secret, amocrm_redirect_uri, amocrm_account_domains.\n";

Config::Config() : web_root(GROUPDESK_DEFAULT_WEB_ROOT) {}

namespace {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Checking one value. Each check takes the text an admin wrote and returns a problem ("" if fine);
// `name` is how the message calls the field: "port" in the file, "GROUPDESK_PORT" in the env.
// ---------------------------------------------------------------------------------------------

std::string quoted(const std::string& value) {
    constexpr size_t kMax = 80;   // a pasted blob should not flood the terminal
    return "\"" + (value.size() > kMax ? value.substr(0, kMax) + "..." : value) + "\"";
}

bool parse_whole(const std::string& text, long long& out) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && !text.empty();
}

std::string set_text(std::string& target, const std::string& name, const std::string& value) {
    if (value.empty()) return name + " must not be empty";
    target = value;
    return "";
}

std::string set_port(Config& c, const std::string& name, const std::string& value) {
    long long n = 0;
    if (!parse_whole(value, n) || n < 0 || n > 65535)
        return name + " must be a whole number from 0 to 65535 (0 picks a free port), got " + quoted(value);
    c.port = (int)n;
    return "";
}

std::string set_max_body(Config& c, const std::string& name, const std::string& value) {
    constexpr long long kMin = 1024, kMax = 1024LL * 1024 * 1024;
    long long n = 0;
    if (!parse_whole(value, n) || n < kMin || n > kMax)
        return name + " must be a whole number of bytes from 1024 to 1073741824, got " + quoted(value);
    c.max_body_bytes = (size_t)n;
    return "";
}

std::string set_whole(int& target, const std::string& name, const std::string& value, long long min, long long max) {
    long long n = 0;
    if (!parse_whole(value, n) || n < min || n > max)
        return name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
               quoted(value);
    target = (int)n;
    return "";
}

std::string set_mode(Config& c, const std::string& name, const std::string& value) {
    if (value == "sandbox") {
        c.mode = value;
        return "";
    }
    if (value == "live")
        return name + " \"live\" needs the WhatsApp gateway and CRM connection settings; "
                      "not available yet (use \"sandbox\")";
    return name + " must be \"sandbox\", got " + quoted(value);
}

std::string set_region(Config& c, const std::string& name, const std::string& value) {
    bool two_capitals = value.size() == 2 && value[0] >= 'A' && value[0] <= 'Z' && value[1] >= 'A' && value[1] <= 'Z';
    if (!two_capitals) return name + " must be a two-letter country code like \"RU\", got " + quoted(value);
    c.default_region = value;
    return "";
}

std::string set_gateway(Config& c, const std::string& name, const std::string& value) {
    for (const char* known : {"sandbox", "waha", "green_api", "evolution"}) {
        if (value == known) {
            c.whatsapp_gateway = value;
            return "";
        }
    }
    return name + " must be \"sandbox\", \"waha\", \"green_api\" or \"evolution\", got " + quoted(value);
}

// Credentials belong in the token field: a URL is printed at start and may reach a log.
std::string set_gateway_url(Config& c, const std::string& name, const std::string& value) {
    bool http = value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0;
    size_t host_start = value.find("://") + 3;
    std::string authority = http ? value.substr(host_start, value.find('/', host_start) - host_start) : "";
    if (!http || authority.empty())
        return name + " must be an http:// or https:// URL such as \"http://waha:3000\", got " + quoted(value);
    if (authority.find('@') != std::string::npos)
        return name + " must not hold a user name or password: put the secret in whatsapp_gateway_token";
    c.whatsapp_gateway_url = value;
    return "";
}

// "localhost", "127.0.0.1" or "[::1]", with or without a port: this machine, where browsers and
// CRMs on the same machine accept plain http (a trial install, the tests' fake CRMs).
bool is_loopback_authority(const std::string& authority) {
    const std::string host = authority.rfind('[', 0) == 0 ? authority.substr(0, authority.find(']') + 1)
                                                          : authority.substr(0, authority.find(':'));
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

// An address a CRM calls or a browser opens: https only (Bitrix24 and amoCRM refuse plain http),
// except on this machine; a host, no user name or password, no query or fragment. A trailing
// slash is dropped, so paths can be appended.
std::string set_https_url(std::string& target, const std::string& name, const std::string& value,
                          const char* example) {
    const std::string problem = name + " must be an https:// address such as " + quoted(example) +
                                " (http:// only for localhost), got " + quoted(value);
    const bool https = value.rfind("https://", 0) == 0;
    if (!https && value.rfind("http://", 0) != 0) return problem;
    const size_t host_start = value.find("://") + 3;
    const size_t host_end = value.find('/', host_start);
    const std::string authority = value.substr(host_start, host_end - host_start);
    if (authority.empty() || authority.find_first_of(" \t\"<>\\") != std::string::npos) return problem;
    if (authority.find('@') != std::string::npos) return name + " must not hold a user name or password";
    if (!https && !is_loopback_authority(authority)) return problem;
    if (value.find_first_of("?#") != std::string::npos) return name + " must not hold a query or fragment, got " + quoted(value);
    std::string url = value;
    while (url.size() > host_start && url.back() == '/') url.pop_back();
    target = url;
    return "";
}

// The hosts amoCRM accounts live under, comma-separated ("amocrm.ru, kommo.com"): an admin may
// narrow them to their own. An entry "http://localhost:8080" is a local test account over http.
std::string set_account_domains(Config& c, const std::string& name, const std::string& value) {
    std::vector<std::string> domains;
    std::string scheme = "https";
    std::stringstream list(value);
    for (std::string item; std::getline(list, item, ',');) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        for (char& ch : item) ch = (char)std::tolower((unsigned char)ch);
        if (item.empty()) continue;
        const std::string entry = item.rfind("http://", 0) == 0 ? item.substr(7) : item;
        if (entry != item) {
            if (!is_loopback_authority(entry))
                return name + ": http:// is allowed for localhost only, got " + quoted(entry);
            scheme = "http";
        }
        if (entry.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-.:[]") != std::string::npos)
            return name + " must list host names such as \"amocrm.ru, kommo.com\", got " + quoted(entry);
        domains.push_back(entry);
    }
    if (domains.empty()) return name + " must list at least one host name such as \"amocrm.ru\"";
    if (scheme == "http" && domains.size() > 1) return name + ": a local http:// account must be the only entry";
    c.amocrm_account_domains = domains;
    c.amocrm_account_scheme = scheme;
    return "";
}

// One row per setting. `secret` fields (gateway tokens, CRM keys) never appear in a message:
// their problems say "(hidden)" instead of the value.
struct Field {
    const char* key;   // in the JSON file
    const char* env;   // nullptr: file only
    bool numeric;      // a JSON number in the file (the env always gives text)
    bool secret;
    std::string (*set)(Config&, const std::string& name, const std::string& value);
};

const Field kFields[] = {
    {"host", "GROUPDESK_HOST", false, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.host, n, v); }},
    {"port", "GROUPDESK_PORT", true, false, set_port},
    {"data_dir", "GROUPDESK_DATA_DIR", false, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.data_dir, n, v); }},
    {"web_root", "GROUPDESK_WEB_ROOT", false, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.web_root, n, v); }},
    {"mode", "GROUPDESK_MODE", false, false, set_mode},
    {"max_body_bytes", nullptr, true, false, set_max_body},
    {"default_region", nullptr, false, false, set_region},
    {"add_interval_seconds", "GROUPDESK_ADD_INTERVAL_SECONDS", true, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_whole(c.add_interval_seconds, n, v, 1, 3600); }},
    {"add_jitter_seconds", "GROUPDESK_ADD_JITTER_SECONDS", true, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_whole(c.add_jitter_seconds, n, v, 0, 3600); }},
    {"adds_per_day", "GROUPDESK_ADDS_PER_DAY", true, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_whole(c.adds_per_day, n, v, 1, 10000); }},
    {"whatsapp_check_fresh_hours", "GROUPDESK_WHATSAPP_CHECK_FRESH_HOURS", true, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_whole(c.whatsapp_check_fresh_hours, n, v, 1, 8760); }},
    {"whatsapp_checks_per_day", "GROUPDESK_WHATSAPP_CHECKS_PER_DAY", true, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_whole(c.whatsapp_checks_per_day, n, v, 1, 100000); }},
    {"whatsapp_check_interval_seconds", "GROUPDESK_WHATSAPP_CHECK_INTERVAL_SECONDS", true, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_whole(c.whatsapp_check_interval_seconds, n, v, 1, 3600); }},
    {"session_minutes", "GROUPDESK_SESSION_MINUTES", true, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_whole(c.session_minutes, n, v, 5, 7 * 24 * 60); }},
    {"whatsapp_gateway", "GROUPDESK_WHATSAPP_GATEWAY", false, false, set_gateway},
    {"whatsapp_gateway_url", "GROUPDESK_WHATSAPP_GATEWAY_URL", false, false, set_gateway_url},
    {"whatsapp_gateway_instance", "GROUPDESK_WHATSAPP_GATEWAY_INSTANCE", false, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.whatsapp_gateway_instance, n, v); }},
    {"whatsapp_gateway_token", "GROUPDESK_WHATSAPP_GATEWAY_TOKEN", false, true,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.whatsapp_gateway_token, n, v); }},
    {"public_url", "GROUPDESK_PUBLIC_URL", false, false,
     [](Config& c, const std::string& n, const std::string& v) {
         return set_https_url(c.public_url, n, v, "https://groupdesk.example.org");
     }},
    {"bitrix24_client_id", "GROUPDESK_BITRIX24_CLIENT_ID", false, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.bitrix24_client_id, n, v); }},
    {"bitrix24_client_secret", "GROUPDESK_BITRIX24_CLIENT_SECRET", false, true,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.bitrix24_client_secret, n, v); }},
    {"amocrm_client_id", "GROUPDESK_AMOCRM_CLIENT_ID", false, false,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.amocrm_client_id, n, v); }},
    {"amocrm_client_secret", "GROUPDESK_AMOCRM_CLIENT_SECRET", false, true,
     [](Config& c, const std::string& n, const std::string& v) { return set_text(c.amocrm_client_secret, n, v); }},
    {"bitrix24_oauth_url", "GROUPDESK_BITRIX24_OAUTH_URL", false, false,
     [](Config& c, const std::string& n, const std::string& v) {
         return set_https_url(c.bitrix24_oauth_url, n, v, "https://oauth.bitrix.info");
     }},
    {"amocrm_account_domains", "GROUPDESK_AMOCRM_ACCOUNT_DOMAINS", false, false, set_account_domains},
    {"amocrm_redirect_uri", "GROUPDESK_AMOCRM_REDIRECT_URI", false, false,
     [](Config& c, const std::string& n, const std::string& v) {
         return set_https_url(c.amocrm_redirect_uri, n, v, "https://groupdesk.example.org/crm/amocrm/install");
     }},
};

// A CRM is connected by its keys; each needs its partner settings, checked once every source has
// been read (the file may hold the id and the environment the secret).
void check_crm_settings(const Config& c, std::vector<std::string>& problems) {
    const bool bitrix24 = !c.bitrix24_client_id.empty() || !c.bitrix24_client_secret.empty();
    if (bitrix24) {
        if (c.bitrix24_client_id.empty())
            problems.push_back("bitrix24_client_secret is set but bitrix24_client_id (GROUPDESK_BITRIX24_CLIENT_ID) is not: "
                               "copy the application's client_id from Bitrix24");
        if (c.bitrix24_client_secret.empty())
            problems.push_back("bitrix24_client_id is set but bitrix24_client_secret (GROUPDESK_BITRIX24_CLIENT_SECRET) is not: "
                               "copy the application's client_secret from Bitrix24");
        if (c.public_url.empty())
            problems.push_back("the Bitrix24 application needs public_url (GROUPDESK_PUBLIC_URL): the https address "
                               "Bitrix24 opens the card tab at");
    }
    const bool amocrm = !c.amocrm_client_id.empty() || !c.amocrm_client_secret.empty() || !c.amocrm_redirect_uri.empty();
    if (amocrm) {
        if (c.amocrm_client_id.empty())
            problems.push_back("the amoCRM integration needs amocrm_client_id (GROUPDESK_AMOCRM_CLIENT_ID): its «ID интеграции»");
        if (c.amocrm_client_secret.empty())
            problems.push_back("the amoCRM integration needs amocrm_client_secret (GROUPDESK_AMOCRM_CLIENT_SECRET): its «Секретный ключ»");
        if (c.amocrm_redirect_uri.empty())
            problems.push_back("the amoCRM integration needs amocrm_redirect_uri (GROUPDESK_AMOCRM_REDIRECT_URI): "
                               "exactly the Redirect URI in its settings");
    }
}

// What a real gateway needs besides its name; checked once every source has been read, since the
// file may name the gateway and the environment give its token.
void check_gateway_settings(const Config& c, std::vector<std::string>& problems) {
    const std::string& gateway = c.whatsapp_gateway;
    if (gateway == "sandbox") return;
    if (c.whatsapp_gateway_url.empty())
        problems.push_back("whatsapp_gateway " + gateway + " needs whatsapp_gateway_url (GROUPDESK_WHATSAPP_GATEWAY_URL)");
    if (gateway == "waha") return;   // the session defaults to "default"; the API key is optional
    if (c.whatsapp_gateway_instance.empty())
        problems.push_back("whatsapp_gateway " + gateway + " needs whatsapp_gateway_instance (GROUPDESK_WHATSAPP_GATEWAY_INSTANCE): " +
                           (gateway == "green_api" ? "the idInstance from the Green-API console" : "the Evolution instance name"));
    if (c.whatsapp_gateway_token.empty())
        problems.push_back("whatsapp_gateway " + gateway + " needs whatsapp_gateway_token (GROUPDESK_WHATSAPP_GATEWAY_TOKEN): " +
                           (gateway == "green_api" ? "the apiTokenInstance from the Green-API console" : "the Evolution API key"));
}

std::string known_keys() {
    std::string out;
    for (const Field& f : kFields) out += (out.empty() ? "" : ", ") + std::string(f.key);
    return out;
}

std::string hide_if_secret(const Field& field, std::string problem, const std::string& value) {
    if (!field.secret || value.empty()) return problem;
    for (size_t at = problem.find(value); at != std::string::npos; at = problem.find(value))
        problem.replace(at, value.size(), "(hidden)");
    return problem;
}

// ---------------------------------------------------------------------------------------------
// The file
// ---------------------------------------------------------------------------------------------

std::string line_and_column(const std::string& text, size_t byte) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 6: <why>".
std::string parse_error_reason(const char* what) {
    std::string s = what;
    size_t column = s.find("column ");
    size_t colon = column == std::string::npos ? std::string::npos : s.find(": ", column);
    return colon == std::string::npos ? s : s.substr(colon + 2);
}

void apply_file(const std::string& path, Config& config, std::vector<std::string>& problems) {
    const std::string where = "config file " + path;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problems.push_back(where + " cannot be read: " + std::strerror(errno));
        return;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();

    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        problems.push_back(where + " is not valid JSON: " + line_and_column(text, e.byte) + ": " +
                           parse_error_reason(e.what()));
        return;
    } catch (const json::exception&) {   // out_of_range: a number like 1e999 no double holds
        problems.push_back(where + " is not usable JSON: a number is out of range");
        return;
    }
    if (!doc.is_object()) {
        problems.push_back(where + " must hold a JSON object such as {\"port\": 8080}");
        return;
    }

    for (const auto& [key, value] : doc.items()) {
        const Field* field = nullptr;
        for (const Field& f : kFields)
            if (key == f.key) field = &f;
        if (!field) {
            problems.push_back(where + ": unknown key " + quoted(key) + " (known keys: " + known_keys() + ")");
            continue;
        }
        const std::string name = where + ": " + key;
        std::string text_value;
        if (field->numeric) {
            if (!value.is_number_integer()) {
                const std::string shown = field->secret ? "(hidden)" : value.dump();
                problems.push_back(name + " must be a whole number, got " + shown);
                continue;
            }
            text_value = std::to_string(value.get<long long>());
        } else {
            if (!value.is_string()) {
                const std::string shown = field->secret ? "(hidden)" : value.dump();
                problems.push_back(name + " must be a string, got " + shown);
                continue;
            }
            text_value = value.get<std::string>();
        }
        std::string problem = field->set(config, name, text_value);
        if (!problem.empty()) problems.push_back(hide_if_secret(*field, problem, text_value));
    }
}

} // namespace

bool is_full_sandbox(const Config& c) {
    const bool crm_keys = !c.bitrix24_client_id.empty() || !c.bitrix24_client_secret.empty() ||
                          !c.amocrm_client_id.empty() || !c.amocrm_client_secret.empty();
    return c.mode == "sandbox" && c.whatsapp_gateway == "sandbox" && !crm_keys;
}

LoadedConfig load_config(const ConfigSources& sources) {
    LoadedConfig loaded;
    if (sources.config_file) apply_file(*sources.config_file, loaded.config, loaded.problems);

    // The environment wins over the file. An empty variable counts as unset: service managers
    // and compose files often pass VAR= for "not configured".
    for (const Field& field : kFields) {
        if (!field.env || !sources.env) continue;
        std::optional<std::string> value = sources.env(field.env);
        if (!value || value->empty()) continue;
        std::string problem = field.set(loaded.config, field.env, *value);
        if (!problem.empty()) loaded.problems.push_back(hide_if_secret(field, problem, *value));
    }
    check_gateway_settings(loaded.config, loaded.problems);
    check_crm_settings(loaded.config, loaded.problems);
    return loaded;
}

CommandLine parse_command_line(const std::vector<std::string>& args,
                               std::function<std::optional<std::string>(const std::string&)> env) {
    CommandLine cl;
    cl.sources.env = std::move(env);
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            cl.help = true;
        } else if (arg == "--config") {
            if (i + 1 >= args.size() || args[i + 1].empty()) {
                cl.problems.push_back("--config needs a file name: --config FILE");
            } else {
                cl.sources.config_file = args[++i];
            }
        } else if (arg.rfind("--config=", 0) == 0) {
            std::string file = arg.substr(9);
            if (file.empty()) cl.problems.push_back("--config needs a file name: --config=FILE");
            else cl.sources.config_file = file;
        } else if (arg == "--add-user" || arg == "--remove-user" || arg == "--name") {
            if (i + 1 >= args.size() || args[i + 1].empty() || args[i + 1].rfind("--", 0) == 0) {
                cl.problems.push_back(arg + " needs a value: " + arg + (arg == "--name" ? " NAME" : " LOGIN"));
                continue;
            }
            const std::string& value = args[++i];
            if (arg == "--name") {
                cl.login_command.name = value;
            } else {
                cl.login_command.kind = arg == "--add-user" ? LoginCommand::add : LoginCommand::remove;
                cl.login_command.login = value;
            }
        } else if (arg == "--list-users") {
            cl.login_command.kind = LoginCommand::list;
        } else if (arg == "--admin") {
            cl.login_command.admin = true;
        } else {
            cl.problems.push_back("unknown argument " + quoted(arg) + " (see --help)");
        }
    }
    if (!cl.sources.config_file && cl.sources.env) {
        std::optional<std::string> file = cl.sources.env("GROUPDESK_CONFIG");
        if (file && !file->empty()) cl.sources.config_file = *file;
    }
    return cl;
}

std::optional<std::string> process_env(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

} // namespace gd
