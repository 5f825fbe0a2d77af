#pragma once
// Hyper-parameters of the attribute-conditioned RAVE-style model (NeuroRave C-RAVE / F-RAVE,
// "Continuous descriptor-based control for deep audio synthesis", ICASSP 2023; RAVE, Caillon &
// Esling 2021). One code path, two configurations: `paper` (MODELS.md: 16 kHz, PQMF 8 bands,
// capacity 64, latent 128, ratios 4·4·4·2) and `small` (trains on 2 CPU cores within an hour).
// Thread: any; plain data.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace latentrack::models::rave {

enum class RaveVariant { CRave, FRave };

/// Steps the attribute regressor trains before the consistency term starts, and the length of
/// that term's ramp.
inline constexpr int kConsistencyLead = 1000;

struct RaveConfig {
    std::string name = "small";
    RaveVariant variant = RaveVariant::FRave;
    int sampleRate = 16000;
    int bands = 8;                    ///< PQMF bands M
    int capacity = 16;                ///< channels of the first encoder stage (doubled per ratio)
    int latentDim = 16;               ///< z channels per latent frame
    std::vector<int> ratios{4, 4, 2}; ///< encoder down-sampling after the PQMF
    std::vector<int> dilations{1, 3, 9}; ///< residual units per stage
    int attributes = 5;                  ///< descriptors concatenated to z (RMS … boominess)
    int noiseBands = 0; ///< noise generator sub-bands per PQMF band (RaveModel.h); 0: none
    /// Harmonics of the decoder's harmonic oscillator (HarmonicOscillator.h); 0: none. Reading
    /// its pitch from z it did not help (z, 1–2 nats per frame, does not hold the note: 17–21 %
    /// of the pitched frames within 50 cents of YIN's); given the pitch (pitchInput) from the
    /// start it closed the strings reconstruction gap until the consistency stage undid it
    /// (README, "Attribute faders"). Not in the shipped models.
    int harmonics = 0;
    /// The oscillator plays a pitch given with z and the attributes (f0 conditioning, as DDSP's
    /// decoder takes f0) instead of the one its head reads from them: in training and `eval
    /// rave` the YIN pitch of the input (RaveData: latentFramePitch, unvoiced frames filled by
    /// fillUnvoiced()), in the app a loop's or the live input's own pitch plus a transposition,
    /// or a note for the prior (RaveStreamDecoder). Needs harmonics > 0.
    bool pitchInput = false;
    /// Bands of the oscillator's filtered noise (HarmonicOscillator.h: DDSP's harmonic plus
    /// noise, mel-spaced bands from 0 Hz), its amplitudes read by the oscillator's head from z
    /// and the attributes; 0: harmonics alone. Needs harmonics > 0. With
    /// consistencyOscillatorOnly the consistency term then moves the noise too: the breath and
    /// bow noise, and the low range that the harmonics of a high note cannot reach. Measured
    /// on strings (README): 24 bands added to an oscillator-only model, 6500 steps on,
    /// boominess's control 0.37 → 0.62, mean r 0.651 → 0.730, four changed 0.397 → 0.520,
    /// the reconstruction kept. Not in the shipped models.
    int oscillatorNoiseBands = 0;
    int windowSize = 16384; ///< training window, samples (multiple of compression())

    // Loss.
    std::vector<int> fftSizes{1024, 512, 256, 128}; ///< full band; bands use sizes / bands
    double loudnessWeight = 1.0;
    /// Weight of the log-mel term (RaveLoss.h: logMelDistance, 128 bands of a 2048-point STFT,
    /// as `eval rave` measures); 0: off. The STFT terms give the low bands, where a string's
    /// fundamental and first partials lie, a small share of their bins; the mel scale gives
    /// them half. Not shipped: rave-strings continued 4000 steps with weight 1 reconstructed
    /// its held-out windows no better (log-mel 13.02 against 12.89 dB, STFT 7.47 against 7.33).
    double melWeight = 0.0;
    /// Weight of the pitch term (RaveLoss.h): the oscillator's pitch against YIN's on the
    /// training windows, in octaves; used only with harmonics > 0.
    double pitchWeight = 1.0;
    double betaMax = 0.1;   ///< KL weight after the warm-up
    int betaDelay = 2000;   ///< steps at β = 0, then a linear ramp over as many steps
    double lambdaMax = 0.5; ///< F-RAVE: weight of the latent discriminator's adversarial term
    int lambdaDelay = 3000; ///< steps at λ = 0, then a linear ramp over as many steps
    int attributeBins = 16; ///< quantile bins per attribute for the latent discriminator
    /// Descriptor consistency (AttributeRegressor.h): weight of the regressor's MSE on audio
    /// decoded with mixed attributes (0: off, no regressor); the regressor trains from
    /// consistencyDelay − kConsistencyLead steps on, the weight ramps linearly from
    /// consistencyDelay over kConsistencyLead steps.
    double consistencyWeight = 10.0;
    int consistencyDelay = 3000;
    /// The term reads RMS, centroid and bandwidth from the decoded audio itself
    /// (SpectralDescriptors.h), the regressor only sharpness and boominess; false: the
    /// regressor reads all five (the shipped models before this option).
    bool consistencySpectral = false;
    /// With consistencySpectral, the term also reads sharpness and boominess from the audio:
    /// core/dsp's exact ISO 532-1 values, passed straight through the gradient of their
    /// differentiable counterpart (LoudnessDescriptors.h), instead of the regressor's reading
    /// (with five attributes the regressor is then not made at all). Measured on strings (README):
    /// sharpness's control 0.18 → 0.56 in 8500 steps, the reconstruction kept; not the targets.
    bool consistencyLoudness = false;
    /// The term's gradient reaches only the harmonic oscillator (its head of pitch, harmonic
    /// levels and, with oscillatorNoiseBands, noise levels), not the decoder's waveform path: the
    /// attributes then move the harmonics' balance, and the term cannot buy a reading by filling
    /// the valleys between the partials with noise (what the whole-decoder term did to strings
    /// given their pitch: log-mel 6.74 → 14.93 dB over 5000 steps, README). Needs harmonics > 0.
    /// Measured (README): the reconstruction is kept, control stays short of the targets.
    bool consistencyOscillatorOnly = false;
    /// RAVE's second stage (adversarial fine-tuning, WaveDiscriminator.h): from this step on the
    /// encoder is frozen, the latent discriminator stops, and the decoder also learns against a
    /// multi-scale waveform discriminator (hinge loss) with feature matching; −1: never (the
    /// shipped models). Not shipped: rave-strings continued 4000 steps with it reconstructed
    /// its held-out windows worse (log-mel 14.60 against 12.89 dB, STFT 7.98 against 7.33);
    /// its decoder still repeats itself every one and a half or two latent frames on held
    /// notes (README, "Attribute faders").
    int adversarialStart = -1;
    double featureMatchingWeight = 10.0; ///< RAVE: 10
    int discriminatorCapacity = 8;       ///< channels of the first layer (paper 16)
    int discriminatorMultiplier = 4;     ///< channel growth and stride per layer (paper 4)
    int discriminatorLayers = 3;         ///< strided layers per scale (paper 4)
    int discriminatorMaxChannels = 128;  ///< cap on any layer's channels (paper 1024)
    int discriminatorScales = 2;         ///< full rate, then halved each (paper 3)

    // Training.
    int batchSize = 8;
    double learningRate = 1e-3;
    int steps = 12000;
    std::uint64_t seed = 1234;

    /// Audio samples per latent frame: bands · Π ratios.
    int compression() const;
    /// Latent frames per training window.
    int latentFrames() const { return windowSize / compression(); }
    /// Throws std::invalid_argument naming the first field out of range.
    void validate() const;
    /// "small" or "paper"; throws std::invalid_argument otherwise.
    static RaveConfig named(const std::string& name);
};

const char* variantName(RaveVariant v); ///< "crave", "frave"
RaveVariant variantFromName(const std::string& name);

void to_json(nlohmann::json& j, const RaveConfig& c);
void from_json(const nlohmann::json& j, RaveConfig& c);

} // namespace latentrack::models::rave
