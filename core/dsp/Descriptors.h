#pragma once
// The five audio descriptors that condition the attribute-fader voice (NeuroRave, "Continuous
// descriptor-based control for deep audio synthesis", ICASSP 2023; MODELS.md), per frame:
// - RMS: sqrt(mean x²) over the frame (linear amplitude, 1 = full-scale DC);
// - spectral centroid (Hz) and bandwidth (Hz) of the magnitude spectrum |X(f)| (Hann window):
//   c = Σ|X|·f / Σ|X|,  b = sqrt(Σ|X|·(f − c)² / Σ|X|);
// - sharpness (acum) after Zwicker & Fastl: 0.11 · Σ N'(z)·g(z)·z·Δz / Σ N'(z)·Δz with
//   g(z) = 1 up to 16 Bark and 0.066·e^(0.171 z) above, N'(z) the ISO 532-1 specific loudness
//   (ZwickerLoudness.h) of the frame's third-octave levels (narrow-band noise at 1 kHz, 60 dB:
//   1 acum);
// - boominess: the Hatano–Hashimoto booming index, Σ w(z)·N'(z)·Δz · N(< 280 Hz) / N, w falling
//   with the third-octave band number k as 2.13·e^(−0.151 k) (k ≥ 4, as read by the Audio
//   Commons timbral models that NeuroRave uses).
// Frames are centred: frame t is centred on sample t·hop (zero padding at both ends), so n
// samples give n / hop + 1 frames. RMS, centroid and bandwidth use `frameSize` samples,
// sharpness and boominess `loudnessFrameSize` (longer: the loudness model wants low-frequency
// resolution). Levels: a signal of RMS 1 is `dbSplAtUnitRms` dB SPL.
// Thread: one DescriptorAnalyzer per thread (FFTW buffers). Not for the audio thread.

#include <array>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace latentrack::core::dsp {

class RealFft;
class ThirdOctaveBank;
struct ZwickerLoudness;

enum class Descriptor { Rms = 0, Centroid, Bandwidth, Sharpness, Boominess };
inline constexpr int kNumDescriptors = 5;

/// "rms", "centroid", "bandwidth", "sharpness", "boominess".
const char* descriptorName(Descriptor d);
/// "", "Hz", "Hz", "acum", "" (RMS is linear; faders show it in dB).
const char* descriptorUnit(Descriptor d);
/// The descriptor called `name` (as descriptorName()); throws std::invalid_argument otherwise.
Descriptor descriptorFromName(const std::string& name);

struct DescriptorConfig {
    double sampleRate = 16000.0;  ///< Hz
    int frameSize = 2048;         ///< samples, even, ≥ 16 (RMS, centroid, bandwidth)
    int hop = 512;                ///< samples, ≥ 1
    int loudnessFrameSize = 4096; ///< samples, even, ≥ 16 (sharpness, boominess)
    double dbSplAtUnitRms = 100.0;
};

/// One frame's descriptors, indexed by Descriptor.
struct DescriptorFrame {
    std::array<float, kNumDescriptors> values{};
    float loudnessSone = 0.0f; ///< the ISO 532-1 loudness the last two were computed from
    float operator[](Descriptor d) const { return values[static_cast<std::size_t>(d)]; }
};

class DescriptorAnalyzer {
public:
    /// Throws std::invalid_argument for a config outside the ranges above.
    explicit DescriptorAnalyzer(const DescriptorConfig& config);
    ~DescriptorAnalyzer();
    DescriptorAnalyzer(const DescriptorAnalyzer&) = delete;
    DescriptorAnalyzer& operator=(const DescriptorAnalyzer&) = delete;

    /// Descriptors of every frame of `x` (mono at config().sampleRate); finite for any finite
    /// input (silence gives zeros).
    std::vector<DescriptorFrame> analyse(std::span<const float> x);
    /// x.size() / hop + 1.
    int numFrames(std::size_t samples) const;
    const DescriptorConfig& config() const noexcept { return m_config; }

private:
    /// Mean square per bin of the frame of `size` samples centred on `centre` (Hann window).
    void framePower(std::span<const float> x, long centre, RealFft& fft,
                    const std::vector<float>& window, std::vector<float>& power);

    DescriptorConfig m_config;
    std::unique_ptr<RealFft> m_fft;
    std::unique_ptr<RealFft> m_loudnessFft;
    std::unique_ptr<ThirdOctaveBank> m_bank;
    std::vector<float> m_window;
    std::vector<float> m_loudnessWindow;
    std::vector<float> m_frame;
    std::vector<float> m_power;
};

/// Sharpness (acum) of a specific-loudness pattern; 0 for silence:
/// Σ N'(z)·sharpnessWeight(i) / Σ N'(z) over the steps i (z = 0.1·(i + 1) Bark).
double sharpnessAcum(const ZwickerLoudness& loudness);
/// Booming index of a specific-loudness pattern; 0 for silence (Hatano & Hashimoto 2000):
/// Σ n·boomingWeight(i) · Σ_{boomingLow(i)} n / Σ n, n = 0.1·N'(z) the loudness of each step.
double boomingIndex(const ZwickerLoudness& loudness);
/// Sharpness's weight of step `step` (0 … 239): 0.11·g(z)·z, g(z) = 1 up to 16 Bark and
/// 0.066·e^(0.171·z) above (Zwicker & Fastl's weighting).
double sharpnessWeight(int step);
/// The booming index's weight of step `step` (0 … 239): 2.13·e^(−0.151·b), b the step's
/// third-octave band number counted from 25 Hz (at least 4).
double boomingWeight(int step);
/// Whether step `step` (0 … 239) lies below 280 Hz, the booming index's low part.
bool boomingLow(int step);
/// Critical-band rate z (Bark) → Hz (Schroeder: 600·sinh(z/6)).
double barkToHz(double z);

/// Dataset-wide range of each descriptor, mapped to [−1, 1] for the model (stored with it).
struct DescriptorRange {
    std::array<float, kNumDescriptors> min{};
    std::array<float, kNumDescriptors> max{};
    /// The range of `frames` (each descriptor's minimum and maximum). Throws
    /// std::invalid_argument when `frames` is empty.
    static DescriptorRange fit(std::span<const DescriptorFrame> frames);
    /// 2·(v − min)/(max − min) − 1 per descriptor (0 where max = min); not clamped.
    std::array<float, kNumDescriptors> normalise(const DescriptorFrame& frame) const;
    /// normalise() for one descriptor's `value` in the frame's units (RMS linear, Hz, acum,
    /// booming index); not clamped.
    float normalise(Descriptor d, float value) const;
    /// The inverse of normalise() for one descriptor.
    float denormalise(Descriptor d, float normalised) const;
};

} // namespace latentrack::core::dsp
