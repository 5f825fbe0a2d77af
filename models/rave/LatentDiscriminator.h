#pragma once
// F-RAVE's latent discriminator (NeuroRave, ICASSP 2023; MODELS.md): from z [B, zDim, L] it
// predicts, per latent frame, the quantile bin of each attribute —
//   2 × [Conv1d(→ 128, kernel 7, centred), BatchNorm, LReLU 0.2] → Conv1d(128 → 64, 1) →
//   one head per attribute: Conv1d(64 → 32, 1), LReLU, Conv1d(32 → bins, 1).
// The discriminator minimises the cross-entropy of its predictions; the encoder is trained
// with −λ·CE, so that z stops carrying what the attributes say and the decoder has to take it
// from them. Training only (not streamed). Thread: one module per thread.

#include <torch/torch.h>

namespace latentrack::models::rave {

class LatentDiscriminatorImpl : public torch::nn::Module {
public:
    LatentDiscriminatorImpl(int latentDim, int attributes, int bins);
    /// z [B, zDim, L] → logits [B, A, bins, L].
    torch::Tensor forward(const torch::Tensor& z);
    /// Mean cross-entropy of the logits of z against `bins` [B, A, L] (int64).
    torch::Tensor crossEntropy(const torch::Tensor& z, const torch::Tensor& bins);
    /// Share of frames whose bin is predicted right, per attribute [A].
    torch::Tensor accuracy(const torch::Tensor& z, const torch::Tensor& bins);

private:
    torch::nn::Sequential m_trunk;
    torch::nn::ModuleList m_heads;
    int m_attributes;
    int m_bins;
};
TORCH_MODULE(LatentDiscriminator);

} // namespace latentrack::models::rave
