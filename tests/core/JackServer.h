#pragma once
// Starts a private JACK server on the dummy backend for a test and stops it afterwards.
// The server gets a unique name (JACK_DEFAULT_SERVER), so a user's JACK is never touched.

#include <string>
#include <sys/types.h>

namespace latentrack::test {

class JackServer {
public:
    JackServer(int sampleRate, int periodFrames);
    ~JackServer();
    /// True when the server answered within the start-up timeout.
    bool running() const { return m_running; }
    /// Kills the server (to simulate a vanished device).
    void kill();
    /// Freezes (SIGSTOP) or resumes (SIGCONT) the server: a server that hangs without shutting
    /// its clients down.
    void pause(bool paused);
    /// What jackd printed so far (stdout and stderr).
    std::string log() const;

    /// Xruns jackd logged so far, by the cause it names.
    struct Xruns {
        int clientLate = 0; ///< cycles a client had not finished in time, or finished late
        int driverLate = 0; ///< late wake-ups of the dummy driver's own timer
        int total() const { return clientLate + driverLate; }
    };
    /// Counts the causes in log(); `client` names the client whose late cycles count (empty:
    /// any client).
    Xruns loggedXruns(const std::string& client = {}) const;

private:
    pid_t m_pid = -1;
    bool m_running = false;
    std::string m_name;
    std::string m_logPath;
};

} // namespace latentrack::test
