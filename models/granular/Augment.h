#pragma once
// Data augmentation for the grain VAE's training batches. Thread: any (LibTorch ops).

#include <cstdint>

#include <torch/torch.h>

namespace latentrack::models::granular {

/// Resamples each row of `audio` [B, T] by its own factor r = 2^(semitones[b]/12) with linear
/// interpolation, y[t] = x[t·r]: +12 plays an octave higher in half the time (the rest of the
/// row is zero), −12 an octave lower (the end of the row is cut). The length T is kept.
/// `semitones` [B], float. Linear interpolation attenuates the top octave a little; upward
/// shifts fold content above fs/(2r) back below Nyquist, negligible for a few semitones.
torch::Tensor resampleRows(const torch::Tensor& audio, const torch::Tensor& semitones);

/// Uniform random shifts in [−range, range] semitones for `rows` rows from `seed` (the same
/// seed gives the same shifts) → [rows] float on `device`.
torch::Tensor randomSemitones(std::uint64_t seed, int64_t rows, double range,
                              torch::Device device = torch::kCPU);

} // namespace latentrack::models::granular
