#pragma once
// The groupdesk-proxy program as its own process, for the stories that run the real binary: start
// it with settings in its environment, read its start line, sign in, signal or kill it.
#include "proxy_test_support.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <regex>

extern char** environ;

namespace gd::test {

// Built next to this test binary: build/tests/groupdesk_proxy_tests -> build/proxy/groupdesk-proxy.
inline std::filesystem::path proxy_program() {
    return std::filesystem::canonical("/proc/self/exe").parent_path().parent_path() / "proxy" / "groupdesk-proxy";
}

// A child process with its stdout and stderr in pipes; killed if a test fails half-way.
class ProxyProcess {
public:
    explicit ProxyProcess(const std::vector<std::string>& env_settings, const std::vector<std::string>& args = {}) {
        int in[2], out[2], err[2];
        if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
        posix_spawn_file_actions_addclose(&actions, in[1]);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err[1], 2);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        posix_spawn_file_actions_addclose(&actions, err[0]);

        // The parent's environment without GROUPDESK_*, then the test's settings.
        std::vector<std::string> env;
        for (char** e = environ; *e; ++e)
            if (std::string(*e).rfind("GROUPDESK_", 0) != 0) env.push_back(*e);
        env.insert(env.end(), env_settings.begin(), env_settings.end());
        std::vector<char*> envp;
        for (std::string& e : env) envp.push_back(e.data());
        envp.push_back(nullptr);

        std::string program = proxy_program().string();
        std::vector<std::string> argv_strings = {program};
        argv_strings.insert(argv_strings.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (std::string& a : argv_strings) argv.push_back(a.data());
        argv.push_back(nullptr);

        int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        close(in[0]);
        close(out[1]);
        close(err[1]);
        in_ = in[1];
        out_ = out[0];
        err_ = err[0];
        if (rc != 0) throw std::runtime_error("cannot start " + program);
    }
    ~ProxyProcess() {
        if (pid_ > 0 && !reaped_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (in_ >= 0) close(in_);
        close(out_);
        close(err_);
    }

    // Writes to the program's stdin, then closes it (as a pipe from `printf ... |` would).
    void write_stdin(const std::string& text) {
        if (::write(in_, text.data(), text.size()) != (ssize_t)text.size()) throw std::runtime_error("stdin");
        close(in_);
        in_ = -1;
    }

    // Blocks until the program prints a line (or closes stdout).
    std::string stdout_line() {
        std::string line;
        char c;
        while (read(out_, &c, 1) == 1 && c != '\n') line += c;
        return line;
    }
    std::string rest_of_stderr() {
        std::string text;
        char buf[4096];
        ssize_t n;
        while ((n = read(err_, buf, sizeof buf)) > 0) text.append(buf, (size_t)n);
        return text;
    }
    void signal(int sig) { kill(pid_, sig); }
    int exit_code() {
        int status = 0;
        waitpid(pid_, &status, 0);
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    pid_t pid_ = -1;
    int in_ = -1, out_ = -1, err_ = -1;
    bool reaped_ = false;
};

// Signs in with the sandbox's demo login, as a newcomer does; the header to send after.
inline httplib::Headers demo_session(httplib::Client& client) {
    auto signed_in = client.Post("/api/v1/session", R"({"login":"demo","password":"demo"})", "application/json");
    if (!signed_in || signed_in->status != 200) return {};
    return {{"Authorization", "Bearer " + nlohmann::json::parse(signed_in->body)["token"].get<std::string>()}};
}

// Signs in with a stored login (as a live setup must); the header to send after.
inline httplib::Headers session_of(httplib::Client& client, const std::string& login, const std::string& password) {
    auto signed_in = client.Post("/api/v1/session", nlohmann::json{{"login", login}, {"password", password}}.dump(),
                                 "application/json");
    if (!signed_in || signed_in->status != 200) return {};
    return {{"Authorization", "Bearer " + nlohmann::json::parse(signed_in->body)["token"].get<std::string>()}};
}

// The port from the start line.
inline int listening_port(ProxyProcess& proxy) {
    std::smatch m;
    std::string line = proxy.stdout_line();
    if (!std::regex_search(line, m, std::regex(R"(:(\d+) \(mode)"))) return -1;
    return std::stoi(m[1].str());
}

// `printf '%s\n' PASSWORD | groupdesk-proxy --add-user LOGIN --admin` with this data folder.
inline void add_admin_login(const std::filesystem::path& data_dir, const std::string& login, const std::string& password) {
    ProxyProcess add({"GROUPDESK_DATA_DIR=" + data_dir.string()}, {"--add-user", login, "--admin"});
    add.write_stdin(password + "\n");
    ASSERT_EQ(add.exit_code(), 0) << add.rest_of_stderr();
}

} // namespace gd::test
