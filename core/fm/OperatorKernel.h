#pragma once
// The inner loops of FM synthesis: a phase-modulated sine per sample. Phases are unsigned
// 32-bit fractions of a cycle (wrap-around is the period). Operator outputs are normalised so
// that full scale (EG level 99, output level 99) is ±1; as on the DX7, a full-scale modulator
// deviates its carrier's phase by ±2 cycles (modulation index 4π), and feedback adds
// avg(y[n−1], y[n−2])·2^(fb−7) cycles (fb 1 … 7).
//
// Thread: audio. Header-only so the loops inline; no allocation.

#include <array>
#include <cstdint>

namespace latentrack::core::fm {

/// Sine lookup with linear interpolation: 1024 segments, ≈ −100 dB error.
class SineTable {
public:
    static constexpr int kBits = 10;
    static constexpr int kSize = 1 << kBits;
    static const SineTable& instance() noexcept;
    float operator()(std::uint32_t phase) const noexcept {
        const auto& e = m_entries[phase >> (32 - kBits)];
        const float frac = static_cast<float>(phase & ((1u << (32 - kBits)) - 1u)) *
                           (1.0f / static_cast<float>(1u << (32 - kBits)));
        return e[0] + frac * e[1];
    }

private:
    SineTable() noexcept;
    std::array<std::array<float, 2>, kSize> m_entries{}; // value, slope to the next entry
};

/// Phase units per unit of modulator output (2 cycles).
inline constexpr float kModulationPhaseScale = 8589934592.0f; // 2^33

inline std::uint32_t phaseOffset(float cycles2) noexcept {
    return static_cast<std::uint32_t>(static_cast<std::int64_t>(cycles2 * kModulationPhaseScale));
}

/// out[i] = sin(phase + 2·mod[i] cycles)·gain, gain ramping linearly from g0 by dg per sample.
/// mod may be null (no modulation).
inline void renderOperator(std::uint32_t& phase, std::uint32_t inc, const float* mod, float g0,
                           float dg, float* out, int n) noexcept {
    const SineTable& sine = SineTable::instance();
    std::uint32_t p = phase;
    float g = g0;
    if (mod) {
        for (int i = 0; i < n; ++i) {
            out[i] = sine(p + phaseOffset(mod[i])) * g;
            p += inc;
            g += dg;
        }
    } else {
        for (int i = 0; i < n; ++i) {
            out[i] = sine(p) * g;
            p += inc;
            g += dg;
        }
    }
    phase = p;
}

/// An operator modulating itself: mod = avg(y[n−1], y[n−2])·fbScale/2 in units of 2 cycles,
/// plus the optional external modulation.
inline void renderFeedbackOperator(std::uint32_t& phase, std::uint32_t inc, const float* mod,
                                   float g0, float dg, float fbScale, float& y1, float& y2,
                                   float* out, int n) noexcept {
    const SineTable& sine = SineTable::instance();
    std::uint32_t p = phase;
    float g = g0;
    const float k = 0.25f * fbScale; // avg·fbScale cycles = (y1 + y2)·fbScale/4 in 2-cycle units
    for (int i = 0; i < n; ++i) {
        float m = (y1 + y2) * k;
        if (mod)
            m += mod[i];
        const float y = sine(p + phaseOffset(m)) * g;
        y2 = y1;
        y1 = y;
        out[i] = y;
        p += inc;
        g += dg;
    }
    phase = p;
}

} // namespace latentrack::core::fm
