#pragma once
// The audio input as a neural voice's worker reads it: the engine's capture ring (mono at the
// engine's rate) drained on the worker — its only reader —, resampled to the model's rate
// (StreamResampler) and handed out in whole blocks as they fill, so that the voice plays each
// block as soon as it has arrived (a block of latency). What the ring held before listen() is
// dropped (it was captured before the musician armed the input).
//
// Thread: one worker thread (allocates; never the audio thread).

#include <memory>
#include <vector>

#include "core/dsp/StreamResampler.h"
#include "core/rt/AudioRing.h"

namespace latentrack::core::dsp {

class LiveInput {
public:
    LiveInput(double engineRate, double modelRate)
        : m_engineRate(engineRate), m_modelRate(modelRate) {}

    /// Starts reading `ring` (null: stops), dropping what it holds now.
    void listen(rt::AudioRing* ring);
    rt::AudioRing* ring() const noexcept { return m_ring; }

    /// Reads all the ring holds; kept (resampled) when `keep`, else dropped (a silent voice
    /// still drains it, so that it never overflows).
    void drain(bool keep);
    /// Moves the next `n` samples at the model's rate into `block` when that many have come.
    bool take(std::size_t n, std::vector<float>& block);

private:
    double m_engineRate;
    double m_modelRate;
    rt::AudioRing* m_ring = nullptr;
    std::unique_ptr<StreamResampler> m_resampler;
    std::vector<float> m_raw;     ///< one drain at the engine's rate
    std::vector<float> m_pending; ///< at the model's rate, not yet taken
};

} // namespace latentrack::core::dsp
