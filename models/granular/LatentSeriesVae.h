#pragma once
// Latent-series VAE of "Neural Granular Sound Synthesis": an LSTM VAE over the sequence of
// grain latents z[0 … N−1] of one example, class-conditioned by a one-hot concatenated before
// and after each recurrent layer stack. Its prior on the temporal embedding e is N(0, I):
// sampling e and decoding it gives a new z series, i.e. a new note ("sample_note").
//   encoder: [z_t ⊕ c] → LSTM → last output ⊕ c → μ_e, log σ²_e [B, E]
//   decoder: [e ⊕ c] repeated N times → LSTM → output_t ⊕ c → ẑ_t [B, N, z]
//            (in inference the constant input is projected once; see constantInputLstm)
// Loss: MSE(ẑ, z) + seriesBeta · KL. Thread: one thread at a time per instance.

#include <torch/torch.h>

#include "models/granular/GrainVae.h"
#include "models/granular/GranularConfig.h"

namespace latentrack::models::granular {

class LatentSeriesVaeImpl : public torch::nn::Module {
public:
    LatentSeriesVaeImpl(const GranularConfig& config, int numClasses);

    /// zSeries [B, N, z], classes [B] → μ, log σ² each [B, E].
    GaussianParams encode(const torch::Tensor& zSeries, const torch::Tensor& classes);

    /// embedding [B, E], classes [B] → z series [B, numGrains, z].
    torch::Tensor decode(const torch::Tensor& embedding, const torch::Tensor& classes,
                         int numGrains);

private:
    torch::Tensor oneHot(const torch::Tensor& classes) const;
    /// Inference (no autograd, CPU, one layer): the decoder LSTM for an input that is the same
    /// at every step, x [B, In] → outputs [B, steps, H], with the input projection computed
    /// once and the recurrence in plain loops (same result as torch::nn::LSTM).
    torch::Tensor constantInputLstm(const torch::Tensor& x, int steps);

    GranularConfig m_config;
    int m_numClasses;
    torch::nn::LSTM m_encoder{nullptr};
    torch::nn::Linear m_mean{nullptr}, m_logVar{nullptr};
    torch::nn::LSTM m_decoder{nullptr};
    torch::nn::Linear m_out{nullptr};
};
TORCH_MODULE(LatentSeriesVae);

} // namespace latentrack::models::granular
