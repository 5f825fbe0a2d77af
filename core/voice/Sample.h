#pragma once
// An audio sample held in memory at the engine's sample rate, ready for the audio thread.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace latentrack::core::voice {

struct Sample {
    /// Planar channels; channel[1] is empty for mono. Values are linear, nominally in [-1, 1].
    std::array<std::vector<float>, 2> channel;
    int numChannels = 1;
    /// Sample rate of the data in Hz (the engine's rate once loaded for playback).
    double sampleRate = 48000.0;
    /// Display name, e.g. the Hydrogen instrument name.
    std::string name;
    /// Where the audio came from (file path, or empty for generated audio).
    std::string source;

    std::int64_t numFrames() const noexcept { return static_cast<std::int64_t>(channel[0].size()); }
    const float* left() const noexcept { return channel[0].data(); }
    /// Same as left() for mono samples.
    const float* right() const noexcept {
        return numChannels > 1 ? channel[1].data() : channel[0].data();
    }
};

} // namespace latentrack::core::voice
