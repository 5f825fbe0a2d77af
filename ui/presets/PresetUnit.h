#pragma once
// Preset inference as an instrument unit (the "Preset inference" tab): a sound — a file, or a
// sung sketch recorded from the audio input — becomes a DX7 voice that plays in the FM synth at
// once; voices are interpolated and moved with macro knobs.
// - Model: the shipped preset models (assets/models, kind "preset"; the first is read on first
//   use, not at start-up) or any model folder.
// - "Open sound…" or "Record" (the input capture, up to 10 s): the sound is resampled to the
//   model's rate and refused with the reason when silent, too short or unreadable (nothing
//   changes then); with "Vocal sketch" on, silence is trimmed and the sung pitch shifted to C4
//   (VocalSketch.h), and the voice is to be played at the sung key.
// - Inference (posterior mean + samples, ranked by their rendering's distance to the sound)
//   loads the best candidate into the FM synth; the candidates are listed, click one to load it.
// - The sound's and the current voice's spectrograms side by side; A/B plays the sound the
//   model matched, then the voice's rendering of it (note 60), through the unit's own stream
//   player source.
// - "Refine": a time-bounded NLopt search from the two best candidates on a worker thread,
//   with progress and Cancel; the result replaces the voice.
// - "Save voice…" (.syx), "Add to bank" (the FM tab's bank), "Send to DX7" (SysEx out of the
//   MIDI output).
// - The interpolation view (InterpolationView.h) and eight macro knobs (MacroKnobs.h, from the
//   model's sweep): a knob moves the FM synth's current voice along its latent dimension and
//   reloads it live; knobs and morph are MIDI-learnable ("preset.macro.1" … 8, "preset.morph")
//   and kept in the project ("presets").
// LibTorch and the FM renderings run on the GUI thread for inference and macros (milliseconds
// to tens of milliseconds) and on the refinement worker; never on the audio thread.
// Thread: GUI.

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <QString>

#include "core/control/OscServer.h"
#include "core/dsp/MelSpectrogram.h"
#include "core/engine/StreamPlayer.h"
#include "core/fm/DxVoice.h"
#include "ui/instrument/InputRecorder.h"
#include "ui/instrument/Instrument.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace latentrack::models::preset {
class PresetInferencer;
struct MacroDimension;
struct PresetCandidate;
struct RefinementResult;
class VoiceMacros;
} // namespace latentrack::models::preset

namespace latentrack::ui {

class FmUnit;
class InterpolationView;
class MacroKnobs;

class PresetUnit : public Instrument {
    Q_OBJECT
public:
    static constexpr double kMaxRecordingSeconds = 10.0;

    /// Adds the unit's stream player (A/B listening) to the engine.
    PresetUnit(InstrumentHost& host, FmUnit& fm);
    ~PresetUnit() override;

    QString title() const override { return tr("Preset inference"); }
    QWidget* buildTab(QWidget* parent) override;
    void applyProject() override;
    void poll(const core::engine::Snapshot&) override;
    bool mirrorParameter(const QString& id, float value) override;
    void shutdown() override;

    /// Loads a model folder; false (and an error shown) when it cannot be used.
    bool loadModel(const QString& folder);
    /// Infers a voice from a sound file and loads the best into the FM synth; false (an error
    /// shown, nothing changed) for a file that cannot be matched or when no model is loaded.
    bool openSound(const QString& file);
    /// The same for mono audio at `sampleRate` Hz; `label` names it in messages.
    bool matchAudio(std::vector<float> audio, double sampleRate, const QString& label);
    /// Records the audio input for a sketch; false with the reason in the status bar.
    bool startRecording();
    /// Stops recording and matches what was recorded.
    void stopRecording();
    bool recording() const { return m_recorder.recording(); }
    /// A/B: plays the matched sound (A) or the voice's rendering (B); false without a sound.
    bool playComparison(bool voice);
    /// Starts refinement for `seconds` on a worker (no-op while one runs or without a sound).
    void refine(double seconds);
    void cancelRefinement();
    bool refining() const { return m_worker.joinable() && !m_done.load(); }
    /// OSC /encode, /decode, /load_preset (OscServer.h): acts as the tab would and answers
    /// /params and /z_pos, or /error with the reason. /encode's z_pos is the posterior mean of
    /// the sound; /load_preset's is the flow's inverse of the voice (PresetInferencer::latentOf),
    /// the point that /decode turns back into that voice exactly.
    void oscRequest(const core::control::PresetRequest& request,
                    const core::control::OscReply& reply);
    /// Writes the current voice as a single-voice .syx; false with an error shown on failure.
    bool saveVoice(const QString& file);
    /// Adds the current voice to the FM tab's bank (FmPanel::addToBank); its number, or 0.
    int addToBank();
    /// Sends the current voice as single-voice SysEx to the MIDI output; false with the reason.
    bool sendToSynth();
    /// Macro knob 0 … 7 at −1 … 1: moves the FM synth's current voice along that knob's latent
    /// dimension (from where the knobs started) and loads it; false without a model or sweep.
    bool turnMacro(int knob, float position);

    const std::vector<models::preset::PresetCandidate>& candidates() const;
    const core::fm::DxVoice& currentVoice() const { return m_voice; }
    double currentDistanceDb() const { return m_distanceDb; }
    bool hasModel() const { return m_inferencer != nullptr; }
    /// Loads the chosen shipped model if it has not been read yet; false when none is usable.
    bool ensureModel();
    /// Why the last openSound() or matchAudio() failed.
    const QString& lastProblem() const { return m_lastProblem; }
    InterpolationView* interpolation() const { return m_interpolation; }
    /// The engine source A/B plays through.
    core::engine::StreamPlayer& comparisonPlayer() { return m_stream; }
    MacroKnobs* macroKnobs() const { return m_knobs; }
    const std::vector<models::preset::MacroDimension>& macros() const;

private:
    void buildMatchPage(QWidget* page);
    void registerParameters();
    void useVoice(const core::fm::DxVoice& voice, double distanceDb);
    void showSpectrograms();
    void joinWorker();
    void feedComparison();

    FmUnit& m_fm;
    core::engine::StreamPlayer& m_stream;
    std::unique_ptr<models::preset::PresetInferencer> m_inferencer;
    std::vector<models::preset::MacroDimension> m_macros;
    std::vector<models::preset::PresetCandidate> m_candidates;
    core::dsp::LogMel m_sound;
    std::vector<float> m_soundAudio; ///< the matched sound at the model's rate
    bool m_haveSound = false;
    core::fm::DxVoice m_voice = core::fm::DxVoice::initVoice();
    double m_distanceDb = 0.0;
    QString m_lastProblem;
    QString m_pendingModel; ///< chosen at start-up or by the project, read on first use
    QString m_modelFolder;  ///< the loaded model's folder
    InputRecorder m_recorder{kMaxRecordingSeconds};

    // Macro knobs: around the voice they start from, and the voice they made last (another voice
    // in the FM synth means the knobs start again from it).
    std::unique_ptr<models::preset::VoiceMacros> m_macroKnobs;
    std::optional<core::fm::DxVoice> m_macroVoice;

    // A/B: the audio being fed into the stream player, at the engine's rate.
    std::vector<float> m_comparison;
    std::size_t m_comparisonAt = 0;

    // Refinement worker: writes m_result and then m_done; the GUI reads them in poll().
    std::thread m_worker;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_done{false};
    std::atomic<double> m_progressDb{0.0};
    std::atomic<double> m_progressSeconds{0.0};
    double m_refineSeconds = 0.0;
    std::unique_ptr<models::preset::RefinementResult> m_result;

    QComboBox* m_models = nullptr;
    QCheckBox* m_sketch = nullptr;
    QPushButton* m_record = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_soundImage = nullptr;
    QLabel* m_voiceImage = nullptr;
    QLabel* m_info = nullptr;
    QDoubleSpinBox* m_seconds = nullptr;
    QPushButton* m_refine = nullptr;
    QProgressBar* m_progress = nullptr;
    InterpolationView* m_interpolation = nullptr;
    MacroKnobs* m_knobs = nullptr;
};

} // namespace latentrack::ui
