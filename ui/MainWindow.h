#pragma once
// The drum machine's main window: transport, step grid, per-track strips, waveform of the
// selected track, status bar (audio state, CPU load, xruns, voices, OSC). Owns the engine, the
// audio device and the OSC server. Thread: GUI; the engine is reached through its command port
// and atomics only, and read through snapshots polled at 30 Hz.

#include <QHash>
#include <QMainWindow>
#include <QTimer>
#include <array>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "core/audio/AudioDevice.h"
#include "core/control/OscServer.h"
#include "core/engine/DrumMachine.h"
#include "core/engine/Engine.h"
#include "core/engine/FmInstrument.h"
#include "core/engine/StreamPlayer.h"
#include "core/gen/GenerationService.h"
#include "core/project/Project.h"
#include "ui/TrackStrip.h"

class QLabel;
class QSpinBox;

namespace latentrack::models::granular {
class GranularModel;
class GrainStreamer;
} // namespace latentrack::models::granular

namespace latentrack::ui {

class FmPanel;
class MidiHub;
class StepGrid;
class TransportBar;
class WaveformView;
class GuiOscTarget;
class LatentExplorer;

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

    const core::project::Project& project() const { return m_project; }
    core::engine::Engine& engine() { return m_engine; }
    core::engine::DrumMachine& drums() { return m_drums; }
    core::engine::FmInstrument& fm() { return m_fm; }
    StepGrid* grid() const { return m_grid; }
    QString lastError() const { return m_lastError; }
    int oscPort() const { return m_osc ? m_osc->port() : 0; }
    FmPanel* fmPanel() const { return m_fmPanel; }
    MidiHub* midi() const { return m_midi.get(); }
    TransportBar* transport() const { return m_transport; }
    TrackStrip* strip(int track) const { return m_strips.at(static_cast<std::size_t>(track)); }
    /// The loaded neural model, or null.
    models::granular::GranularModel* neuralModel() const { return m_model.get(); }
    /// Asks the model for a new sound on `track` (a fresh random seed unless `seed` is given).
    /// Returns false, with the reason in the status bar, when no model can generate it.
    /// Drawn mode makes a new take of the track's drawn path (same latents, new noise seed).
    bool requestSound(int track, core::gen::GenerationMode mode,
                      std::optional<std::uint64_t> seed = std::nullopt);
    /// Asks the model for exactly this sound on `track` (the class may differ from the track's,
    /// e.g. a path drawn on the map of another class). False, with the reason in the status
    /// bar, when no model can generate it.
    bool requestRecipe(int track, core::gen::GenerationRecipe recipe);
    /// Requests waiting or running on the generation worker.
    int pendingSounds() const { return m_generation ? m_generation->pending() : 0; }
    /// Collects finished sounds now (poll() does it 30 times a second).
    void collectSounds();
    LatentExplorer* explorer() const { return m_explorer; }
    /// Records the audio input (up to kMaxRecordingSeconds) for resynthesis in the explorer.
    /// False, with the reason in the status bar, when the audio stream has no input or no
    /// model is loaded.
    bool startRecording();
    /// Stops recording; the recording (at least one grain long) is resampled to the model's
    /// rate and resynthesised in the explorer.
    void stopRecording();
    bool recording() const { return m_recordingOn; }
    /// Takes the project's choke groups, polyphony, MIDI channels and notes, FM polyphony and
    /// level from `edited` (the Tracks and MIDI settings dialog) and sends them to the engine
    /// and the MIDI input.
    void applyPlaySettings(const core::project::Project& edited);
    static constexpr double kMaxRecordingSeconds = 10.0;
    models::granular::GrainStreamer* streamer() const { return m_streamer.get(); }

    /// Applies an OSC change to the GUI model (called on the GUI thread via a queued call).
    void applyRemoteStep(int track, int step, float velocity);
    void applyRemoteBpm(double bpm);
    void applyRemotePlaying(bool playing);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void buildMenus();
    // FM synthesizer and MIDI (MainWindowFm.cpp).
    QWidget* buildFmTab();
    void attachMidiLearn();
    void applyFmAndMidi();
    void applyMidiParameter(const QString& id, float value);
    // Neural drum machine (MainWindowNeural.cpp).
    QWidget* buildNeuralBar(QWidget* parent);
    void connectNeuralStrip(TrackStrip* strip);
    void loadNeuralModel();
    void publishGenerationToOsc();
    void applyNeuralProject();
    void autoResample(const core::engine::Snapshot& snap);
    void saveTrackSound();
    void updateNeuralStrips();
    bool triggerFromMidi(const QString& id, float value);
    void assignPathToTrack(int track, const std::vector<std::vector<float>>& latents,
                           int classIndex);
    void pollRecording(); ///< moves captured input into m_recording (poll timer)
    void setProject(const core::project::Project& project, const QString& path);
    void reloadKit();
    /// Switches to an installed kit (by name) or a kit folder (by path).
    void useKit(const QString& kit);
    void refreshWidgets();
    void openAudio();
    void startOsc(int port);
    void poll();
    void autosave();
    void markModified();
    void showError(const QString& message);
    void selectTrack(int track);
    void send(core::engine::CommandType type, int track = 0, int step = 0, float value = 0.0f);
    void updateTitle();

    /// Connects a track-strip signal (int track, T value) to the engine's atomic for that
    /// control and to the project's field, so the two never drift apart.
    template <typename Signal, typename T>
    void bindTrackControl(TrackStrip* strip, Signal signal,
                          std::atomic<T> core::engine::TrackControls::*control,
                          T core::project::TrackState::*field) {
        connect(strip, signal, this, [this, control, field](int track, T value) {
            (m_drums.tracks[track].*control).store(value);
            m_project.tracks[track].*field = value;
            markModified();
        });
    }

    MainWindowOptions m_options;
    core::engine::Engine m_engine;
    // The instruments' engine sources, in mix order (initialised in declaration order).
    core::engine::DrumMachine& m_drums{m_engine.add<core::engine::DrumMachine>()};
    core::engine::FmInstrument& m_fm{m_engine.add<core::engine::FmInstrument>()};
    core::engine::StreamPlayer& m_explorerStream{m_engine.add<core::engine::StreamPlayer>()};
    core::engine::Engine::CommandPort* m_port = nullptr;
    core::engine::Engine::CommandPort* m_oscPort = nullptr;
    core::engine::Engine::CommandPort* m_midiPort = nullptr;
    core::engine::Engine::CommandPort* m_genPort = nullptr;
    std::shared_ptr<models::granular::GranularModel> m_model;
    std::unique_ptr<core::gen::GenerationService> m_generation;
    std::unique_ptr<models::granular::GrainStreamer> m_streamer;
    LatentExplorer* m_explorer = nullptr;
    std::array<std::vector<float>, core::seq::kMaxTracks> m_neuralAudio; // model rate, for WAV
    std::array<bool, core::seq::kMaxTracks> m_generating{};
    std::int64_t m_lastLoop = -1;
    bool m_recordingOn = false;
    std::vector<float> m_recording; // engine rate, mono
    std::mt19937_64 m_seedRng{std::random_device{}()};
    QHash<QString, float> m_lastTrigger; // MIDI trigger edges
    QLabel* m_modelLabel = nullptr;
    QSpinBox* m_autoLoops = nullptr;
    core::audio::AudioDevice m_audio{m_engine};
    std::unique_ptr<GuiOscTarget> m_oscTarget;
    std::unique_ptr<core::control::OscServer> m_osc;
    std::unique_ptr<MidiHub> m_midi;
    FmPanel* m_fmPanel = nullptr;

    core::project::Project m_project;
    QString m_path;
    bool m_modified = false;
    QString m_lastError;
    QString m_oscStatus;
    std::array<std::vector<float>, core::seq::kMaxTracks> m_waveforms;
    std::array<QString, core::seq::kMaxTracks> m_instruments;
    int m_selected = 0;

    TransportBar* m_transport = nullptr;
    StepGrid* m_grid = nullptr;
    std::array<TrackStrip*, core::seq::kMaxTracks> m_strips{};
    WaveformView* m_waveform = nullptr;
    QLabel* m_audioLabel = nullptr;
    QLabel* m_loadLabel = nullptr;
    QLabel* m_oscLabel = nullptr;
    QTimer m_pollTimer;
    QTimer m_autosaveTimer;
};

} // namespace latentrack::ui
