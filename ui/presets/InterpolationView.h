#pragma once
// The preset interpolation view of the "Preset inference" tab: two voices A and B, from the FM
// bank or the voice the FM synth plays now (inferred or edited), and N steps between them
// (default 7) in two rows, latent (the parameter line walked at an even pace through the
// model's latent space: LatentPathKind::EvenPace, PresetInterpolation.h) and naive (the same
// line at an even pace through the parameters). Each step shows its rendering's spectrogram (our FM
// engine) and the row plots every parameter along the steps (QCustomPlot), 0 … 1 of its range. A
// click on a step loads it into the FM synth and plays middle C. The rows are computed on a
// worker thread (the latent path renders and encodes 65 voices, about a quarter of a second:
// BM_LatentPathEvenPace) with its own renderer and the loaded model's weights, which nothing
// changes while it runs; the GUI stays responsive and shows the rows when they arrive. A request
// made while one runs is computed after it, and only the newest is shown. The morph slider
// (MIDI-learnable, "preset.morph") loads the voice at any point between A and B into the FM
// synth live, built on the GUI thread from the path and handed to the engine as a whole voice;
// moved before the path has arrived, it loads its voice when it does. "Export cartridge…" writes
// the steps as a 32-voice cartridge (latent steps first, then naive). The ends, steps, morph and
// its mode are kept in the project ("presets"). Thread: GUI.

#include <QFutureWatcher>
#include <QWidget>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"

class QButtonGroup;
class QComboBox;
class QCustomPlot;
class QGridLayout;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace latentrack::models::preset {
class LatentPath;
class PresetInferencer;
} // namespace latentrack::models::preset

namespace latentrack::ui {

class FmUnit;
class InstrumentHost;
struct InterpolationWork;

class InterpolationView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMorphSteps = 1000; ///< slider resolution
    enum Row { Latent = 0, Naive = 1 };

    /// `model` gives the loaded preset model (reading the shipped one on first use), or null.
    InterpolationView(InstrumentHost& host, FmUnit& fm,
                      std::function<models::preset::PresetInferencer*()> model,
                      QWidget* parent = nullptr);
    ~InterpolationView() override;

    /// Sets end 0 (A) or 1 (B) and keeps it in the project; the rows are recomputed when both
    /// ends are set and a model is loaded.
    void setEnd(int end, const core::fm::DxVoice& voice);
    std::optional<core::fm::DxVoice> end(int e) const;
    /// Starts recomputing both rows on the worker (see above) and returns at once; the rows
    /// change when interpolated() is emitted. False, with the reason shown, without a model or
    /// both ends.
    bool interpolate();
    /// True from interpolate() until the newest request's rows are shown.
    bool interpolating() const;
    /// Loads step `step` of a row into the FM synth and plays it (false when out of range).
    bool playStep(Row row, int step);
    /// Morph position t ∈ [0, 1] (the slider's value): loads the voice there into the FM synth.
    void setMorph(double t);
    /// Writes the rows as a cartridge; false with the error shown.
    bool exportCartridge(const QString& file);
    /// Reads the ends, steps and morph from the project (File → Open).
    void applyProject();

    const std::vector<core::fm::DxVoice>& row(Row r) const {
        return m_rows[static_cast<std::size_t>(r)];
    }
    QSlider* morphSlider() const { return m_morph; }
    /// The voice the morph slider loaded last.
    const core::fm::DxVoice& morphVoice() const { return m_morphVoice; }

signals:
    /// The rows of the newest request are shown (or its error, when `ok` is false).
    void interpolated(bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void fillBankCombos();
    void showRow(Row r);
    void plotRow(Row r);
    void updateEndLabels();
    /// Runs the newest request on the worker.
    void startWork();
    /// The worker's result, on the GUI thread.
    void finishWork();

    InstrumentHost& m_host;
    FmUnit& m_fm;
    std::function<models::preset::PresetInferencer*()> m_model;
    std::array<std::vector<core::fm::DxVoice>, 2> m_rows;
    /// Each step's rendering, as the thumbnails show it (computed with the rows).
    std::array<std::vector<core::dsp::LogMel>, 2> m_mels;
    QFutureWatcher<std::shared_ptr<InterpolationWork>>* m_work = nullptr;
    bool m_again = false;        ///< a request came while the worker ran
    int m_generation = 0;        ///< the newest request (opening a project drops older ones)
    bool m_morphPending = false; ///< the latent morph waits for the path
    /// The latent path between the ends (null: not found yet).
    std::unique_ptr<const models::preset::LatentPath> m_path;
    core::fm::DxVoice m_morphVoice = core::fm::DxVoice::initVoice();

    std::array<QComboBox*, 2> m_bank{};
    std::array<QLabel*, 2> m_endLabel{};
    QSpinBox* m_steps = nullptr;
    std::array<QGridLayout*, 2> m_thumbs{};
    std::array<QCustomPlot*, 2> m_plots{};
    QSlider* m_morph = nullptr;
    QButtonGroup* m_mode = nullptr;
    QLabel* m_morphInfo = nullptr;
};

} // namespace latentrack::ui
