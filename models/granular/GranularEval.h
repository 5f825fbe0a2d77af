#pragma once
// Held-out evaluation of a granular model (`latentrack-cli eval granular`). On the held-out
// split of the model's dataset (GranularData.h: whole kits or whole pitches never trained on)
// each example x is compared, with the distances of AudioMetrics.h, to
//   model:      its reconstruction decode(μ(encode(x))) with a fixed noise seed (the encoder
//               alone, amortised inference as published);
//   refined:    decode(z) with z = μ refined by RefineOptions::steps Adam steps on x's training
//               objective (LatentRefinement.h: semi-amortised inference; the decoder, its noise
//               and its seed as for `model`) — what the explorer's resynthesis plays;
//   nearest:    baseline (a), the training example nearest to x by multi-scale spectral
//               distance (what a sample library lookup would give);
//   class mean: baseline (b), filtered noise shaped per grain by the RMS grainSpectrum() of
//               the training examples of x's class, through the same overlap-add.
// Reference (not a baseline): own-spectrum noise, filtered noise shaped per grain by x's own
// grain spectra (power-matched by grainSpectrum(), no network) — what the filtered-noise synthesis
// reaches with perfect filter magnitudes. Its noise excitation alone keeps it a few dB of LSD
// off a recording (each STFT bin of filtered noise fluctuates); the distance from the model to it
// is what better filter prediction can still gain.
// Diversity: the mean pairwise spectral distance between sample_note hits of a class (six
// seeds, peak-normalised as the drum machine plays them) next to the same spread among
// held-out examples of the class (up to eight): a model that ignores its seed scores ≈ 0.
// It also times sample_note on one thread (ms of compute per second of audio) and writes
// spectrogram PNGs (original | model | refined | nearest | class mean, one row per class; and
// one sample_note per class). Thread: blocks the caller; LibTorch on `threads` threads.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "models/granular/GranularModel.h"

namespace latentrack::models::granular {

struct MetricSet {
    double spectral = 0.0; ///< multi-scale spectral distance
    double lsd = 0.0;      ///< log-spectral distance, dB
    double rmse = 0.0;     ///< waveform RMSE (full scale 1.0)
};

/// Mean pairwise multi-scale spectral distance within a set of sounds.
struct Spread {
    double notes = 0.0; ///< among sample_note outputs of one class (different seeds)
    double data = 0.0;  ///< among held-out examples of that class
};

struct EvalReport {
    int examples = 0;
    std::vector<std::string> testKits;
    MetricSet model;   ///< the encoder's μ
    MetricSet refined; ///< μ refined (equal to `model` when refinement.steps = 0)
    MetricSet nearest;
    MetricSet classMean;
    MetricSet ownSpectrum; ///< reference: own-spectrum filtered noise (a bound of the decoder)
    std::map<std::string, MetricSet> modelPerClass;
    std::map<std::string, MetricSet> refinedPerClass;
    std::map<std::string, MetricSet> nearestPerClass;     ///< baseline (a) by class
    std::map<std::string, MetricSet> ownSpectrumPerClass; ///< the reference by class
    std::map<std::string, Spread> spreadPerClass;
    Spread spread;                      ///< mean over the classes
    double sampleNoteMsPerSecond = 0.0; ///< one thread, CPU
    RefineOptions refinement;           ///< as run (steps, learning rate, seed)
    /// Wall time of the refinement per second of held-out audio, on `threads` threads, CPU.
    double refineSecondsPerSecond = 0.0;
    std::vector<std::string> figures; ///< files written: PNGs, and WAVs with writeAudio

    /// True when the resynthesis (`refined`) is better than both baselines on the spectral
    /// distance and the LSD.
    bool beatsBaselines() const;
    /// The same test for the encoder's μ alone (`model`).
    bool encoderBeatsBaselines() const;
};

struct EvalOptions {
    std::filesystem::path modelDir;
    std::filesystem::path dataDir;    ///< empty = the dataset the model was trained on
    std::string classKey;             ///< empty = the one it was trained with
    std::filesystem::path figuresDir; ///< empty = <modelDir>/eval
    /// Also write <figuresDir>/audio/<class>-{original,model,refined,nearest}.wav (16-bit, model
    /// rate) for the first held-out example of each class, to listen to what the figures show.
    bool writeAudio = false;
    int threads = 1;
    /// Latent refinement of each held-out example (steps = 0: the encoder alone).
    RefineOptions refine{kResynthesisRefineSteps};
};

/// Throws ModelError / DatasetError with the file and the problem.
EvalReport evaluateGranular(const EvalOptions& options);

void to_json(nlohmann::json& j, const MetricSet& m);
void to_json(nlohmann::json& j, const Spread& s);
void to_json(nlohmann::json& j, const EvalReport& r);

/// Writes <modelDir>/card.json: name, model kind, sample rate, classes, configuration, the
/// training provenance and command (from model.json), `report`, and `evalCommand`.
void writeModelCard(const std::filesystem::path& modelDir, const EvalReport& report,
                    const std::string& evalCommand);

} // namespace latentrack::models::granular
