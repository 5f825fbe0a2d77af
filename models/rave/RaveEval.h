#pragma once
// Evaluation of an attribute-fader model on the held-out recordings of its dataset
// (`latentrack-cli eval rave`), after NeuroRave (ICASSP 2023) and MODELS.md:
// - Reconstruction of held-out windows (z = the encoder's μ, the window's own attributes;
//   windows below −60 dBFS RMS are left out):
//   multi-scale STFT distance (the training distance) and log-mel distance (mean |dB| of 128
//   mel bands, n_fft 2048, hop 512), against the PQMF reconstruction of the input; baseline:
//   the nearest of `baselineWindows` random training windows by the same STFT distance. Pitch
//   kept: on the hops where the input is clearly pitched (aubio's YIN), the share where the
//   reconstruction (and the nearest window) is within 50 cents of it. With a harmonic
//   oscillator: its pitch for the window's z against YIN's (RaveData.h: latentFramePitch) on the
//   latent frames where YIN's is clear, the share within 50 cents and the median error.
// - Control: in each held-out window one attribute (then 2, 3, 4 together) is replaced by a
//   target curve (ramps up and down, a sine, a saw, another window's curve; normalised units),
//   the window is decoded with its own z, the descriptors are re-extracted from the output, and
//   Pearson r between target and output is averaged per attribute, with NeuroRave's score
//   (r + 1)/2 beside it. Lower bound: the same r when the decoder was given another window's
//   attributes instead of the target; upper reference: r of the window's own attributes
//   against the re-extracted ones. With several attributes changed the four shapes go to
//   different attributes, so that some pairs ask for what the sound's physics rarely gives
//   (centroid up while sharpness goes down: their correlation over the held-out frames is
//   reported beside); the same k attributes following another window's curves together (the
//   panel's "follow" modulator) are reported too.
//   Generate mode: the same targets decoded from a prior draw N(0, 1) held over the window
//   (seeded per window) instead of the window's z. Faders mode (the module and the panel
//   generating with the other faders left where they are): the same prior draw, the other
//   attributes held at their means over the window; beside its r, the least-squares slope of
//   the output on the target (normalised units: 1 = the fader's whole range is heard, a small
//   slope = the right shape over a compressed range, which r does not see), pooled over every
//   target curve (Σ cov / Σ var, so that another window's nearly flat curve, whose own slope
//   is noise over a tiny variance, weighs as little as it moves).
// A model with a pitch input (RaveConfig::pitchInput) plays the window's YIN pitch (unvoiced
// frames filled) in every decode of the window, generate and faders modes included.
// - F-RAVE: the latent discriminator's accuracy on held-out z per attribute, against the
//   majority-bin rate of the same frames.
// Spectrogram PNGs (input | reconstruction) of the first held-out windows go to `figureDir`.
// Thread: blocks the calling thread (LibTorch, CPU).

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace latentrack::models::rave {

struct RaveEvalOptions {
    std::filesystem::path modelDir;
    std::filesystem::path dataDir;
    std::filesystem::path figureDir; ///< empty: no figures
    int maxWindows = 48;             ///< held-out windows evaluated (spread over the recordings)
    int baselineWindows = 192;
    std::uint64_t seed = 7;
    /// LibTorch threads. The model is small: one thread is fastest, and more than the free
    /// cores (a training run beside it) makes OpenMP spin — 20× slower measured.
    int threads = 1;
};

struct AttributeControl {
    std::string name;
    double r = 0.0;           ///< mean Pearson r, target vs output
    double score = 0.0;       ///< (r + 1) / 2, NeuroRave's scale
    double lowerR = 0.0;      ///< another window's attributes given instead of the target
    double upperR = 0.0;      ///< the window's own attributes vs the output
    double priorR = 0.0;      ///< as r, decoding a prior draw instead of the window's z (generate)
    double fadersR = 0.0;     ///< as priorR, the other attributes held at their window means
    double fadersSlope = 0.0; ///< slope of the output on the target in faders mode
};

struct RaveEvalReport {
    int windows = 0;
    double stft = 0.0;         ///< held-out reconstruction, multi-scale STFT distance
    double melDb = 0.0;        ///< held-out reconstruction, log-mel distance (dB)
    double baselineStft = 0.0; ///< nearest training window
    double baselineMelDb = 0.0;
    /// Pitch kept (analysis::pitchAgreement): of the held-out windows' pitched hops
    /// (pitchedFrames), the share whose reconstruction's YIN estimate is within 50 cents, and
    /// the same for the nearest training window.
    int pitchedFrames = 0;
    double pitchAgreement = 0.0;
    double baselinePitchAgreement = 0.0;
    /// Models with a harmonic oscillator: latent frames with a clear YIN pitch, the share where
    /// the oscillator's pitch is within 50 cents of it, and the median distance (cents).
    bool hasOscillator = false;
    int oscillatorFrames = 0;
    double oscillatorWithin50Cents = 0.0;
    double oscillatorMedianCents = 0.0;
    std::vector<AttributeControl> control;   ///< one per attribute
    std::array<double, 4> multiAttributeR{}; ///< mean r with 1, 2, 3, 4 attributes changed
    /// Mean r with 1, 2, 3, 4 attributes following another window's curves together.
    std::array<double, 4> multiAttributeFollowR{};
    /// Pearson r between the attributes over every held-out frame (normalised units), A × A.
    std::vector<std::vector<double>> attributeCorrelation;
    bool hasDiscriminator = false;
    std::vector<double> discriminatorAccuracy; ///< per attribute, held-out z
    std::vector<double> majorityRate;          ///< per attribute, the most common bin's share
};

/// Throws RaveModelError for an unusable model and std::runtime_error for data problems.
RaveEvalReport evaluateRave(const RaveEvalOptions& options);

nlohmann::json toJson(const RaveEvalReport& report);

} // namespace latentrack::models::rave
