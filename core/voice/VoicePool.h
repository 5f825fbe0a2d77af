#pragma once
// The voices of one track: fixed slots, per-track polyphony, oldest-first voice stealing.
// A stolen or choked voice fades out over a few milliseconds instead of being cut.

#include <array>
#include <cstdint>

#include "core/voice/SampleVoice.h"

namespace latentrack::core::voice {

inline constexpr int kMaxPolyphony = 16;
inline constexpr int kDefaultPolyphony = 4;

class VoicePool {
public:
    /// Simultaneous sounding (non-fading) voices, clamped to 1 … kMaxPolyphony. Thread: audio.
    void setPolyphony(int voices) noexcept;
    int polyphony() const noexcept { return m_polyphony; }

    /// Starts `sample` at linear gain; steals the oldest voice past the polyphony limit, fading
    /// it over `fadeFrames`. Thread: audio.
    void trigger(const Sample* sample, float gain, int fadeFrames) noexcept;
    /// Fades every voice out over `fadeFrames` (choke groups, stop). Thread: audio.
    void releaseAll(int fadeFrames) noexcept;
    void killAll() noexcept;

    /// Adds all voices into left/right. Thread: audio.
    void renderAdd(float* left, float* right, int frames) noexcept;

    /// Voices still playing `sample` (used to retire a replaced sample safely).
    bool uses(const Sample* sample) const noexcept;
    int activeVoices() const noexcept;

private:
    // Twice the polyphony so that fading voices never block a new one.
    std::array<SampleVoice, 2 * kMaxPolyphony> m_slots{};
    int m_polyphony = kDefaultPolyphony;
    std::uint64_t m_counter = 0;
};

} // namespace latentrack::core::voice
