#pragma once
// Voice-for-voice comparison of LatentRack's FM engine with the hexter reference: both render
// the same voice (note, velocity, hold, release), each rendering is scaled to −20 dBFS RMS (the
// two engines' overall output levels differ by design) and turned into a log-mel spectrogram
// (44.1 kHz, FFT 2048, hop 512, 128 HTK-mel bands 20 Hz … 16 kHz, floor −100 dB, i.e. 80 dB
// below the rendering's RMS level); the distance of two renderings is the mean absolute
// difference of their log-mel spectrograms in dB (core/dsp/MelSpectrogram.h).
//
// Used by the FM fidelity test and by `fm_compare` (the stage-by-stage debugging tool).
// Thread: one thread at a time. Allocates.

#include <string>
#include <vector>

#include "HexterReference.h"
#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"

namespace latentrack::test {

struct FidelitySettings {
    int note = 60;        ///< MIDI
    int velocity = 100;   ///< 1 … 127
    double hold = 2.0;    ///< seconds
    double release = 1.0; ///< seconds
    double sampleRate = 44100.0;
};

/// The log-mel configuration above.
core::dsp::MelConfig fidelityMelConfig(double sampleRate = 44100.0);

/// LatentRack's rendering of one note through the engine's own FM path (FmTestUtil renderFm).
std::vector<float> renderLatentRack(const core::fm::DxVoice& voice, const FidelitySettings& s);

/// Scales x to −20 dBFS RMS (silence stays silent) and returns its log-mel spectrogram.
core::dsp::LogMel fidelityLogMel(std::vector<float> x, core::dsp::MelSpectrogram& mel);

struct BankFidelity {
    std::vector<std::string> names;
    /// distance[i][j]: LatentRack's rendering of voice i against hexter's of voice j, dB.
    std::vector<std::vector<double>> distance;
    std::vector<int> nearest;     ///< per voice: the hexter voice closest to LatentRack's
    double ownMatchFraction = 0;  ///< share of voices whose nearest is their own
    double medianOwnDistance = 0; ///< median of distance[i][i], dB
};

/// Renders every voice through both engines and compares all pairs. Throws
/// std::runtime_error when hexter is not available.
BankFidelity compareBank(const std::vector<core::fm::DxVoice>& voices,
                         const HexterReference& hexter, const FidelitySettings& s);

} // namespace latentrack::test
