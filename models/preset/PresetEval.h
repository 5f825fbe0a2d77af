#pragma once
// Evaluation of a preset-inference model (`latentrack-cli eval preset`), written into its card:
// on the held-out test voices of its dataset, each inferred preset is rendered by our FM engine
// and compared with the rendering of the voice it should be:
// - audio: log-mel MAE (dB), spectral convergence ‖|A| − |B|‖ / ‖|A|‖ of the mel magnitudes,
//   MFCC-13 MAE (orthonormal DCT-II of the log-mel frames, coefficients 0 … 12);
// - parameters: numeric MAE on the 0 … 99 scale, categorical and algorithm accuracy, over the
//   parameters of audible operators;
// against baselines computed here: (a) the nearest training preset by log-mel distance of the
// stored renderings (retrieval), (b) the median preset (median of each numeric parameter, most
// common value of each categorical one). The model is reported from the posterior mean and as
// the best of `candidates` (mean + posterior samples, chosen by rendering distance to the
// sound), and refined (PresetRefinement.h) from its refineStarts best candidates when
// refineSeconds > 0.
// Interpolation smoothness, latent against naive, on pairs of held-out voices
// (PresetInterpolation.h). Out of domain (OutOfDomainSounds.h) the same audio metrics against
// retrieval.
//
// Thread: blocks the calling thread (LibTorch and rendering).

#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"
#include "models/preset/PresetDataset.h"
#include "models/preset/PresetInference.h"

namespace latentrack::models::preset {

struct AudioScores {
    double logMelDb = 0.0;
    double spectralConvergence = 0.0;
    double mfccMae = 0.0;
};
/// target and rendering: the same shape.
AudioScores audioScores(const core::dsp::LogMel& target, const core::dsp::LogMel& rendering);

struct ParameterScores {
    double numericMae = 0.0;          ///< 0 … 99 scale
    double categoricalAccuracy = 0.0; ///< 0 … 1
    double algorithmAccuracy = 0.0;   ///< 0 or 1 for one voice
};
ParameterScores parameterScores(const core::fm::DxVoice& target, const core::fm::DxVoice& inferred);

/// Nearest training preset by log-mel L1 distance to a spectrogram (over the dataset's stored,
/// byte-quantised renderings).
class PresetRetrieval {
public:
    explicit PresetRetrieval(const PresetDataset& data);
    /// Record index of the nearest training preset.
    int nearest(const core::dsp::LogMel& mel) const;

private:
    const PresetDataset& m_data;
    std::vector<int> m_ids;
    torch::Tensor m_mels; ///< [N, F·M] uint8
};

struct PresetEvalOptions {
    /// The held-out voices scored: Test for the card, Validation to tune a method (the
    /// refinement's search, the candidates) without looking at the test voices.
    PresetSplit split = PresetSplit::Test;
    int candidates = 8;
    double refineSeconds = 0.0; ///< > 0: also refine from the model's best candidates
    int refineStarts = 2;       ///< how many of the best candidates the refinement starts from
    int refineEvaluations = 0;  ///< > 0: and at most this many renderings per voice
    /// Pairs of held-out voices for PresetInterpolation.h (9 steps); with 20, the validation
    /// split's verdict (5 of 7 descriptors) did not hold with 100 (1 of 7).
    int interpolationPairs = 100;
    bool outOfDomain = true;
    /// Spectrogram PNGs here when not empty: heldout-N.png (the voice, the model's mean, its best
    /// candidate, the refined voice when refining, the retrieved preset), ood-N.png.
    std::filesystem::path figures;
    std::function<void(const std::string&)> progress;
};

/// The "evaluation" object of the card.
nlohmann::json evaluatePresetModel(PresetInferencer& inferencer, const PresetDataset& data,
                                   const PresetEvalOptions& options);

} // namespace latentrack::models::preset
