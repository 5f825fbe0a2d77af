#pragma once
// The drum machine as an engine source: the pattern played on the transport's steps, sample
// voices per track (velocity layers, polyphony, choke groups) and track buses with
// gain/pan/mute/solo and meters, summed into the source's stereo output.
//
// Threads: see Source.h. Track controls and snapshot() from any thread; setTrackSample() and
// loadPattern() from the thread that owns `port`.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/engine/CommandPort.h"
#include "core/engine/Source.h"
#include "core/seq/Pattern.h"
#include "core/voice/Sample.h"
#include "core/voice/VoicePool.h"

namespace latentrack::core::engine {

/// Continuous controls of one track, written by any producer thread, read once per block.
struct TrackControls {
    std::atomic<float> gainDb{0.0f}; ///< −60 … +12 dB (−60 and below is silence)
    std::atomic<float> pan{0.0f};    ///< −1 (left) … +1 (right)
    std::atomic<bool> mute{false};
    std::atomic<bool> solo{false};
};

class DrumMachine final : public Source {
public:
    /// Fade applied to choked and stolen voices.
    static constexpr double kCutFadeSeconds = 0.005;
    /// Replaced samples that voices may still be playing, held until they fall silent.
    static constexpr int kRetiringCapacity = 64;

    /// State published by the audio thread for the GUI (polled at 30–60 Hz).
    struct Snapshot {
        int step = -1; ///< step of the pattern last triggered, −1 when stopped
        int activeVoices = 0;
        std::array<float, seq::kMaxTracks> trackPeak{}; ///< per track bus, after its fader
    };

    DrumMachine() = default;
    ~DrumMachine() override;

    const char* name() const noexcept override { return "drums"; }
    void prepare(double sampleRate, int maxBlockFrames) override;
    bool handles(CommandType type) const noexcept override;
    bool isPerformanceEvent(CommandType type) const noexcept override {
        return type == CommandType::Audition;
    }
    bool apply(const Command& c, Disposal& disposal) noexcept override;
    void discard(const Command& c) noexcept override;
    void process(const Block& block, float* left, float* right) noexcept override;

    /// Sends `sample` (at the prepared sample rate; null = no sound) for `track` 0 … 15.
    /// False when the queue is full, in which case nothing is sent and the sample is destroyed
    /// here. Throws std::invalid_argument for a bad track or a sample at another rate.
    bool setTrackSample(CommandPort& port, int track, std::unique_ptr<voice::Sample> sample);
    /// Sends a copy of `pattern`; false when the queue is full.
    bool loadPattern(CommandPort& port, const seq::Pattern& pattern);

    Snapshot snapshot() const noexcept;

    std::array<TrackControls, seq::kMaxTracks> tracks;

private:
    void trigger(int track, float velocity) noexcept;
    void triggerStep(std::int64_t step) noexcept;
    void renderVoices(int offset, int frames) noexcept;
    void mixBuses(float* left, float* right, int frames) noexcept;
    void retireUnused(Disposal& disposal) noexcept;

    double m_sampleRate = 48000.0;
    int m_maxBlock = 0;
    int m_cutFadeFrames = 240;

    // Audio-thread state.
    seq::Pattern m_pattern;
    std::array<const voice::Sample*, seq::kMaxTracks> m_samples{};
    std::array<int, seq::kMaxTracks> m_chokeGroup{};
    std::array<voice::VoicePool, seq::kMaxTracks> m_voices;
    std::array<float, seq::kMaxTracks> m_busGainL{};
    std::array<float, seq::kMaxTracks> m_busGainR{};
    bool m_snapGains = true;  // first block after prepare(): jump to the targets, no ramp
    std::vector<float> m_bus; // [track][L|R][maxBlock], sized in prepare()
    std::array<voice::Sample*, kRetiringCapacity> m_retiring{};
    int m_numRetiring = 0;

    // Published state.
    std::atomic<int> m_pubStep{-1};
    std::array<std::atomic<float>, seq::kMaxTracks> m_pubTrackPeak{};
    std::atomic<int> m_pubVoices{0};
};

} // namespace latentrack::core::engine
