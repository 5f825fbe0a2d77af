#include "core/dsp/LiveInput.h"

namespace latentrack::core::dsp {

void LiveInput::listen(rt::AudioRing* ring) {
    m_ring = ring;
    m_pending.clear();
    m_resampler = ring ? std::make_unique<StreamResampler>(m_engineRate, m_modelRate) : nullptr;
    if (m_ring)
        drain(false);
}

void LiveInput::drain(bool keep) {
    if (!m_ring)
        return;
    m_raw.resize(m_ring->available());
    m_raw.resize(m_ring->read(m_raw.data(), m_raw.size()));
    if (keep && !m_raw.empty())
        m_resampler->process(m_raw, m_pending);
}

bool LiveInput::take(std::size_t n, std::vector<float>& block) {
    if (m_pending.size() < n)
        return false;
    block.assign(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(n));
    m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(n));
    return true;
}

} // namespace latentrack::core::dsp
