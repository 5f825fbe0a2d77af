#pragma once
// The preset-inference network (DAFx21, Le Vaillant et al.; Flow Synthesizer, Esling et al.):
// a spectrogram VAE whose latent z is mapped to the DX7 regression vector (PresetRepresentation)
// by a RealNVP flow. The flow is invertible, so a preset also has a place in the latent space
// (presetToLatent), which interpolation and macro knobs use.
//
// Shapes (B = batch; M × F = PresetConfig::mels × frames; D = regression vector size, 610):
//   spectrogram [B, 1, M, F], dB from floor … ceiling scaled to [−1, 1] (scaleSpectrogram)
//   encode → mean, logVar [B, D]
//   decode(z) → spectrogram [B, 1, M, F]
//   regress(z) → v [B, D] (numeric part in [0, 1] after clamping; categorical logits)
//   presetToLatent(v) → z [B, D] (the flow's inverse)
// Encoder: one Conv2d(5×5, stride 2, padding 2) + BatchNorm + LeakyReLU(0.1) per stage, then a
// linear layer to 2·D. Decoder: the mirror with ConvTranspose2d(4×4, stride 2), cropped to M×F.
// RealNVP (Dinh et al., 2017): `couplings` affine couplings on alternating halves of v, each with
// an MLP (D/2 → hidden → hidden → D) for log-scale (tanh-bounded) and shift.
//
// Thread: a module is used by one thread at a time; inference under torch::NoGradGuard or
// c10::InferenceMode on a worker, never on the audio thread.

#include <torch/torch.h>

#include "models/preset/PresetConfig.h"

namespace latentrack::models::preset {

/// dB in [config.floorDb, config.ceilingDb] → [−1, 1] (clamped).
torch::Tensor scaleSpectrogram(const torch::Tensor& db, const PresetConfig& config);

class RealNvpImpl : public torch::nn::Module {
public:
    RealNvpImpl(int dim, int couplings, int hidden);
    /// z → v, [B, dim].
    torch::Tensor forward(const torch::Tensor& z);
    /// v → z, [B, dim].
    torch::Tensor inverse(const torch::Tensor& v);

private:
    /// Log-scale and shift of the half selected by `odd`, from the other half.
    std::pair<torch::Tensor, torch::Tensor> coupling(std::size_t layer, const torch::Tensor& x);
    int m_dim;
    torch::Tensor m_even, m_odd; ///< index tensors of the two halves
    std::vector<torch::nn::Sequential> m_nets;
};
TORCH_MODULE(RealNvp);

class PresetModelImpl : public torch::nn::Module {
public:
    PresetModelImpl(const PresetConfig& config, int vectorSize);

    std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& spectrogram);
    torch::Tensor decode(const torch::Tensor& z);
    torch::Tensor regress(const torch::Tensor& z) { return m_flow->forward(z); }
    torch::Tensor presetToLatent(const torch::Tensor& v) { return m_flow->inverse(v); }

    const PresetConfig& config() const noexcept { return m_config; }
    int vectorSize() const noexcept { return m_vectorSize; }

private:
    PresetConfig m_config;
    int m_vectorSize;
    int m_codeMels = 0, m_codeFrames = 0; ///< the encoder's last feature-map size
    torch::nn::Sequential m_encoder{nullptr};
    torch::nn::Linear m_toLatent{nullptr};
    torch::nn::Linear m_fromLatent{nullptr};
    torch::nn::Sequential m_decoder{nullptr};
    RealNvp m_flow{nullptr};
};
TORCH_MODULE(PresetModel);

} // namespace latentrack::models::preset
