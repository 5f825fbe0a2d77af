#pragma once
// Hyper-parameters of the neural granular synthesizer (grain VAE + latent-series VAE), after
// "Neural Granular Sound Synthesis" (Bitton, Esling, Harada, ICMC 2021). One code path, two
// configurations: `paper` (the published numbers, see shared/MODELS.md) and `small` (sized to
// train on 2 CPU cores in under an hour). Thread: any; plain data.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace latentrack::models::granular {

struct GranularConfig {
    std::string name = "small";
    int sampleRate = 16000; ///< Hz of the training audio and of everything the model generates
    int grainSize = 1024;   ///< L, samples per grain (Hann window)
    int hop = 256;          ///< samples between grain onsets (L/4 = 75 % overlap)
    int numGrains = 64;     ///< N, grains per example; example length = (N−1)·hop + L samples
    int latentDim = 32;     ///< z, grain latent size

    // Grain encoder: 3 × [Conv1d kernel 9 stride 4 → residualBlocks dilated residual blocks],
    // then 2 linear layers of `hidden` → μ, log σ².
    int encoderChannels = 32;
    int residualBlocks = 1;
    int hidden = 256;
    // Grain decoder: 3 linear layers of `hidden` → L/2+1 filter magnitudes; post Conv1d.
    int postKernel = 65;
    /// Upper bound of the filter magnitudes (the exponentiated sigmoid's maximum, linear gain
    /// on uniform noise in [−1, 1]). DDSP uses 2, which caps a narrow-band grain (a kick's few
    /// low bins) far below full scale before the softsign; 16 (+18 dB) lets every class reach
    /// the level of its peak-normalised training examples. Model files written before this
    /// field existed were trained with 2, which from_json assumes when the field is absent.
    double magnitudeCeiling = 16.0;
    /// Softsign after the post filter, as published. The training and held-out examples are
    /// peak-normalised to 0.9, where softsign is far from linear: noise shaped to reach such
    /// peaks through it spreads distortion into the bins a sound leaves empty (a kick's top
    /// octaves, the gaps between a note's partials). Filtered noise carrying the held-out
    /// examples' own grain spectra scores, in LSD dB, drums8 4.31 without it and 5.33 through
    /// it; dnb10 6.08 against 9.33; orchestra 8.01 against 17.24. Trained models gain less
    /// (orchestra, same recipe: held-out LSD 14.02 → 13.80 dB; drums8 unchanged within run
    /// spread). `small` leaves it out (the output level is then limited only through
    /// magnitudeCeiling); `paper` keeps it. Model files written before this field read as true.
    bool postSoftsign = false;

    // Multi-scale spectral loss (L1 on linear and log magnitudes) and mel L1.
    std::vector<int> fftSizes{1024, 512, 256, 128};
    std::vector<int> melFftSizes{1024, 512}; ///< n_mels = n_fft / 4
    double melMinHz = 50.0;
    double beta = 0.003; ///< KL weight of the grain VAE (reached after betaWarmupSteps)
    int betaWarmupSteps = 500;

    // Latent-series VAE over the z sequence of an example.
    int embeddingDim = 64;
    int seriesHidden = 128;
    int seriesLayers = 1;
    double seriesBeta = 0.01;

    // Training.
    int batchSize = 8; ///< examples per step (latent-series VAE; grain VAE: see cropGrains)
    /// Grain VAE steps train on random crops of `cropGrains` consecutive grains (hop-aligned)
    /// instead of whole examples, batchSize·numGrains/cropGrains crops per step: the same
    /// grains per step drawn from 8× more sounds at 8, so each gradient averages over more of
    /// the dataset (orchestra, 1500 steps, one thread: held-out spectral 2.06 → 1.99, LSD
    /// 15.25 → 14.94 dB, 1.82 → 2.09 steps/s). 0 or numGrains = whole examples (the paper's
    /// batches).
    int cropGrains = 8;
    /// Data augmentation of the grain VAE's batches: each example is resampled by a random
    /// factor 2^(s/12), s uniform in ±augmentSemitones (Augment.h), the way drum kits differ
    /// in tuning, so the held-out kits' kicks and toms lie between training pitches. 0 = off
    /// (also for model files written before the field).
    double augmentSemitones = 0.0;
    double learningRate = 1e-3;
    int grainSteps = 6000;
    int seriesSteps = 3000;
    std::uint64_t seed = 1234;

    /// Samples in one example (and in one generated note): (N−1)·hop + L.
    int exampleLength() const { return (numGrains - 1) * hop + grainSize; }
    /// Filter magnitudes per grain: L/2 + 1.
    int numBins() const { return grainSize / 2 + 1; }

    /// Throws std::invalid_argument naming the first inconsistent field (hop not dividing the
    /// grain, grain not a multiple of 64, non-positive sizes …).
    void validate() const;

    /// `small` or `paper`; throws std::invalid_argument for any other name.
    static GranularConfig named(const std::string& name);
};

void to_json(nlohmann::json& j, const GranularConfig& c);
/// Missing fields keep their defaults; wrong types throw nlohmann::json::exception.
void from_json(const nlohmann::json& j, GranularConfig& c);

} // namespace latentrack::models::granular
