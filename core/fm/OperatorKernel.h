#pragma once
// The inner loops of FM synthesis: a phase-modulated sine per sample. Phases are unsigned
// 32-bit fractions of a cycle (wrap-around is the period). Operator outputs are normalised so
// that full scale (EG level 99, output level 99) is ±1; a full-scale modulator deviates its
// carrier's phase by ±kFullScaleModulationCycles; feedback (FmVoice) adds the operator's
// previous sample, scaled to its feedback depth (DxTables.h feedbackRadians).
//
// Thread: audio. Header-only so the loops inline; no allocation.

#include <cstdint>

namespace latentrack::core::fm {

/// Peak phase deviation of a full-scale modulator, in cycles: modulation index 13.12 rad at
/// output level 99 (Chowning & Bristow, "FM Theory and Applications", 1986, p. 166: OL 99 →
/// 13.12, 90 → 6.03, 80 → 2.51, 70 → 1.07, 60 → 0.45 — 0.75 dB per output-level step).
inline constexpr float kFullScaleModulationCycles = 13.1226f / 6.2831853f;

/// sin(2π·x) for any x (cycles) by folding to a quarter cycle and a degree-9 odd polynomial
/// (Taylor series, error < 4e−6 ≈ −108 dB). Written once for scalars and once for 4-lane
/// vectors (GCC/Clang vector extensions: SSE2 on x86-64, NEON on aarch64).
inline float sinCycles(float x) noexcept {
    constexpr float kRound = 12582912.0f;  // 1.5·2^23: adding and subtracting rounds to integer
    float y = x - ((x + kRound) - kRound); // −0.5 … 0.5
    const float a0 = y < 0.0f ? -y : y;
    const float a = a0 < 0.5f - a0 ? a0 : 0.5f - a0; // 0 … 0.25
    const float a2 = a * a;
    const float p =
        a * (6.2831853f +
             a2 * (-41.341702f + a2 * (81.605249f + a2 * (-76.705859f + a2 * 42.058694f))));
    return y < 0.0f ? -p : p;
}

using Float4 = float __attribute__((vector_size(16)));
using Int4 = std::int32_t __attribute__((vector_size(16)));
using UInt4 = std::uint32_t __attribute__((vector_size(16)));

inline Float4 sinCycles(Float4 x) noexcept {
    const Float4 round = Float4{} + 12582912.0f;
    const Float4 y = x - ((x + round) - round);
    const Float4 a0 = y < 0.0f ? -y : y;
    const Float4 half = Float4{} + 0.5f;
    const Float4 a = a0 < half - a0 ? a0 : half - a0;
    const Float4 a2 = a * a;
    const Float4 p =
        a * (6.2831853f +
             a2 * (-41.341702f + a2 * (81.605249f + a2 * (-76.705859f + a2 * 42.058694f))));
    return y < 0.0f ? -p : p;
}

/// Phase (fraction of a cycle in 2^32 units) as signed cycles −0.5 … 0.5.
inline float phaseCycles(std::uint32_t p) noexcept {
    return static_cast<float>(static_cast<std::int32_t>(p)) * 2.3283064e-10f;
}

/// out[i] = sin(phase + kFullScaleModulationCycles·mod[i] cycles)·gain, gain ramping linearly from
/// g0 by dg per sample. mod may be null (no modulation). Four samples at a time.
inline void renderOperator(std::uint32_t& phase, std::uint32_t inc, const float* mod, float g0,
                           float dg, float* out, int n) noexcept {
    int i = 0;
    if (n >= 4) {
        UInt4 p = UInt4{phase, phase + inc, phase + 2 * inc, phase + 3 * inc};
        const UInt4 inc4 = UInt4{} + 4 * inc;
        Float4 g = Float4{g0, g0 + dg, g0 + 2 * dg, g0 + 3 * dg};
        const Float4 dg4 = Float4{} + 4 * dg;
        const float scale = 2.3283064e-10f;
        for (; i + 4 <= n; i += 4) {
            Float4 x = __builtin_convertvector(reinterpret_cast<Int4>(p), Float4) * scale;
            if (mod) {
                Float4 m;
                __builtin_memcpy(&m, mod + i, sizeof m);
                x += kFullScaleModulationCycles * m;
            }
            const Float4 y = sinCycles(x) * g;
            __builtin_memcpy(out + i, &y, sizeof y);
            p += inc4;
            g += dg4;
        }
    }
    std::uint32_t p = phase + static_cast<std::uint32_t>(i) * inc;
    float g = g0 + static_cast<float>(i) * dg;
    for (; i < n; ++i) {
        const float x = phaseCycles(p) + (mod ? kFullScaleModulationCycles * mod[i] : 0.0f);
        out[i] = sinCycles(x) * g;
        p += inc;
        g += dg;
    }
    phase = p;
}

} // namespace latentrack::core::fm
