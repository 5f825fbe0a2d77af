#pragma once
// Preset inference as an instrument unit (the "Preset inference" tab): a sound — a file, or a
// sung sketch — becomes a DX7 voice that plays in the FM synth at once.
// - Model: the shipped preset models (assets/models, kind "preset"; the first is read on first
//   use, not at start-up) or any model folder.
// - "Open sound…": the file is read (any libsndfile format, resampled to the model's rate),
//   refused with the reason when silent, too short or unreadable (nothing changes then); with
//   "Vocal sketch" on, silence is trimmed and the sung pitch shifted to C4 (VocalSketch.h).
// - Inference (posterior mean + samples, ranked by their rendering's distance to the sound)
//   loads the best candidate into the FM synth; the candidates are listed, click one to load it.
// - The sound's and the current voice's spectrograms side by side.
// - "Refine": a time-bounded NLopt search from the two best candidates on a worker thread,
//   with progress and Cancel; the result replaces the voice.
// - "Save voice…": a single-voice .syx.
// LibTorch and the FM renderings run on the GUI thread for inference (tens of milliseconds) and
// on the refinement worker; never on the audio thread. Thread: GUI.

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <QString>

#include "core/control/OscServer.h"
#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"
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
struct PresetCandidate;
struct RefinementResult;
} // namespace latentrack::models::preset

namespace latentrack::ui {

class FmUnit;

class PresetUnit : public Instrument {
    Q_OBJECT
public:
    PresetUnit(InstrumentHost& host, FmUnit& fm);
    ~PresetUnit() override;

    QString title() const override { return tr("Preset inference"); }
    QWidget* buildTab(QWidget* parent) override;
    void applyProject() override {}
    void poll(const core::engine::Snapshot&) override;
    void shutdown() override;

    /// Loads a model folder; false (and an error shown) when it cannot be used.
    bool loadModel(const QString& folder);
    /// Infers a voice from a sound file and loads the best into the FM synth; false (an error
    /// shown, nothing changed) for a file that cannot be matched or when no model is loaded.
    bool openSound(const QString& file);
    /// Starts refinement for `seconds` on a worker (no-op while one runs or without a sound).
    void refine(double seconds);
    void cancelRefinement();
    bool refining() const { return m_worker.joinable() && !m_done.load(); }
    /// OSC /encode, /decode, /load_preset (OscServer.h): acts as the tab would and answers
    /// /params and /z_pos, or /error with the reason.
    void oscRequest(const core::control::PresetRequest& request,
                    const core::control::OscReply& reply);
    /// Writes the current voice as a single-voice .syx; false with an error shown on failure.
    bool saveVoice(const QString& file);

    const std::vector<models::preset::PresetCandidate>& candidates() const;
    const core::fm::DxVoice& currentVoice() const { return m_voice; }
    double currentDistanceDb() const { return m_distanceDb; }
    bool hasModel() const { return m_inferencer != nullptr; }
    /// Loads the chosen shipped model if it has not been read yet; false when none is usable.
    bool ensureModel();
    /// Why the last openSound() failed.
    const QString& lastProblem() const { return m_lastProblem; }

private:
    void useVoice(const core::fm::DxVoice& voice, double distanceDb);
    void showSpectrograms();
    void joinWorker();

    FmUnit& m_fm;
    std::unique_ptr<models::preset::PresetInferencer> m_inferencer;
    std::vector<models::preset::PresetCandidate> m_candidates;
    core::dsp::LogMel m_sound;
    bool m_haveSound = false;
    core::fm::DxVoice m_voice = core::fm::DxVoice::initVoice();
    double m_distanceDb = 0.0;
    QString m_lastProblem;
    QString m_pendingModel; ///< chosen at start-up, read on first use

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
    QListWidget* m_list = nullptr;
    QLabel* m_soundImage = nullptr;
    QLabel* m_voiceImage = nullptr;
    QLabel* m_info = nullptr;
    QDoubleSpinBox* m_seconds = nullptr;
    QPushButton* m_refine = nullptr;
    QProgressBar* m_progress = nullptr;
};

} // namespace latentrack::ui
