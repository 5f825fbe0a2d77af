#pragma once
// An executable under test run as a user runs it: a child process with its own environment,
// stdout and stderr in a log file, killed (SIGKILL) if the test ends without stopping it.
// Thread: the test thread.

#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace latentrack::test {

class ChildProcess {
public:
    /// Starts `program` with `args` (argv[1…]) and exactly the environment `env` ("NAME=value").
    ChildProcess(const std::string& program, const std::vector<std::string>& args,
                 const std::vector<std::string>& env, const std::filesystem::path& log);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool started() const { return m_pid > 0; }
    /// Sends `signal` and waits up to `limit` for the exit; the wait status, or -1 on timeout.
    int stop(int signal, std::chrono::milliseconds limit);

private:
    pid_t m_pid = -1;
};

/// A UDP port on 127.0.0.1 that was free a moment ago.
int freeUdpPort();

/// The environment a child needs to reach the test's JACK server (JACK_DEFAULT_SERVER) and
/// find its programs.
std::vector<std::string> jackChildEnvironment();

} // namespace latentrack::test
