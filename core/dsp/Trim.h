#pragma once
// Leading-silence trimming of recorded hits, so that a hit sounds when its step says (many
// recordings start with a few milliseconds of room noise before the attack).

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "core/voice/Sample.h"

namespace latentrack::core::dsp {

/// Level, relative to the sample's peak, below which leading frames count as silence: −60 dB.
inline constexpr float kLeadingSilenceRatio = 0.001f;

/// Removes the frames before the first one (on any channel) that reaches
/// kLeadingSilenceRatio × peak. Silent samples are left unchanged.
inline void trimLeadingSilence(voice::Sample& s) {
    float peak = 0.0f;
    for (int c = 0; c < s.numChannels; ++c)
        for (float v : s.channel[c])
            peak = std::max(peak, std::abs(v));
    if (peak <= 0.0f)
        return;
    const float floor = peak * kLeadingSilenceRatio;
    std::size_t first = static_cast<std::size_t>(s.numFrames());
    for (int c = 0; c < s.numChannels; ++c) {
        const auto& ch = s.channel[c];
        const auto it =
            std::find_if(ch.begin(), ch.end(), [floor](float v) { return std::abs(v) >= floor; });
        first = std::min(first, static_cast<std::size_t>(it - ch.begin()));
    }
    for (int c = 0; c < s.numChannels; ++c)
        s.channel[c].erase(s.channel[c].begin(),
                           s.channel[c].begin() + static_cast<std::ptrdiff_t>(first));
}

} // namespace latentrack::core::dsp
