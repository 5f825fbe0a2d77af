#include "core/voice/SampleVoice.h"

#include <algorithm>

namespace latentrack::core::voice {

void SampleVoice::start(const Sample* sample, float gain, std::uint64_t order) noexcept {
    m_sample = sample;
    m_position = 0;
    m_gain = gain;
    m_order = order;
    m_fadeRemaining = -1;
    m_fadeGain = 1.0f;
    m_fadeStep = 0.0f;
}

void SampleVoice::release(int frames) noexcept {
    if (m_sample == nullptr || m_fadeRemaining >= 0)
        return;
    m_fadeRemaining = std::max(frames, 1);
    m_fadeStep = m_fadeGain / static_cast<float>(m_fadeRemaining);
}

void SampleVoice::renderAdd(float* left, float* right, int frames) noexcept {
    if (m_sample == nullptr)
        return;
    const float* srcL = m_sample->left();
    const float* srcR = m_sample->right();
    const std::int64_t remaining = m_sample->numFrames() - m_position;
    int n = static_cast<int>(std::min<std::int64_t>(frames, remaining));
    if (m_fadeRemaining >= 0)
        n = std::min(n, m_fadeRemaining);
    for (int i = 0; i < n; ++i) {
        const float g = m_gain * m_fadeGain;
        left[i] += g * srcL[m_position + i];
        right[i] += g * srcR[m_position + i];
        if (m_fadeRemaining >= 0)
            m_fadeGain = std::max(0.0f, m_fadeGain - m_fadeStep);
    }
    m_position += n;
    if (m_fadeRemaining >= 0)
        m_fadeRemaining -= n;
    if (m_position >= m_sample->numFrames() || m_fadeRemaining == 0)
        m_sample = nullptr;
}

} // namespace latentrack::core::voice
