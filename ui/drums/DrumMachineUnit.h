#pragma once
// The drum machine as an instrument unit: its engine source (core::engine::DrumMachine), the
// tab (neural bar, track strips, step grid, waveform of the selected track), the kit the
// project names, its part of the project (pattern, tracks, kit, neural) and MIDI learn of the
// track controls. The neural generation is NeuralDrums. Thread: GUI.

#include <array>
#include <vector>

#include "core/engine/DrumMachine.h"
#include "ui/drums/NeuralDrums.h"
#include "ui/instrument/Instrument.h"

class QWidget;

namespace latentrack::ui {

class StepGrid;
class TrackStrip;
class WaveformView;

class DrumMachineUnit : public Instrument {
    Q_OBJECT
public:
    /// Adds the drum machine to the engine. `modelOverride`: see NeuralDrums.
    DrumMachineUnit(InstrumentHost& host, const QString& modelOverride);

    QString title() const override { return tr("Drum machine"); }
    QWidget* buildTab(QWidget* parent) override;
    void buildMenus(QMenuBar* bar) override;
    void applyProject() override;
    void audioChanged() override;
    void poll(const core::engine::Snapshot& snap) override;
    bool mirrorParameter(const QString& id, float value) override;
    QString statusText() const override;
    void shutdown() override { m_neural.shutdown(); }

    /// Switches to an installed kit (by name) or a kit folder (by path).
    void useKit(const QString& kit);
    /// A step changed remotely (OSC): the grid shows it.
    void showRemoteStep(int track, int step, float velocity);

    core::engine::DrumMachine& source() { return m_drums; }
    NeuralDrums& neural() { return m_neural; }
    StepGrid* grid() const { return m_grid; }
    TrackStrip* strip(int track) const { return m_strips.at(static_cast<std::size_t>(track)); }

signals:
    /// The pattern's shape changed (layout or number of steps): OSC validates /step by it.
    void shapeChanged(int tracks, int steps);

private:
    QWidget* buildTracks(QWidget* parent);
    void attachMidiLearn();
    void reloadKit();
    void refreshWidgets();
    void selectTrack(int track);
    void updateNeuralStrips();
    template <typename Signal, typename T>
    void bindTrackControl(TrackStrip* strip, Signal signal,
                          std::atomic<T> core::engine::TrackControls::*control,
                          T core::project::TrackState::*field);

    core::engine::DrumMachine& m_drums;
    NeuralDrums m_neural;
    std::array<std::vector<float>, core::seq::kMaxTracks> m_waveforms; // engine rate
    std::array<QString, core::seq::kMaxTracks> m_instruments;
    int m_selected = 0;
    StepGrid* m_grid = nullptr;
    std::array<TrackStrip*, core::seq::kMaxTracks> m_strips{};
    WaveformView* m_waveform = nullptr;
};

} // namespace latentrack::ui
