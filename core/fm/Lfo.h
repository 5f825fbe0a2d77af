#pragma once
// The DX7's single, voice-wide LFO: six waves, speed, delay, key sync. One value per control
// block is enough (blocks are ≤ 64 frames, the LFO tops out near 49 Hz). Thread: audio.

#include <cstdint>

namespace latentrack::core::fm {

enum class LfoWave : std::uint8_t { Triangle, SawDown, SawUp, Square, Sine, SampleHold };

class Lfo {
public:
    /// speed, delay 0 … 99; wave 0 … 5.
    void setParameters(int speed, int delay, int wave, bool keySync) noexcept;
    /// A key went down. `firstKey`: no other key was held (the delay restarts).
    void keyOn(bool firstKey) noexcept;
    /// Advances by `seconds`; afterwards pitch() is in −1 … 1 and amp() in 0 … 1, both scaled
    /// by the delay fade-in. The waves are named after their pitch shape and start, at key sync,
    /// at pitch +1 (triangle, saw down), −1 (saw up, square) or 0 rising (sine); amp() is
    /// (1 − wave)/2, so the attenuation is largest where the pitch is lowest (as measured on a
    /// TX7 for hexter; the DX7 manuals do not say).
    void advance(float seconds) noexcept;
    float pitch() const noexcept { return m_pitch; }
    float amp() const noexcept { return m_amp; }

private:
    float wave(float phase) noexcept;
    float m_hz = 5.0f;
    float m_delay = 0.0f;     ///< seconds from the first key until the fade-in starts
    float m_fullDepth = 0.0f; ///< seconds from the first key until full depth (0: no delay)
    LfoWave m_wave = LfoWave::Triangle;
    bool m_keySync = false;
    float m_phase = 0.0f; ///< 0 … 1
    float m_sinceKey = 1e9f;
    float m_hold = 0.0f;
    std::uint32_t m_random = 0x12345678u;
    float m_pitch = 0.0f;
    float m_amp = 0.0f;
};

} // namespace latentrack::core::fm
