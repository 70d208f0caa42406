// The groupdesk-proxy program as an admin (and the browser tests) run it: one line on stdout
// with the real port, a clean stop on SIGTERM, exit code 2 with a clear message on bad settings.
#include "proxy_test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <regex>

extern char** environ;

namespace gd {
namespace {

// Built next to this test binary: build/tests/groupdesk_proxy_tests -> build/proxy/groupdesk-proxy.
std::filesystem::path proxy_program() {
    return std::filesystem::canonical("/proc/self/exe").parent_path().parent_path() / "proxy" / "groupdesk-proxy";
}

// A child process with its stdout and stderr in pipes; killed if a test fails half-way.
class ProxyProcess {
public:
    explicit ProxyProcess(const std::vector<std::string>& env_settings, const std::vector<std::string>& args = {}) {
        int out[2], err[2];
        if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
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
        close(out[1]);
        close(err[1]);
        out_ = out[0];
        err_ = err[0];
        if (rc != 0) throw std::runtime_error("cannot start " + program);
    }
    ~ProxyProcess() {
        if (pid_ > 0 && !reaped_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        close(out_);
        close(err_);
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
    int out_ = -1, err_ = -1;
    bool reaped_ = false;
};

class ProxyProgram : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(proxy_program()))
            GTEST_SKIP() << "build the groupdesk-proxy target first: " << proxy_program();
    }
    test::ScratchDir dir;
};

TEST_F(ProxyProgram, StartsOnAFreePortSaysSoOnOneLineAndStopsCleanlyOnSigterm) {
    test::FakeWidget().write_into(dir / "web");
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WEB_ROOT=" + (dir / "web").string()});
    std::string line = proxy.stdout_line();
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, std::regex(R"(GroupDesk proxy listening on http://127\.0\.0\.1:(\d+) \(mode sandbox, data (.+)\))")))
        << line;
    EXPECT_EQ(m[2].str(), (dir / "data").string());
    int port = std::stoi(m[1].str());
    ASSERT_GT(port, 0);

    httplib::Client client("127.0.0.1", port);
    auto health = client.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    EXPECT_EQ(client.Get("/api/v1/groups")->status, 200);
    EXPECT_EQ(client.Get("/")->body, test::FakeWidget().index);
    EXPECT_TRUE(std::filesystem::exists(dir / "data" / "groupdesk.sqlite"));

    proxy.signal(SIGTERM);
    EXPECT_EQ(proxy.exit_code(), 0);
    std::string log = proxy.rest_of_stderr();
    EXPECT_NE(log.find("GET /healthz 200"), std::string::npos) << log;
    EXPECT_NE(log.find("stopped"), std::string::npos) << log;
}

TEST_F(ProxyProgram, SigintStopsItToo) {
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "data").string(),
                        "GROUPDESK_WEB_ROOT=" + (dir / "web").string()});
    ASSERT_NE(proxy.stdout_line().find("listening"), std::string::npos);
    proxy.signal(SIGINT);
    EXPECT_EQ(proxy.exit_code(), 0);
}

TEST_F(ProxyProgram, BadSettingsStopItWithCode2AndEveryProblemNamed) {
    ProxyProcess proxy({"GROUPDESK_PORT=http", "GROUPDESK_MODE=live", "GROUPDESK_DATA_DIR=" + (dir / "data").string()});
    EXPECT_EQ(proxy.stdout_line(), "");
    EXPECT_EQ(proxy.exit_code(), 2);
    std::string err = proxy.rest_of_stderr();
    EXPECT_NE(err.find("GROUPDESK_PORT must be a whole number from 0 to 65535"), std::string::npos) << err;
    EXPECT_NE(err.find("\"http\""), std::string::npos) << err;
    EXPECT_NE(err.find("not available yet"), std::string::npos) << err;
    EXPECT_FALSE(std::filesystem::exists(dir / "data"));   // nothing touched
}

TEST_F(ProxyProgram, AConfigFileThatIsNotJsonIsExit2WithLineAndColumn) {
    test::write_file(dir / "proxy.json", "{\"port\": 0,,}");
    ProxyProcess proxy({}, {"--config", (dir / "proxy.json").string()});
    EXPECT_EQ(proxy.exit_code(), 2);
    std::string err = proxy.rest_of_stderr();
    EXPECT_NE(err.find("line 1, column"), std::string::npos) << err;
}

TEST_F(ProxyProgram, AnUnusableDataFolderIsExit1NamingIt) {
    test::write_file(dir / "blocker", "a file");
    ProxyProcess proxy({"GROUPDESK_PORT=0", "GROUPDESK_DATA_DIR=" + (dir / "blocker" / "data").string()});
    EXPECT_EQ(proxy.exit_code(), 1);
    std::string err = proxy.rest_of_stderr();
    EXPECT_NE(err.find("cannot create the data directory"), std::string::npos) << err;
}

TEST_F(ProxyProgram, HelpListsTheVariables) {
    ProxyProcess proxy({}, {"--help"});
    EXPECT_EQ(proxy.stdout_line(), "Usage: groupdesk-proxy [--config FILE]");
    EXPECT_EQ(proxy.exit_code(), 0);
}

} // namespace
} // namespace gd
