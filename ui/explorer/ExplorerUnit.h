#pragma once
// The latent explorer as an instrument unit: its engine source (a core::engine::StreamPlayer
// that the grain streamer fills), the explorer tab (LatentExplorer), recording the audio input
// for resynthesis (the engine's capture ring), and the hand-off to the drum machine: it plays
// the model the drum machine loads, and "assign to track" stores a drawn path as a track's
// sound. Thread: GUI.

#include <memory>
#include <vector>

#include "core/engine/StreamPlayer.h"
#include "ui/instrument/InputRecorder.h"
#include "ui/instrument/Instrument.h"

namespace latentrack::models::granular {
class GranularModel;
class GrainStreamer;
} // namespace latentrack::models::granular

namespace latentrack::ui {

class LatentExplorer;
class NeuralDrums;

class ExplorerUnit : public Instrument {
    Q_OBJECT
public:
    static constexpr double kMaxRecordingSeconds = 10.0;

    /// Adds a stream player to the engine; follows `drums`' model.
    ExplorerUnit(InstrumentHost& host, NeuralDrums& drums);
    ~ExplorerUnit() override;

    QString title() const override { return tr("Latent explorer"); }
    QWidget* buildTab(QWidget* parent) override;
    void applyProject() override {}
    void poll(const core::engine::Snapshot&) override { pollRecording(); }
    void shutdown() override;

    /// Records the audio input (up to kMaxRecordingSeconds) for resynthesis. False, with the
    /// reason in the status bar, when the audio stream has no input or no model is loaded.
    bool startRecording();
    /// Stops recording; the recording (at least one grain long) is resampled to the model's
    /// rate and resynthesised in the explorer.
    void stopRecording();
    bool recording() const { return m_recorder.recording(); }

    LatentExplorer* explorer() const { return m_explorer; }
    models::granular::GrainStreamer* streamer() const { return m_streamer.get(); }
    core::engine::StreamPlayer& source() { return m_stream; }

private:
    void setModel(std::shared_ptr<models::granular::GranularModel> model);
    void pollRecording(); ///< stops at the recording's limit

    core::engine::StreamPlayer& m_stream;
    NeuralDrums& m_drums;
    std::shared_ptr<models::granular::GranularModel> m_model;
    std::unique_ptr<models::granular::GrainStreamer> m_streamer;
    LatentExplorer* m_explorer = nullptr;
    InputRecorder m_recorder{kMaxRecordingSeconds};
};

} // namespace latentrack::ui
