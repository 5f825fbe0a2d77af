#pragma once
// Log-mel spectrogram of mono audio (FFTW): Hann-windowed STFT, power spectrum, triangular
// HTK-mel filterbank (Slaney-style area normalisation off: each filter peaks at 1), 10·log10
// of the band power with a floor. Used to compare renderings (the FM fidelity tool, the preset
// datasets) — not on the audio thread.
//
// Frames: frame t covers samples [t·hop, t·hop + fftSize); the signal is zero-padded at the
// end, so a signal of n samples gives ⌈n / hop⌉ frames (at least one).
//
// Thread: any non-realtime thread; a MelSpectrogram object is not shared between threads
// (it owns FFTW buffers). Allocates.

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace latentrack::core::dsp {

class RealFft;

struct MelConfig {
    double sampleRate = 44100.0; ///< Hz
    int fftSize = 2048;          ///< samples, even, ≥ 16
    int hop = 512;               ///< samples, ≥ 1
    int numMels = 128;           ///< bands, ≥ 1
    double minHz = 20.0;         ///< lowest band edge, Hz
    double maxHz = 16000.0;      ///< highest band edge, Hz (≤ Nyquist; clamped to it)
    double floorDb = -120.0;     ///< band powers below this (dB re. full-scale sine power) clip
};

/// Row-major [frames, numMels] matrix of band powers in dB.
struct LogMel {
    int frames = 0;
    int mels = 0;
    std::vector<float> db;
    float at(int frame, int mel) const { return db[static_cast<std::size_t>(frame * mels + mel)]; }
};

class MelSpectrogram {
public:
    /// Throws std::invalid_argument for a config outside the ranges above.
    explicit MelSpectrogram(const MelConfig& config);
    ~MelSpectrogram();
    MelSpectrogram(const MelSpectrogram&) = delete;
    MelSpectrogram& operator=(const MelSpectrogram&) = delete;

    /// Log-mel spectrogram of x (samples at config.sampleRate, nominally ±1). 0 dB is the band
    /// power of a full-scale sine centred in one band.
    LogMel compute(std::span<const float> x);
    const MelConfig& config() const noexcept { return m_config; }

private:
    MelConfig m_config;
    std::vector<float> m_window;
    std::vector<std::vector<std::pair<int, float>>> m_bands; ///< per band: (bin, weight)
    std::unique_ptr<RealFft> m_fft;
    float m_powerScale = 1.0f;
};

/// Centre frequency (Hz) of band `band` (0 … numMels − 1, fractional allowed) of a log-mel
/// spectrogram with this configuration, and the inverse: the (fractional) band whose centre is
/// `hz`. HTK mel scale, m = 2595 · log10(1 + f / 700).
double melBandCentreHz(const MelConfig& config, double band);
double melBandOfHz(const MelConfig& config, double hz);

/// Mean absolute difference in dB between two log-mel spectrograms of the same shape, over the
/// first min(a.frames, b.frames) frames. Throws std::invalid_argument when the band counts
/// differ or either is empty.
double logMelDistance(const LogMel& a, const LogMel& b);

} // namespace latentrack::core::dsp
