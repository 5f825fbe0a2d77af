#pragma once
// An audio sample held in memory at the engine's sample rate, ready for the audio thread,
// with optional velocity layers (softer recordings of the same instrument, as Hydrogen's
// <layer> ranges): the audio thread picks the layer for a hit's velocity with forVelocity().

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace latentrack::core::voice {

struct Sample;

/// A recording played for hits whose velocity lies in [minVelocity, maxVelocity] (0 … 1).
struct VelocityLayer {
    float minVelocity = 0.0f;
    float maxVelocity = 1.0f;
    std::shared_ptr<const Sample> sample; ///< owned with the Sample that lists it
};

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

    /// Other velocity layers; this Sample itself is played for any velocity none of them
    /// covers (a kit loads its loudest layer here). Empty for single recordings.
    std::vector<VelocityLayer> layers;

    /// The recording for a hit of `velocity` (0 … 1): the first layer whose range holds it,
    /// else this one. Thread: any (the audio thread at trigger time); no allocation.
    const Sample& forVelocity(float velocity) const noexcept {
        for (const auto& l : layers)
            if (l.sample && velocity >= l.minVelocity && velocity <= l.maxVelocity)
                return *l.sample;
        return *this;
    }

    std::int64_t numFrames() const noexcept { return static_cast<std::int64_t>(channel[0].size()); }
    const float* left() const noexcept { return channel[0].data(); }
    /// Same as left() for mono samples.
    const float* right() const noexcept {
        return numChannels > 1 ? channel[1].data() : channel[0].data();
    }
};

} // namespace latentrack::core::voice
