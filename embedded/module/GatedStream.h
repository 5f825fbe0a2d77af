#pragma once
// The module's voice as an engine source: mono audio that a worker decodes ahead into a ring
// (as core::engine::StreamPlayer), through a gate-driven VCA — a linear attack and an
// exponential release, so that gate 1 opens and closes the sound without clicks while the
// model keeps decoding (the module's CPU load stays the same with the gate open or closed).
//
// Threads: see core/engine/Source.h. ring().write() from the voice's worker; gate and the
// times from the control thread (atomics); process() on the audio thread (no locks, no
// allocation).

#include <atomic>
#include <vector>

#include "core/engine/Source.h"
#include "core/rt/AudioRing.h"

namespace latentrack::embedded::module {

class GatedStream final : public core::engine::Source {
public:
    static constexpr std::size_t kRingCapacity = 32768;

    const char* name() const noexcept override { return "module voice"; }
    void prepare(double sampleRate, int maxBlockFrames) override;
    void process(const core::engine::Block& block, float* left, float* right) noexcept override;

    core::rt::AudioRing& ring() noexcept { return m_ring; }

    std::atomic<bool> gate{false};
    std::atomic<float> attackSeconds{0.005f}; ///< 0 … 0→1, s (≥ 0.0005)
    std::atomic<float> releaseSeconds{0.25f}; ///< 1 → −43 dB, s (≥ 0.001)
    /// The VCA's level at the end of the last block, 0 … 1.
    float level() const noexcept { return m_published.load(std::memory_order_relaxed); }

private:
    core::rt::AudioRing m_ring{kRingCapacity};
    std::vector<float> m_mono;
    double m_rate = 48000.0;
    float m_level = 0.0f;
    std::atomic<float> m_published{0.0f};
};

} // namespace latentrack::embedded::module
