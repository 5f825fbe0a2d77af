#pragma once
// Helpers for FM tests: render a voice through the engine, estimate pitch and levels.

#include <vector>

#include "core/fm/DxVoice.h"

namespace latentrack::test {

/// Renders note/velocity of `voice` for hold + release seconds through the engine's FM path (as
/// the app plays it), 64-frame blocks.
std::vector<float> renderFm(const core::fm::DxVoice& voice, int note = 60, int velocity = 100,
                            double hold = 1.0, double release = 0.0, double sampleRate = 48000.0);
/// Fundamental of a (near-)sinusoid by interpolated upward zero crossings over [from, to).
double zeroCrossingHz(const std::vector<float>& x, long from, long to, double sampleRate = 48000.0);
/// Peak amplitude per window of `window` frames.
std::vector<float> peakEnvelope(const std::vector<float>& x, int window);
/// Magnitude in dB (re. the largest bin) at frequency hz of a Hann-windowed DFT of x[from, to).
double spectrumDbAt(const std::vector<float>& x, long from, long to, double hz,
                    double sampleRate = 48000.0);
/// A voice with only operator 1 sounding as a sine (algorithm 32, everything else at 0).
core::fm::DxVoice sineVoice();

} // namespace latentrack::test
