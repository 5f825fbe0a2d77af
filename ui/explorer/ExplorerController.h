#pragma once
// What the latent explorer plays, apart from the map it is drawn on: it drives the grain
// streamer (follow the cursor, loop a path, silence), resynthesises a sound (the encoder at
// once, then latent refinement on a worker thread, LatentRefinement.h) and morphs between two
// notes of a class in the temporal embedding ("Neural Granular Sound Synthesis"). Each series it
// plays is announced by seriesPlaying() so that the map can draw its path.
// Thread: GUI. The streamer is used through its thread-safe setters; the refinement worker only
// reads the model's weights, and setModel() and the destructor wait for it.

#include <QObject>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "models/granular/GranularModel.h"

namespace latentrack::models::granular {
class GrainStreamer;
}

namespace latentrack::ui {

class ExplorerController : public QObject {
    Q_OBJECT
public:
    explicit ExplorerController(QObject* parent = nullptr);
    ~ExplorerController() override;

    /// Plays `model` through `streamer` (either may be null: nothing plays). Cancels a
    /// refinement under way.
    void setModel(models::granular::GranularModel* model,
                  models::granular::GrainStreamer* streamer);
    models::granular::GranularModel* model() const { return m_model; }

    /// The grain at latent `z` (latentDim values) of class `cls`, until told otherwise.
    void follow(int cls, const std::vector<float>& z);
    /// Loops along `latents` (rows of latentDim), `step` points per grain, forward or
    /// forward-backward, with a random step when asked.
    void loop(int cls, std::vector<std::vector<float>> latents, float step, bool pingPong,
              bool randomStep);
    void setClass(int cls);
    void silence();

    /// Encodes `audio` (mono at the model's rate) as class `cls` and loops it; then, when
    /// `refineSteps` > 0, refines the latents on a worker and loops the refined series.
    void resynthesize(const std::vector<float>& audio, int cls, int refineSteps);
    /// Loops the morph at `amount` (0 … 1) between notes `seedA` and `seedB` of class `cls`.
    void morph(int cls, std::uint64_t seedA, std::uint64_t seedB, float amount);
    /// Cancels the refinement worker (if any), waits for it, and drops what it still posts.
    void stopRefining();
    /// True from resynthesize() until its refined series plays or the refinement is cancelled.
    bool refining() const { return m_refining; }

signals:
    /// `z` of class `cls` is now looping (draw its path).
    void seriesPlaying(const models::granular::LatentSeries& z, int cls);
    /// What is playing or being computed, for the explorer's status line.
    void status(const QString& text);
    /// A failure to show in the status bar.
    void message(const QString& text);
    /// The refined latents of the last resynthesis are playing.
    void refined();

private:
    void play(const models::granular::LatentSeries& z, int cls);

    models::granular::GranularModel* m_model = nullptr;
    models::granular::GrainStreamer* m_streamer = nullptr;
    std::thread m_refineThread;
    std::atomic<bool> m_refineCancel{false};
    int m_refineGeneration = 0; ///< results posted by an older worker are dropped
    bool m_refining = false;
};

} // namespace latentrack::ui
