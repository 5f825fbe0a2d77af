#pragma once
// The app's shell: engine, audio device, OSC server, MIDI hub, transport, status bar, menus,
// one tab per instrument, project open/save/autosave — and the list of instruments (the drum
// machine, the FM synthesizer, the latent explorer), each an Instrument unit that owns its
// engine source, its workers and its tab. Thread: GUI; the engine is reached through command
// ports and atomics only, and read through snapshots polled at 30 Hz.

#include <QMainWindow>
#include <QStatusBar>
#include <QTimer>
#include <memory>
#include <vector>

#include "core/audio/AudioDevice.h"
#include "core/control/OscServer.h"
#include "core/engine/Engine.h"
#include "core/project/Project.h"
#include "ui/TransportBar.h"
#include "ui/instrument/Instrument.h"

namespace latentrack::ui {

class DrumMachineUnit;
class GuiOscTarget;
class MidiHub;
class StatusLine;
class TransportBar;

struct MainWindowOptions {
    bool openAudio = true; ///< false in tests: the engine runs without a device
    bool startOsc = true;
    int oscPort = -1;    ///< −1: the project's port; 0: any free port
    QString projectPath; ///< empty: autosave, last project or the demo
    /// Neural model folder; empty: the project's model (assets/models/<name>).
    QString modelPath;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a project file. On error the current project stays as it was, the reason is shown
    /// in the status bar and a non-modal message, and false is returned.
    bool openProject(const QString& path);
    /// Saves atomically; false (with the reason shown) when it cannot be written.
    bool saveProject(const QString& path);
    /// Takes the project's choke groups, polyphony, MIDI channels and notes, FM polyphony and
    /// level from `edited` (the Tracks and MIDI settings dialog) and sends them to the engine
    /// and the MIDI input.
    void applyPlaySettings(const core::project::Project& edited);

    const core::project::Project& project() const { return m_project; }
    core::engine::Engine& engine() { return m_engine; }
    QString lastError() const { return m_lastError; }
    int oscPort() const { return m_osc ? m_osc->port() : 0; }
    MidiHub* midi() const { return m_midi.get(); }
    TransportBar* transport() const { return m_transport; }
    /// The instrument unit of type U, or null.
    template <typename U> U* instrument() const {
        for (const auto& i : m_instruments)
            if (auto* u = qobject_cast<U*>(i.get()))
                return u;
        return nullptr;
    }

    /// OSC changes mirrored into the GUI (queued from the OSC thread).
    void applyRemoteStep(int track, int step, float velocity);
    void applyRemoteBpm(double bpm);
    void applyRemotePlaying(bool playing) { m_transport->setPlaying(playing); }
    /// An instrument parameter sent over OSC (/fader, /mod): the instrument that knows it
    /// applies it.
    void applyRemoteParameter(const QString& id, float value);
    /// OSC /encode, /decode, /load_preset, for the preset-inference unit (which answers).
    void applyRemotePreset(const core::control::PresetRequest& request,
                           const core::control::OscReply& reply);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    class Host; // what the instruments see of the shell
    void markModified();
    void showStatus(const QString& text, int ms) { statusBar()->showMessage(text, ms); }
    void showError(const QString& message);
    template <typename U, typename... Args> U& addInstrument(Args&&... args);
    void buildUi();
    void buildMenus();
    void setProject(const core::project::Project& project, const QString& path);
    void applyMidiParameter(const QString& id, float value);
    void openAudio();
    void startOsc(int port);
    void publishGenerationToOsc();
    void poll();
    void autosave();
    void updateTitle();

    MainWindowOptions m_options;
    core::engine::Engine m_engine;
    core::engine::CommandPort* m_port = nullptr;
    core::engine::CommandPort* m_oscPort = nullptr;
    core::engine::CommandPort* m_midiPort = nullptr;
    core::audio::AudioDevice m_audio{m_engine};
    std::unique_ptr<Host> m_host;
    std::unique_ptr<MidiHub> m_midi;
    std::vector<std::unique_ptr<Instrument>> m_instruments; // tab order
    DrumMachineUnit* m_drums = nullptr; // OSC's /step and /sample_* reach the drum machine
    std::unique_ptr<GuiOscTarget> m_oscTarget;
    std::unique_ptr<core::control::OscServer> m_osc;

    core::project::Project m_project;
    QString m_path;
    bool m_modified = false;
    QString m_lastError;
    TransportBar* m_transport = nullptr;
    std::unique_ptr<StatusLine> m_status;
    QTimer m_pollTimer;
    QTimer m_autosaveTimer;
};

} // namespace latentrack::ui
