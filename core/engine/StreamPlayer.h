#pragma once
// A neural voice as an engine source: mono audio at the engine's rate, decoded and resampled
// ahead by a worker (the latent explorer's grain streamer, the attribute-fader voice) into a
// lock-free ring, played by the audio thread into both channels; silence when the ring runs
// dry. The channel strip sets its level and pan. An engine holds as many as its instruments
// need, one producer each.
//
// Threads: see Source.h. ring().write() from the one producer thread; process() reads it.

#include <vector>

#include "core/engine/Source.h"
#include "core/rt/AudioRing.h"

namespace latentrack::core::engine {

class StreamPlayer final : public Source {
public:
    /// Ring capacity in samples (0.68 s at 48 kHz).
    static constexpr std::size_t kRingCapacity = 32768;

    const char* name() const noexcept override { return "stream"; }
    void prepare(double sampleRate, int maxBlockFrames) override;
    void process(const Block& block, float* left, float* right) noexcept override;

    /// The ring its producer fills with mono samples at the engine's sample rate.
    rt::AudioRing& ring() noexcept { return m_ring; }

private:
    rt::AudioRing m_ring{kRingCapacity};
    std::vector<float> m_mono; // [maxBlock]
};

} // namespace latentrack::core::engine
