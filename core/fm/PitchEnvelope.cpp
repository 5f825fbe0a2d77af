#include "core/fm/PitchEnvelope.h"

#include <algorithm>

#include "core/fm/DxTables.h"

namespace latentrack::core::fm {

void PitchEnvelope::setParameters(const std::array<int, 4>& rates,
                                  const std::array<int, 4>& levels) noexcept {
    for (std::size_t i = 0; i < 4; ++i) {
        m_level[i] = pitchEgOctaves(levels[i]);
        m_speed[i] = pitchEgOctavesPerSecond(rates[i]);
    }
}

void PitchEnvelope::keyOn(bool fromCurrent) noexcept {
    if (!fromCurrent || m_stage == 4)
        m_value = m_level[3];
    m_stage = 0;
}

void PitchEnvelope::keyOff() noexcept {
    m_stage = 3;
}

float PitchEnvelope::advance(float seconds) noexcept {
    while (seconds > 0.0f && m_stage < 4) {
        const auto s = static_cast<std::size_t>(m_stage);
        const float target = m_level[s];
        const float need = std::abs(target - m_value) / m_speed[s];
        if (need > seconds) {
            m_value += (target > m_value ? 1.0f : -1.0f) * m_speed[s] * seconds;
            break;
        }
        m_value = target;
        seconds -= need;
        if (m_stage == 2)
            break; // hold at L3 while the key is down
        m_stage = m_stage == 3 ? 4 : m_stage + 1;
    }
    return m_value;
}

} // namespace latentrack::core::fm
