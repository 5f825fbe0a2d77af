#include "JackServer.h"

#include "core/audio/AudioDevice.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace latentrack::test {

JackServer::JackServer(int sampleRate, int periodFrames) {
    m_name = "latentrack-test-" + std::to_string(::getpid());
    ::setenv("JACK_DEFAULT_SERVER", m_name.c_str(), 1);
    ::setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
    const std::string rate = std::to_string(sampleRate);
    const std::string period = std::to_string(periodFrames);
    m_logPath = "/tmp/" + m_name + ".log";
    posix_spawn_file_actions_t io;
    posix_spawn_file_actions_init(&io);
    posix_spawn_file_actions_addopen(&io, 1, m_logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&io, 1, 2);
    // jackd's stdout to a file is block-buffered: coreutils' stdbuf makes it line-buffered, so
    // that log() shows each xrun as jackd reports it, while the server runs.
    const char* argv[] = {"stdbuf",     "-oL", "-eL",          "jackd", "-R",    "-P",
                          "70",         "-n",  m_name.c_str(), "-d",    "dummy", "-r",
                          rate.c_str(), "-p",  period.c_str(), nullptr};
    const int spawned =
        posix_spawnp(&m_pid, "stdbuf", &io, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&io);
    if (spawned != 0) {
        m_pid = -1;
        return;
    }
    // Wait until a client can see its ports.
    for (int i = 0; i < 100 && !m_running; ++i) {
        std::this_thread::sleep_for(100ms);
        m_running = !latentrack::core::audio::AudioDevice::outputDevices("jack").empty();
    }
}

JackServer::~JackServer() {
    kill();
}

std::string JackServer::log() const {
    std::ifstream in(m_logPath);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

JackServer::Xruns JackServer::loggedXruns(const std::string& client) const {
    const std::string text = log();
    auto count = [&text](const std::string& what) {
        int n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
            ++n;
        return n;
    };
    Xruns x;
    // jackd names a late client in two ways (JackEngine::CheckXRun): not finished when the next
    // cycle began, or finished but after the cycle's deadline.
    x.clientLate = client.empty() ? count("was not finished") + count("finished after current")
                                  : count("client = " + client + " was not finished") +
                                        count("client " + client + " finished after current");
    x.driverLate = count("JackTimedDriver::Process XRun");
    return x;
}

void JackServer::pause(bool paused) {
    if (m_pid > 0)
        ::kill(m_pid, paused ? SIGSTOP : SIGCONT);
}

void JackServer::kill() {
    if (m_pid <= 0)
        return;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50 && ::waitpid(m_pid, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(100ms);
    if (::waitpid(m_pid, &status, WNOHANG) == 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
    m_running = false;
}

} // namespace latentrack::test
