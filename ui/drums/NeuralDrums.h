#pragma once
// The drum machine's neural half: the granular model (loaded from the project's model folder),
// the generation worker that makes each track's sound on demand (sample_note, sample_path, a
// path drawn in the explorer), keep, re-sampling every N loops while playing, MIDI triggers,
// and sounds stored with the project as recipes that regenerate identically.
// Thread: GUI. The worker (core::gen::GenerationService) has its own command port.

#include <QObject>
#include <QString>
#include <array>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include <QHash>

#include "core/gen/GenerationService.h"
#include "core/seq/Pattern.h"
#include "ui/instrument/Instrument.h"

class QLabel;
class QMenuBar;
class QSpinBox;
class QWidget;

namespace latentrack::models::granular {
class GranularModel;
}

namespace latentrack::ui {

class NeuralDrums : public QObject {
    Q_OBJECT
public:
    /// Opens the worker's command port (before audio starts). `modelOverride` (a folder) wins
    /// over the project's model when not empty.
    NeuralDrums(InstrumentHost& host, QString modelOverride, QObject* parent = nullptr);
    ~NeuralDrums() override;

    /// The bar above the tracks (model name, re-sample every N loops) and the Alt+1…0 /
    /// Alt+Shift+1…0 shortcuts on `shortcuts`.
    QWidget* buildBar(QWidget* parent, QWidget* shortcuts);
    /// The Neural menu; `selectedTrack` tells which track "save as WAV" saves.
    void buildMenu(QMenuBar* bar, std::function<int()> selectedTrack);

    /// Loads the project's model and regenerates the tracks' stored recipes.
    void applyProject();
    void loadModel();
    /// Asks the model for a new sound on `track` (a fresh random seed unless `seed` is given).
    /// False, with the reason in the status bar, when no model can generate it. Drawn mode
    /// makes a new take of the track's drawn path (same latents, new noise seed).
    bool requestSound(int track, core::gen::GenerationMode mode,
                      std::optional<std::uint64_t> seed = std::nullopt);
    /// Asks for exactly this sound on `track` (the class may differ from the track's).
    bool requestRecipe(int track, core::gen::GenerationRecipe recipe);
    /// Stores a path drawn in the explorer (grain latents of model class `classIndex`) as
    /// `track`'s sound.
    void assignPath(int track, const std::vector<std::vector<float>>& latents, int classIndex);
    /// Collects finished sounds (soundArrived for each).
    void collect();
    /// Re-samples unkept tracks each N loops while the transport plays.
    void autoResample(const core::engine::Snapshot& snap);
    /// Rising edge of a MIDI-mapped track.N.sample_note / sample_path: generates. False when
    /// `id` is not such a trigger.
    bool triggerFromMidi(const QString& id, float value);
    void saveTrackSound(int track);

    models::granular::GranularModel* model() const { return m_model.get(); }
    core::gen::GenerationService* generation() const { return m_generation.get(); }
    int pending() const { return m_generation ? m_generation->pending() : 0; }
    /// Whether the model has a class for `track` and whether a sound is being made for it.
    bool available(int track) const;
    bool generating(int track) const { return m_generating.at(static_cast<std::size_t>(track)); }
    /// Joins the worker (its OSC replies use the server's socket).
    void shutdown();

signals:
    /// A new sound for `track` is in the engine: its waveform at the engine's rate and a name.
    void soundArrived(int track, const QString& name, const std::vector<float>& waveform);
    /// Null before a model goes, the new one after it loaded.
    void modelChanged(std::shared_ptr<models::granular::GranularModel> model);
    /// Which tracks can generate or are generating changed.
    void stateChanged();

private:
    InstrumentHost& m_host;
    QString m_modelOverride;
    core::engine::CommandPort* m_port = nullptr;
    std::shared_ptr<models::granular::GranularModel> m_model;
    std::unique_ptr<core::gen::GenerationService> m_generation;
    std::array<std::vector<float>, core::seq::kMaxTracks> m_audio; // model rate, for WAV
    std::array<bool, core::seq::kMaxTracks> m_generating{};
    std::int64_t m_lastLoop = -1;
    std::mt19937_64 m_seedRng{std::random_device{}()};
    QHash<QString, float> m_lastTrigger; // MIDI trigger edges
    QLabel* m_modelLabel = nullptr;
    QSpinBox* m_autoLoops = nullptr;
};

} // namespace latentrack::ui
