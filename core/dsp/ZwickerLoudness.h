#pragma once
// Loudness of stationary sounds after Zwicker, ISO 532-1:2017 section 5 (the DIN 45631
// program of Zwicker & Fastl, J. Acoust. Soc. Jpn (E) 12, 1991): from the 28 third-octave
// band levels 25 Hz … 12.5 kHz to the specific loudness N'(z) on 240 steps of 0.1 Bark and
// the total loudness N in sone (a 1 kHz tone at 40 dB SPL is 1 sone). Used by the sharpness
// and boominess descriptors. Thread: any. Allocation-free.

#include <array>
#include <vector>

namespace latentrack::core::dsp {

inline constexpr int kThirdOctaveBands = 28;       ///< 25 Hz … 12.5 kHz
inline constexpr int kSpecificLoudnessSteps = 240; ///< z = 0.1, 0.2 … 24 Bark

/// Centre frequency (Hz) of third-octave band `band` (0 = 25 Hz … 27 = 12.5 kHz), nominal.
double thirdOctaveCentreHz(int band);

enum class SoundField { Free, Diffuse };

struct ZwickerLoudness {
    double sone = 0.0; ///< total loudness N
    /// N'(z) in sone/Bark at z = 0.1·(i + 1) Bark.
    std::array<double, kSpecificLoudnessSteps> specific{};
};

/// Zwicker loudness of third-octave band levels `levelsDb` (dB SPL, 25 Hz … 12.5 kHz). Levels
/// of the bands below 315 Hz are clamped to 120 dB, the method's limit.
ZwickerLoudness zwickerLoudness(const std::array<double, kThirdOctaveBands>& levelsDb,
                                SoundField field = SoundField::Free);

/// Third-octave band levels (dB SPL) of a one-sided power spectrum: `power` holds the mean
/// square of the signal in each bin (bins of `binHz`, bin 0 = DC; Σ power = the signal's mean
/// square), `dbSplAtUnitRms` the sound pressure level of a signal of RMS 1. Each band weights
/// the bins by the power response of a sixth-order Butterworth third-octave band-pass, as the
/// standard's filter bank does. Bands with no power get −100 dB.
std::array<double, kThirdOctaveBands> thirdOctaveLevels(const std::vector<float>& power,
                                                        double binHz, double dbSplAtUnitRms);

/// thirdOctaveLevels() with the band weights computed once for spectra of `bins` bins of
/// `binHz` (the weights below −120 dB are left out). Thread: any (read-only after construction).
class ThirdOctaveBank {
public:
    ThirdOctaveBank(int bins, double binHz);
    std::array<double, kThirdOctaveBands> levels(const std::vector<float>& power,
                                                 double dbSplAtUnitRms) const;
    /// Band `band`'s power weights (0 … 1) on bins firstBin(band), firstBin(band) + 1, …;
    /// `band` in 0 … 27, else std::out_of_range.
    int firstBin(int band) const { return m_bands.at(static_cast<std::size_t>(band)).first; }
    const std::vector<float>& weights(int band) const {
        return m_bands.at(static_cast<std::size_t>(band)).weights;
    }

private:
    struct Band {
        int first = 0;
        std::vector<float> weights;
    };
    std::array<Band, kThirdOctaveBands> m_bands;
};

} // namespace latentrack::core::dsp
