#pragma once
// The DX7 pitch envelope: four rates and levels moving the pitch of every operator linearly in
// octaves (levels: DxTables pitchEgOctaves, ±4 octaves, 50 = no shift; rates:
// pitchEgOctavesPerSecond). Same stages as the operator envelope; it holds at L3 while the key
// is down and returns to L4 after key-off. Thread: audio; no allocation.

#include <array>

namespace latentrack::core::fm {

class PitchEnvelope {
public:
    /// rates and levels: the voice's 0 … 99 parameters.
    void setParameters(const std::array<int, 4>& rates, const std::array<int, 4>& levels) noexcept;
    void keyOn(bool fromCurrent) noexcept;
    void keyOff() noexcept;
    /// Advances by `seconds`; returns the pitch offset in octaves.
    float advance(float seconds) noexcept;
    float octaves() const noexcept { return m_value; }

private:
    std::array<float, 4> m_level{};
    std::array<float, 4> m_speed{1.0f, 1.0f, 1.0f, 1.0f};
    float m_value = 0.0f;
    int m_stage = 4;
};

} // namespace latentrack::core::fm
