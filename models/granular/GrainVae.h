#pragma once
// Grain VAE of "Neural Granular Sound Synthesis" (Bitton, Esling, Harada, ICMC 2021):
//   encoder: Hann-windowed grains [B·N, 1, L] → 3 × [Conv1d kernel 9 stride 4 + dilated
//            residual blocks] → 2 linear layers ⊕ class one-hot → μ, log σ² [B, N, z];
//   decoder: z ⊕ class one-hot → 3 linear layers → L/2+1 filter magnitudes (exponentiated
//            sigmoid, 1e-7 … magnitudeCeiling) → uniform noise filtered per grain →
//            Hann-windowed overlap-add with window-sum normalisation → Conv1d(kernel
//            postKernel) → softsign (as published; off in `small`: GranularConfig::postSoftsign).
// Sizes come from GranularConfig. Thread: a module instance is used by one thread at a time.

#include <optional>

#include <torch/torch.h>

#include "models/granular/GranularConfig.h"

namespace latentrack::models::granular {

/// Dilated residual block: x + Conv1x1(LReLU(Conv3_dilated(LReLU(x)))).
class ResidualBlockImpl : public torch::nn::Module {
public:
    ResidualBlockImpl(int channels, int dilation);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv1d m_dilated{nullptr};
    torch::nn::Conv1d m_mix{nullptr};
};
TORCH_MODULE(ResidualBlock);

struct GaussianParams {
    torch::Tensor mean;   ///< μ
    torch::Tensor logVar; ///< log σ²
};

class GrainVaeImpl : public torch::nn::Module {
public:
    GrainVaeImpl(const GranularConfig& config, int numClasses);

    /// audio [B, T] with T = config.exampleLength(), classes [B] (int64, 0 … numClasses−1)
    /// → μ, log σ² each [B, N, z].
    GaussianParams encode(const torch::Tensor& audio, const torch::Tensor& classes);

    /// z [B, N, z], classes [B] → filter magnitudes [B, N, L/2+1] (linear gain, 1e-7 … 2).
    torch::Tensor decodeMagnitudes(const torch::Tensor& z, const torch::Tensor& classes);

    /// Magnitudes [B, N, L/2+1] → audio [B, (N−1)·hop + L] in (−1, 1). The excitation is uniform
    /// noise in [−1, 1) drawn from `generator` (the global generator when empty).
    torch::Tensor synthesize(const torch::Tensor& magnitudes,
                             std::optional<at::Generator> generator = std::nullopt);

    /// decodeMagnitudes() then synthesize().
    torch::Tensor decode(const torch::Tensor& z, const torch::Tensor& classes,
                         std::optional<at::Generator> generator = std::nullopt);

    const GranularConfig& config() const { return m_config; }
    int numClasses() const { return m_numClasses; }

private:
    torch::Tensor oneHot(const torch::Tensor& classes) const;

    GranularConfig m_config;
    int m_numClasses;
    torch::nn::Sequential m_convs{nullptr};
    torch::nn::Linear m_encIn{nullptr}, m_encHidden{nullptr}, m_mean{nullptr}, m_logVar{nullptr};
    torch::nn::Sequential m_dec{nullptr};
    torch::nn::Conv1d m_post{nullptr};
};
TORCH_MODULE(GrainVae);

/// Reparameterised sample μ + σ·ε.
torch::Tensor reparameterise(const GaussianParams& q);
/// KL(q ‖ N(0, I)) summed over the last dimension, averaged over the others.
torch::Tensor klDivergence(const GaussianParams& q);

} // namespace latentrack::models::granular
