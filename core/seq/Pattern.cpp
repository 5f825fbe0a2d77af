#include "core/seq/Pattern.h"

#include <algorithm>

namespace latentrack::core::seq {

int trackCount(TrackLayout layout) noexcept {
    return layout == TrackLayout::Drums8 ? 8 : 10;
}

bool Pattern::isOn(int track, int step) const noexcept {
    if (track < 0 || track >= kMaxTracks || step < 0 || step >= kMaxSteps)
        return false;
    return velocity[track][step] > 0.0f;
}

void Pattern::set(int track, int step, float vel) noexcept {
    if (track < 0 || track >= kMaxTracks || step < 0 || step >= kMaxSteps)
        return;
    velocity[track][step] = std::clamp(vel, 0.0f, 1.0f);
}

} // namespace latentrack::core::seq
