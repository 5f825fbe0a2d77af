#pragma once
// A drum pattern: up to kMaxTracks tracks × kMaxSteps steps of sixteenth notes, one velocity
// per step. Plain fixed-size data, so the audio thread can hold and copy it without allocating.

#include <array>
#include <cstdint>

namespace latentrack::core::seq {

inline constexpr int kMaxTracks = 10;
inline constexpr int kMaxSteps = 64;
inline constexpr int kDefaultSteps = 16;
/// Steps per quarter note: a step is a sixteenth note, a bar of 4/4 is 16 steps.
inline constexpr int kStepsPerBeat = 4;
inline constexpr int kStepsPerBar = 16;

/// Track sets of the two drum machines (DESIGN.md): 8 drum classes, or the 10-class
/// "Drum and Bass Machine" set.
enum class TrackLayout : std::uint8_t { Drums8, DrumAndBass10 };

/// Number of tracks of a layout: 8 or 10.
int trackCount(TrackLayout layout) noexcept;

struct Pattern {
    TrackLayout layout = TrackLayout::Drums8;
    /// 1 … kMaxSteps.
    int numSteps = kDefaultSteps;
    /// velocity[track][step] in [0, 1]; 0 means the step is off. MIDI velocity v maps to v/127.
    std::array<std::array<float, kMaxSteps>, kMaxTracks> velocity{};

    int numTracks() const noexcept { return trackCount(layout); }
    bool isOn(int track, int step) const noexcept;
    /// Clamps velocity to [0, 1]; out-of-range track/step is ignored.
    void set(int track, int step, float vel) noexcept;
    void clear() noexcept { velocity = {}; }
};

} // namespace latentrack::core::seq
