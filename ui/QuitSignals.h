#pragma once
// Ends the app in an orderly way on SIGTERM, SIGINT and SIGHUP (a desktop logging out, a
// service manager stopping the module, Ctrl-C in a terminal), so that the main window's close
// path runs: unsaved changes go to the autosave file and the audio stream is closed.
//
// The handler only writes the signal number to a socket pair (write(2) is async-signal-safe);
// a QSocketNotifier reads it on the GUI thread and calls the callback there. This is the
// self-pipe pattern of Qt's "Calling Qt Functions From Unix Signal Handlers".

#include <QObject>

#include <functional>

class QSocketNotifier;

namespace latentrack::ui {

class QuitSignals : public QObject {
    Q_OBJECT
public:
    /// Installs the handlers (sigaction with SA_RESTART). `onSignal` runs on the GUI thread
    /// with the signal number. A second signal takes the default action at once (ends the
    /// process), for an app whose orderly close is stuck. One instance per process; the
    /// previous handlers come back when it is destroyed. Thread: GUI.
    /// Throws std::runtime_error when the socket pair cannot be made.
    explicit QuitSignals(std::function<void(int)> onSignal, QObject* parent = nullptr);
    ~QuitSignals() override;
    QuitSignals(const QuitSignals&) = delete;
    QuitSignals& operator=(const QuitSignals&) = delete;

private:
    void readSignal();

    std::function<void(int)> m_onSignal;
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace latentrack::ui
