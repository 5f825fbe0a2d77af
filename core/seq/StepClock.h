#pragma once
// Sample-accurate sixteenth-note clock with swing.
//
// Onset of step j (counted from transport start, tempo and swing constant):
//     onset(j) = round(j · S + swingOffset(j)),  S = sampleRate · 60 / (bpm · 4) samples,
//     swingOffset(j) = (2·swing − 1) · S for odd j, 0 for even j,
// with swing in [0.5, 0.75] as on MPC-style machines (0.5 = straight, 0.667 = triplet feel).
// Onsets depend only on j, never on the block size. A tempo or swing change re-anchors the
// grid at the next pending step, so later steps follow the new values without a jump.

#include <cstdint>

namespace latentrack::core::seq {

inline constexpr double kMinBpm = 40.0;
inline constexpr double kMaxBpm = 300.0;
inline constexpr double kMinSwing = 0.5;
inline constexpr double kMaxSwing = 0.75;

/// Length of a sixteenth-note step in samples, with bpm clamped to kMinBpm … kMaxBpm.
double stepLengthSamples(double sampleRate, double bpm) noexcept;

class StepClock {
public:
    /// Sets the sample rate (Hz) and resets the transport. Thread: any, before use.
    void prepare(double sampleRate) noexcept;
    /// Back to sample 0, step 0. Thread: audio.
    void reset() noexcept;
    /// Tempo in BPM (clamped to 40–300) and swing (clamped to 0.5–0.75). Thread: audio.
    void setTempo(double bpm, double swing) noexcept;

    /// Frame offset in [0, frames) of the next step onset inside the current block, or -1.
    int nextOnsetWithin(int frames) const noexcept;
    /// Returns the index of the pending step (0, 1, 2 … since reset) and moves to the next.
    std::int64_t takeStep() noexcept;
    /// Moves the current position forward by the frames of a finished block.
    void advance(int frames) noexcept { m_position += frames; }

    std::int64_t position() const noexcept { return m_position; }
    std::int64_t nextStep() const noexcept { return m_nextStep; }
    /// Length of a step in samples at the current tempo.
    double stepLength() const noexcept { return m_stepLength; }
    /// Onset (absolute sample) of step j on the current grid.
    std::int64_t onsetOf(std::int64_t step) const noexcept;

private:
    void updateNextOnset() noexcept;

    double m_sampleRate = 48000.0;
    double m_bpm = 120.0;
    double m_swing = 0.5;
    double m_stepLength = 6000.0;
    std::int64_t m_anchorStep = 0;
    double m_anchorSample = 0.0;
    std::int64_t m_position = 0;
    std::int64_t m_nextStep = 0;
    std::int64_t m_nextOnset = 0;
};

} // namespace latentrack::core::seq
