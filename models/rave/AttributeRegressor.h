#pragma once
// The attribute regressor of the descriptor-consistency term (ours, beyond NeuroRave): a small
// network that reads a window of audio and predicts its five normalised descriptors per latent
// frame, a learned differentiable stand-in for core/dsp's analysis (the closed-form ones,
// SpectralDescriptors.h and LoudnessDescriptors.h, replace it where the config asks). The trainer
// fits it to the real descriptors of both the training audio and the decoder's own output, and
// trains the decoder so that audio decoded with mixed attributes (each attribute taken from another
// window's curve) reads back as those attributes: the decoder is told, on combinations the data
// never shows, what following a fader means.
//   audio [B, T] → log-mel [B, 64, L] of Hann frames of 4·c samples (≤ 2048) centred on each
//   latent frame's middle, hop c = compression → Conv1d(64 → 64, 5) ×3 with dilations 1, 2, 4
//   (centred, LReLU 0.2; ±28 frames of context, the loudness window's span) → Conv1d(64 → A, 1)
//   → attributes [B, A, L], L = T / c.
// Training only (not shipped, not streamed). Thread: one module per thread (LibTorch).

#include <torch/torch.h>

#include "models/rave/RaveConfig.h"

namespace latentrack::models::rave {

class AttributeRegressorImpl : public torch::nn::Module {
public:
    /// Throws std::invalid_argument for an invalid config or one without attributes.
    explicit AttributeRegressorImpl(const RaveConfig& config);
    /// audio [B, T], T a multiple of the compression → predicted attributes [B, A, T / c].
    torch::Tensor forward(const torch::Tensor& audio);

private:
    int m_hop;
    int m_fftSize;
    torch::Tensor m_mel; ///< [64, fftSize/2 + 1] buffer
    torch::nn::Sequential m_net;
};
TORCH_MODULE(AttributeRegressor);

} // namespace latentrack::models::rave
