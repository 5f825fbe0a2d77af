#pragma once
// Streaming sample-rate conversion of one mono channel with libsamplerate (SRC_SINC_FASTEST),
// keeping its filter state between calls, for audio decoded block by block on a worker (e.g.
// the granular model's 16 kHz output to the engine's 48 kHz). Thread: one thread at a time;
// never the audio thread (libsamplerate may allocate).

#include <memory>
#include <vector>

namespace latentrack::core::dsp {

class StreamResampler {
public:
    /// Throws std::runtime_error when libsamplerate cannot start.
    StreamResampler(double fromRate, double toRate);
    ~StreamResampler();
    StreamResampler(const StreamResampler&) = delete;
    StreamResampler& operator=(const StreamResampler&) = delete;

    /// Converts `input` and appends the output (≈ input.size() · toRate/fromRate samples,
    /// delayed by the filter) to `out`.
    void process(const std::vector<float>& input, std::vector<float>& out);
    double ratio() const { return m_ratio; }

private:
    struct State;
    std::unique_ptr<State> m_state;
    double m_ratio;
};

} // namespace latentrack::core::dsp
