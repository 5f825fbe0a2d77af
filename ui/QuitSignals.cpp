#include "ui/QuitSignals.h"

#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace latentrack::ui {

namespace {

constexpr std::array<int, 3> kSignals = {SIGTERM, SIGINT, SIGHUP};
// [0] is written by the handler, [1] read by the notifier. A process has one set of handlers.
int g_pair[2] = {-1, -1};
std::array<struct sigaction, kSignals.size()> g_previous{};

volatile std::sig_atomic_t g_received = 0;

extern "C" void writeSignal(int signal) {
    if (g_received != 0) {
        // A second signal: the orderly path is stuck, so take the default action now.
        std::signal(signal, SIG_DFL);
        std::raise(signal);
        return;
    }
    g_received = 1;
    const int saved = errno;
    const unsigned char number = static_cast<unsigned char>(signal);
    [[maybe_unused]] const ssize_t written = ::write(g_pair[0], &number, 1);
    errno = saved;
}

} // namespace

QuitSignals::QuitSignals(std::function<void(int)> onSignal, QObject* parent)
    : QObject(parent), m_onSignal(std::move(onSignal)) {
    if (g_pair[0] >= 0)
        throw std::runtime_error("QuitSignals: handlers are already installed in this process");
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pair) != 0)
        throw std::runtime_error(std::string("QuitSignals: socketpair failed: ") +
                                 std::strerror(errno));
    m_notifier = new QSocketNotifier(g_pair[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QuitSignals::readSignal);
    struct sigaction action {};
    action.sa_handler = &writeSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (std::size_t i = 0; i < kSignals.size(); ++i)
        ::sigaction(kSignals[i], &action, &g_previous[i]);
}

QuitSignals::~QuitSignals() {
    for (std::size_t i = 0; i < kSignals.size(); ++i)
        ::sigaction(kSignals[i], &g_previous[i], nullptr);
    delete m_notifier;
    ::close(g_pair[0]);
    ::close(g_pair[1]);
    g_pair[0] = g_pair[1] = -1;
    g_received = 0;
}

void QuitSignals::readSignal() {
    unsigned char number = 0;
    if (::read(g_pair[1], &number, 1) == 1 && m_onSignal)
        m_onSignal(number);
}

} // namespace latentrack::ui
