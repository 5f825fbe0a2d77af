#pragma once
// One playing instance of a Sample: velocity gain, an optional short fade-out (choke, voice
// stealing) so that cut voices never click. Renders by adding into stereo buffers.

#include <cstdint>

#include "core/voice/Sample.h"

namespace latentrack::core::voice {

class SampleVoice {
public:
    /// Starts playing `sample` from frame 0 at linear gain `gain` (velocity already applied).
    /// `order` is a monotonically increasing trigger counter used for voice stealing.
    void start(const Sample* sample, float gain, std::uint64_t order) noexcept;
    /// Fades out linearly over `frames` frames (>= 1) and then stops. Idempotent.
    void release(int frames) noexcept;
    /// Stops at once (only for voices that are already silent or on reset).
    void kill() noexcept { m_sample = nullptr; }

    /// Adds up to `frames` frames into left/right. Thread: audio. No allocation.
    void renderAdd(float* left, float* right, int frames) noexcept;

    bool active() const noexcept { return m_sample != nullptr; }
    bool releasing() const noexcept { return m_fadeRemaining >= 0; }
    const Sample* sample() const noexcept { return m_sample; }
    std::uint64_t order() const noexcept { return m_order; }

private:
    const Sample* m_sample = nullptr;
    std::int64_t m_position = 0;
    float m_gain = 0.0f;
    std::uint64_t m_order = 0;
    int m_fadeRemaining = -1; // -1: not fading
    float m_fadeStep = 0.0f;
    float m_fadeGain = 1.0f;
};

} // namespace latentrack::core::voice
