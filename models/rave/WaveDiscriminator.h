#pragma once
// RAVE's waveform discriminator for the adversarial stage (RAVE, Caillon & Esling 2021, after
// MelGAN, Kumar et al. 2019; MODELS.md: capacity 16, multiplier 4, 4 layers, hinge loss,
// feature matching ×10). S scales, the first at the audio rate and each next one on the
// previous input average-pooled by 2; each scale is
//   Conv1d(1 → C, 15) · LReLU 0.2 →
//   L × [Conv1d(C·mⁱ → min(C·mⁱ⁺¹, max), 41, stride m, groups: C/m input channels each) · LReLU]
//   → Conv1d(→ same, 5) · LReLU → Conv1d(→ 1, 1): a score per output frame.
// All padding is centred (training only: the discriminator never streams). Without weight
// normalisation (LibTorch's C++ API has none); the hinge loss stops pushing a score once it is
// past ±1. Where the channel cap breaks C/m inputs per group, the largest group count that
// divides both sides is used.
// Shapes: audio [B, T] in −1 … 1 at the model's rate. Thread: one module per thread.

#include <vector>

#include <torch/torch.h>

#include "models/rave/RaveConfig.h"

namespace latentrack::models::rave {

class WaveDiscriminatorImpl : public torch::nn::Module {
public:
    /// Sized by c.discriminatorCapacity, Multiplier, Layers, MaxChannels and Scales.
    explicit WaveDiscriminatorImpl(const RaveConfig& c);
    /// audio [B, T] → per scale, each layer's activation [B, channels, frames]; the last of each
    /// scale is its score map [B, 1, frames].
    std::vector<std::vector<torch::Tensor>> forward(const torch::Tensor& audio);

private:
    torch::nn::ModuleList m_scales;
};
TORCH_MODULE(WaveDiscriminator);

/// The discriminator's hinge loss, Σ_scales mean(relu(1 − D(real))) + mean(relu(1 + D(fake))),
/// with fake detached from the generator. real, fake [B, T].
torch::Tensor discriminatorHingeLoss(WaveDiscriminator& d, const torch::Tensor& real,
                                     const torch::Tensor& fake);

struct GeneratorAdversarialTerms {
    torch::Tensor adversarial;     ///< Σ_scales −mean(D(fake))
    torch::Tensor featureMatching; ///< Σ_scales mean over layers of mean |F(real) − F(fake)|
};

/// The generator's terms for fake [B, T] (keeps its graph) against real [B, T] (no gradient).
GeneratorAdversarialTerms generatorAdversarialTerms(WaveDiscriminator& d, const torch::Tensor& real,
                                                    const torch::Tensor& fake);

} // namespace latentrack::models::rave
