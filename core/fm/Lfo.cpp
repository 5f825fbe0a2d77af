#include "core/fm/Lfo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/fm/DxTables.h"

namespace latentrack::core::fm {

void Lfo::setParameters(int speed, int delay, int wave, bool keySync) noexcept {
    m_hz = lfoFrequency(speed);
    m_delay = lfoDelaySeconds(delay);
    m_fullDepth = lfoFullDepthSeconds(delay);
    m_wave = static_cast<LfoWave>(std::clamp(wave, 0, 5));
    m_keySync = keySync;
}

void Lfo::keyOn(bool firstKey) noexcept {
    if (m_keySync)
        m_phase = 0.0f;
    if (firstKey)
        m_sinceKey = 0.0f;
}

float Lfo::wave(float p) noexcept {
    switch (m_wave) {
    case LfoWave::Triangle:
        return p < 0.5f ? 1.0f - 4.0f * p : 4.0f * p - 3.0f;
    case LfoWave::SawDown:
        return 1.0f - 2.0f * p;
    case LfoWave::SawUp:
        return 2.0f * p - 1.0f;
    case LfoWave::Square:
        return p < 0.5f ? -1.0f : 1.0f;
    case LfoWave::Sine:
        return std::sin(2.0f * std::numbers::pi_v<float> * p);
    case LfoWave::SampleHold:
        return m_hold;
    }
    return 0.0f;
}

void Lfo::advance(float seconds) noexcept {
    m_phase += m_hz * seconds;
    if (m_phase >= 1.0f) {
        m_phase -= std::floor(m_phase);
        m_random = m_random * 1664525u + 1013904223u; // new sample-and-hold value each cycle
        m_hold = static_cast<float>(m_random >> 8) / 8388608.0f - 1.0f;
    }
    m_sinceKey += seconds;
    // After the delay the depth fades in linearly until the full-depth time.
    float fade = 1.0f;
    if (m_fullDepth > 0.0f)
        fade = std::clamp((m_sinceKey - m_delay) / (m_fullDepth - m_delay), 0.0f, 1.0f);
    // The waves are named after their pitch shape; amplitude modulation attenuates most where
    // the pitch is lowest.
    const float w = wave(m_phase);
    m_pitch = w * fade;
    m_amp = 0.5f * (1.0f - w) * fade;
}

} // namespace latentrack::core::fm
