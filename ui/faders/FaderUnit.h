#pragma once
// The attribute faders as an instrument unit (NeuroRave, ICASSP 2023): its engine source (a
// core::engine::StreamPlayer fed by a models::rave::RaveVoice worker), the "Attribute faders"
// tab — model chooser, play, source (the model's prior with its first latent on a knob, or a
// sound file played through the model), five faders in the descriptors' own units each with a
// modulator (shape, rate, amount), "change all" (the module's gate 2), and a scrolling plot of
// target against measured for one attribute — and its parameters (fader.<name>, for MIDI learn).
// An nn~ / RAVE TorchScript file (`.ts`) chosen as the model loads on a worker and plays through
// a models::torchscript::TorchScriptVoice on the same stream player: latent knobs
// (LatentKnobs, ts.z<k>.bias|scale) in place of the descriptor faders, generate from a latent
// walk, a sound through encode → knobs → decode (or forward), or the live audio input.
// Thread: GUI; the voices decode on their own workers.

#include <array>
#include <future>
#include <memory>

#include "core/control/Modulator.h"
#include "core/engine/StreamPlayer.h"
#include "core/io/TakeRecorder.h"
#include "ui/instrument/Instrument.h"

class QComboBox;
class QCustomPlot;
class QDial;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace latentrack::models::rave {
struct RaveBundle;
class RaveVoice;
} // namespace latentrack::models::rave
namespace latentrack::models::torchscript {
class TorchScriptModel;
class TorchScriptVoice;
} // namespace latentrack::models::torchscript

namespace latentrack::ui {

class LatentKnobs;

class FaderUnit : public Instrument {
    Q_OBJECT
public:
    static constexpr int kFaders = 5;
    /// Slider −100 … 100 = fader travel −1 … 1 (models::rave::FaderScale: 0 = the training
    /// data's median, ±1 its extremes).
    static constexpr int kSliderSteps = 100;
    static constexpr double kPlotSeconds = 10.0;

    /// Adds a stream player to the engine.
    explicit FaderUnit(InstrumentHost& host);
    ~FaderUnit() override;

    QString title() const override { return tr("Attribute faders"); }
    QWidget* buildTab(QWidget* parent) override;
    void applyProject() override;
    void audioChanged() override;
    void poll(const core::engine::Snapshot& snap) override;
    bool mirrorParameter(const QString& id, float value) override;
    QString statusText() const override;
    void shutdown() override;

    /// Loads a model folder (kind "rave") at once, or starts loading a TorchScript file on a
    /// worker (it plays once poll() sees it loaded; scriptLoading() meanwhile); false with the
    /// reason in the status bar.
    bool loadModel(const QString& folder);
    bool scriptLoading() const { return m_scriptLoading.valid(); }
    /// The live audio input through the model (record-arm; it takes the engine's input capture
    /// while on): an F-RAVE model encodes it in blocks, with its own descriptors as the
    /// attributes plus the faders; a TorchScript model plays it a buffer behind. False without a
    /// model.
    bool setLiveInput(bool on);
    /// Latent knob `d` (0 … 7) of a TorchScript model, as the dials and MIDI move it.
    void setKnob(int d, float bias, float scale);
    /// A TorchScript model plays a sound through forward instead of encode → decode.
    void setForward(bool on);
    /// Record: arms a take of the voice's output (mono, the engine's rate); stopping writes it
    /// to `file` (24-bit WAV or FLAC by extension, atomically; empty: asks where). False with
    /// the reason shown (nothing recorded, an unwritable file).
    bool setRecording(bool on, const QString& file = {});
    /// Attribute `a` follows the descriptor curve of `file` (looped) in place of its modulator
    /// (the modulator menu's "follow a sound…"); empty: back to the modulator. False with the
    /// reason shown (no F-RAVE model, an unreadable file).
    bool setFollow(int a, const QString& file);
    static constexpr int kFollowShape = 7; ///< the menu item after the modulator shapes
    bool recording() const { return m_take.recording(); }
    /// What a file dropped on the tab does: a `.ts` file or a model folder becomes the model,
    /// anything else plays through the model (an audio file). False with the reason shown.
    bool openDropped(const QString& path);
    /// Plays `file` through the model (timbre transfer); an empty path goes back to the prior.
    bool playThrough(const QString& file);
    void setPlaying(bool on);
    /// Fader `a` (0 … 4) at travel −1 … 1, as the slider and MIDI move it.
    void setFader(int a, float travel);
    void setModulator(int a, const core::control::ModulatorSettings& m);

    core::engine::StreamPlayer& source() { return m_stream; }
    models::rave::RaveVoice* voice() const { return m_voice.get(); }
    models::torchscript::TorchScriptVoice* scriptVoice() const { return m_tsVoice.get(); }
    LatentKnobs* knobs() const { return m_knobs; }
    QSlider* fader(int a) const { return m_sliders.at(static_cast<std::size_t>(a)); }
    QCustomPlot* plot() const { return m_plot; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override; ///< drops on the tab

private:
    /// Modulator `a` from its widgets, a synced rate from the project's tempo.
    void modulatorFromWidgets(int a);
    void applyFollow(int a); ///< the project's follow file of `a` to the voice
    bool loadScript(const QString& file);
    void finishScript();
    void startScriptVoice();
    void showScriptView(bool script);
    void stopLiveInput();
    /// Seconds a voice keeps decoded ahead: 30 ms, or two device buffers when longer.
    double aheadSeconds() const;
    /// Selects `path` in the model chooser, adding it when it was opened by hand.
    void showInChooser(const QString& path);
    /// "Source: …" from the state: the live input, the looped sound, or the prior / the walk.
    void refreshSourceLabel();
    void startVoice();
    void refreshLabels();
    /// Note and transpose: enabled for a model with a pitch input; the note's name.
    void refreshPitchControls();
    void registerParameters();

    core::engine::StreamPlayer& m_stream;
    std::shared_ptr<models::rave::RaveBundle> m_bundle;
    std::unique_ptr<models::rave::RaveVoice> m_voice;
    std::shared_ptr<models::torchscript::TorchScriptModel> m_script;
    std::unique_ptr<models::torchscript::TorchScriptVoice> m_tsVoice;
    std::future<std::shared_ptr<models::torchscript::TorchScriptModel>> m_scriptLoading;
    QString m_scriptPath; ///< the file m_scriptLoading reads
    QString m_shownError; ///< the voice's error last shown
    bool m_live = false;
    core::io::TakeRecorder m_take; ///< outlives the voices (shutdown() ends them first)
    bool m_forward = false;
    QString m_modelFolder;
    QString m_soundFile;
    std::array<float, kFaders> m_positions{};
    std::array<core::control::ModulatorSettings, kFaders> m_modulators{};
    double m_plotTime = 0.0;

    QComboBox* m_models = nullptr;
    QPushButton* m_play = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QDial* m_firstLatent = nullptr;
    QSpinBox* m_note = nullptr;      ///< a model with a pitch input: its note from the prior
    QSpinBox* m_transpose = nullptr; ///< … and the transposition of every source
    QLabel* m_noteName = nullptr;
    std::array<QSlider*, kFaders> m_sliders{};
    std::array<QLabel*, kFaders> m_values{};
    std::array<QComboBox*, kFaders> m_shapes{};
    std::array<QDoubleSpinBox*, kFaders> m_rates{};
    std::array<QDoubleSpinBox*, kFaders> m_amounts{};
    std::array<QDoubleSpinBox*, kFaders> m_biases{};
    std::array<QComboBox*, kFaders> m_syncs{}; ///< free, or a cycle of 4 bars … 1/16 note
    double m_syncedBpm = 0.0;                  ///< the tempo the synced rates were set for
    QWidget* m_faderPanel = nullptr;
    LatentKnobs* m_knobs = nullptr;
    QPushButton* m_liveButton = nullptr;
    QPushButton* m_recordButton = nullptr;
    QComboBox* m_transferMode = nullptr;
    QComboBox* m_plotted = nullptr;
    QLabel* m_plotLabel = nullptr;
    QCustomPlot* m_plot = nullptr;
};

} // namespace latentrack::ui
