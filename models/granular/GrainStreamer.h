#pragma once
// Streaming decoder for the latent-space explorer: a worker thread turns a moving point (or a
// drawn path) in the grain space into continuous audio, grain by grain — grain decoder →
// filtered noise → Hann overlap-add (window sum 2 at 75 % overlap) → post filter (→ softsign) →
// libsamplerate to the engine's rate — and writes it into the engine's stream ring
// (a core::engine::StreamPlayer's ring()), keeping only `aheadSeconds` queued so the sound follows
// the mouse within aheadSeconds + two hops: at most one hop more than aheadSeconds is queued when
// the target changes, and a new grain's Hann window reaches half its amplitude one hop after it
// starts (12 + 16 + 16 = 44 ms by default at 16 kHz, hop 256; measured by reactionSeconds()).
// Thread: the setters from the GUI thread (short mutex); the worker is the ring's only
// producer; destroy before the engine.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/rt/AudioRing.h"
#include "models/granular/GranularModel.h"

namespace latentrack::models::granular {

class GrainStreamer {
public:
    enum class Mode { Silent, Follow, Loop };

    GrainStreamer(std::shared_ptr<GranularModel> model, core::rt::AudioRing& ring,
                  double engineRate, double aheadSeconds = kDefaultAheadSeconds);

    /// Audio kept queued in the ring; the engine's block must be shorter (the GUI passes
    /// max(this, 2 blocks)).
    static constexpr double kDefaultAheadSeconds = 0.012;
    ~GrainStreamer();
    GrainStreamer(const GrainStreamer&) = delete;
    GrainStreamer& operator=(const GrainStreamer&) = delete;

    void setClass(int classIndex);
    /// Plays the grain at latent `z` (latentDim values) until told otherwise.
    void follow(const std::vector<float>& z);
    /// Loops along `path` (each latentDim values), `step` grains of the path per decoded grain
    /// (0.05 … 8); forward, or forward-backward with `pingPong`; `randomStep` draws each step
    /// uniformly in [0, 2·step].
    void loop(std::vector<std::vector<float>> path, float step, bool pingPong, bool randomStep);
    /// Lets the last grains ring out, then writes nothing (the engine plays silence).
    void silence();

    Mode mode() const;
    /// Position along the loop, 0 … path length − 1 (for drawing a cursor).
    float loopPosition() const { return m_position.load(); }
    /// Grains decoded so far.
    std::uint64_t grains() const { return m_grains.load(); }
    /// Reaction time of the last follow()/loop() call, in seconds of stream at the engine rate:
    /// from the stream position being played when it was called to the point where the first
    /// grain of the new source reaches half its window (one hop after it starts). −1 until the
    /// first change was decoded. Assumes the ring did not run dry meanwhile (an underrun adds
    /// its silence on top).
    double reactionSeconds() const { return m_reaction.load(); }

    /// Decodes `n` grains of the current source right now on the calling thread, with a fresh
    /// decoder of its own, and returns the audio at the model's rate without touching the ring
    /// (benchmarks, tests). Advances the loop position like the worker does.
    std::vector<float> decodeNow(int n);

private:
    struct Decoder;
    void run();
    std::vector<float> nextLatent();
    void markChange(); ///< with m_mutex held

    std::shared_ptr<GranularModel> m_model;
    core::rt::AudioRing& m_ring;
    double m_engineRate;
    double m_ahead;
    std::unique_ptr<Decoder> m_decoder;
    mutable std::mutex m_mutex;
    Mode m_mode = Mode::Silent;
    int m_class = 0;
    std::vector<float> m_target;
    std::vector<std::vector<float>> m_path;
    float m_step = 1.0f;
    bool m_pingPong = false;
    bool m_randomStep = false;
    float m_direction = 1.0f;
    int m_tailGrains = 0;
    bool m_changePending = false; ///< a follow()/loop() not yet decoded
    std::size_t m_changeRead = 0; ///< ring read position when it was called
    std::atomic<double> m_reaction{-1.0};
    std::atomic<float> m_position{0.0f};
    std::atomic<std::uint64_t> m_grains{0};
    std::atomic<bool> m_running{true};
    std::thread m_thread;
};

} // namespace latentrack::models::granular
