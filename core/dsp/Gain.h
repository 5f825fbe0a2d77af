#pragma once
// Gain and pan laws shared by the engine and the UI.

#include <algorithm>
#include <cmath>
#include <numbers>

namespace latentrack::core::dsp {

/// Below this level a fader is treated as fully off.
inline constexpr float kSilenceDb = -60.0f;

/// dB → linear amplitude; kSilenceDb and below map to 0.
inline float dbToGain(float db) noexcept {
    return db <= kSilenceDb ? 0.0f : std::pow(10.0f, db / 20.0f);
}

/// Scales `x` so that its peak is `target` (linear); leaves it alone when its peak is below
/// `floor` (silence stays silent). Not for the audio thread's hot path (one pass per call).
template <typename Container>
void normalisePeak(Container& x, float target, float floor = 1e-6f) noexcept {
    float peak = 0.0f;
    for (float v : x)
        peak = std::max(peak, std::abs(v));
    if (peak > floor)
        for (float& v : x)
            v *= target / peak;
}

struct PanGains {
    float left;
    float right;
};

/// Constant-power pan (sin/cos law) scaled so that the centre is 0 dB on both channels;
/// each side saturates at unity, so a hard-panned sound keeps its level. pan in [−1, 1].
inline PanGains panGains(float pan) noexcept {
    const float theta =
        (std::clamp(pan, -1.0f, 1.0f) + 1.0f) * static_cast<float>(std::numbers::pi) / 4.0f;
    const float s = std::numbers::sqrt2_v<float>;
    return {std::min(1.0f, s * std::cos(theta)), std::min(1.0f, s * std::sin(theta))};
}

/// Adds `l`·gain and `r`·gain into outL/outR, each channel's gain ramped linearly from `from` to
/// `to` across the `frames` samples (no zipper noise when a fader moves); returns the peak of
/// what was added. Realtime-safe.
inline float addRamped(const float* l, const float* r, float* outL, float* outR, int frames,
                       PanGains from, PanGains to) noexcept {
    const float inv = 1.0f / static_cast<float>(std::max(frames, 1));
    const float stepL = (to.left - from.left) * inv;
    const float stepR = (to.right - from.right) * inv;
    float gl = from.left;
    float gr = from.right;
    float peak = 0.0f;
    for (int i = 0; i < frames; ++i) {
        gl += stepL;
        gr += stepR;
        const float ol = gl * l[i];
        const float orr = gr * r[i];
        outL[i] += ol;
        outR[i] += orr;
        peak = std::max(peak, std::max(std::abs(ol), std::abs(orr)));
    }
    return peak;
}

} // namespace latentrack::core::dsp
