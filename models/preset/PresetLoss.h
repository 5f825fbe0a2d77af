#pragma once
// Training targets and loss of the preset-inference model (DAFx21): spectrogram MSE + β·KL +
// parameterWeight·(numeric MSE + categoricalWeight·cross-entropy), the parameter terms masked
// for the operators that cannot be heard (output level 0), + (β/β_final)·latentWeight·latent
// alignment: ‖flow⁻¹(invertibleTarget(preset)) − sg(posterior mean)‖², mean over dimensions
// (sg: no gradient into the encoder), so that the flow's inverse places a preset where the
// encoder places its sound, in the KL-regularised latent space.
//
// Categorical targets are label-smoothed (PresetConfig::labelSmoothing ε) and each block of
// logits is pulled towards zero mean, so that the loss's optimum is one point: the centred log
// of the smoothed one-hot, log(1 − ε) for the class and log(ε/(K − 1)) for the others, minus
// their mean. invertibleTarget() builds that point, which the flow's inverse maps back to the
// latent space (interpolation, macros).
//
// Thread: the training or inference thread.

#include <torch/torch.h>

#include "core/fm/DxVoice.h"
#include "models/preset/PresetConfig.h"
#include "models/preset/PresetModel.h"

namespace latentrack::models::preset {

/// Targets of a batch; B presets.
struct PresetTargets {
    torch::Tensor numeric;         ///< [B, 90] float in [0, 1]
    torch::Tensor classes;         ///< [B, 54] long
    torch::Tensor numericMask;     ///< [B, 90] float 0/1
    torch::Tensor categoricalMask; ///< [B, 54] float 0/1
    torch::Tensor invertible;      ///< [B, D] invertibleTarget of each voice
};

/// Targets of the given voices (CPU tensors); labelSmoothing as PresetConfig's.
PresetTargets presetTargets(const std::vector<core::fm::DxVoice>& voices, double labelSmoothing);

struct PresetLossTerms {
    torch::Tensor total, spectrogram, kl, numeric, categorical;
    torch::Tensor latent; ///< mean squared distance of the presets' latent points to the means
};

/// spectrogram: [B, 1, M, F] scaled to [−1, 1]. sample: draw z from the posterior (training)
/// or take its mean (evaluation).
PresetLossTerms presetLoss(PresetModel& model, const torch::Tensor& spectrogram,
                           const PresetTargets& targets, double beta, bool sample);

/// The regression vector a voice sits at once trained ([vectorSize] float, see above).
std::vector<float> invertibleTarget(const core::fm::DxVoice& voice, double labelSmoothing);

} // namespace latentrack::models::preset
