#include "embedded/module/GatedStream.h"

#include <algorithm>
#include <cmath>

namespace latentrack::embedded::module {

void GatedStream::prepare(double sampleRate, int maxBlockFrames) {
    m_mono.assign(static_cast<std::size_t>(maxBlockFrames), 0.0f);
    m_rate = sampleRate;
    m_level = 0.0f;
}

void GatedStream::process(const core::engine::Block& block, float* left, float* right) noexcept {
    const auto frames = static_cast<std::size_t>(block.frames);
    const auto got = m_ring.read(m_mono.data(), std::min(frames, m_mono.size()));
    std::fill(m_mono.data() + got, m_mono.data() + frames, 0.0f);
    const bool open = gate.load(std::memory_order_relaxed);
    const float up = 1.0f / static_cast<float>(std::max(0.0005f, attackSeconds.load()) * m_rate);
    // Release: a one-pole fall to −43 dB (e^−5) in releaseSeconds.
    const float down =
        std::exp(-5.0f / static_cast<float>(std::max(0.001f, releaseSeconds.load()) * m_rate));
    for (std::size_t i = 0; i < frames; ++i) {
        m_level = open ? std::min(1.0f, m_level + up) : m_level * down;
        const float y = m_mono[i] * m_level;
        left[i] = y;
        right[i] = y;
    }
    if (m_level < 1e-6f)
        m_level = 0.0f;
    m_published.store(m_level, std::memory_order_relaxed);
}

} // namespace latentrack::embedded::module
