#pragma once
// Semi-amortised inference for the grain VAE (Kim, Wiseman, Miller, Sontag, "Semi-Amortized
// Variational Autoencoders", ICML 2018; Marino, Yue, Mandt, "Iterative Amortized Inference",
// ICML 2018): the encoder's μ is the starting point, then Adam steps on the z series alone
// (weights frozen) lower the grain VAE's training objective for that one sound,
//   J(z) = spectral(x, decode(z)) + mel(x, decode(z)) + β · ½ · mean_grains Σ_d z_d²,
// with the loss terms of SpectralLoss.h at the configuration's FFT sizes (those longer than
// the audio are left out), β the configuration's KL weight, and fresh excitation noise on
// every step (drawn from a generator seeded by RefineOptions::seed: equal inputs give equal z).
// The decoder of a model trained on 2 CPU cores can draw a held-out sound far better than its
// encoder finds: on the shipped models' held-out splits, 100 steps lower the LSD by 1.3–1.6 dB
// (cards in assets/models; BM_ResynthesisRefine: about 2 s per second of audio on one core).
// This is what resynthesis (the explorer, `eval granular`) uses; sample_note and sample_path do
// not encode and are not affected.
// Thread: a worker or the GUI thread, never the audio thread; it only reads the weights, so it
// may run beside inference on the same model from another thread.

#include <torch/torch.h>

#include "models/granular/GrainVae.h"
#include "models/granular/GranularModel.h"

namespace latentrack::models::granular {

/// audio [B, T] with T = (N−1)·hop + grainSize, classes [B] (int64), z0 [B, N, latentDim] (the
/// encoder's μ) → refined z [B, N, latentDim], detached, float32 on z0's device. Steps = 0
/// returns a copy of z0. Throws std::invalid_argument for shapes that do not match the model's
/// configuration or a learning rate ≤ 0.
torch::Tensor refineLatents(GrainVaeImpl& vae, const torch::Tensor& audio,
                            const torch::Tensor& classes, const torch::Tensor& z0,
                            const RefineOptions& options, const RefineProgress& progress = {});

} // namespace latentrack::models::granular
