#pragma once
// Distances between a reference x and a reconstruction y, both [B, T] float32 at the model's
// rate, used by `latentrack-cli eval granular`. Each returns one value per row, shape [B].
//
//  multi-scale spectral distance (lower is better):
//    MSS(x, y) = 1/|N| Σ_{n ∈ N} ( mean|S_n(x) − S_n(y)| + mean|ln(S_n(x)+ε) − ln(S_n(y)+ε)| )
//    S_n = |STFT| with a Hann window of n, hop n/4; N = {2048, 1024, 512, 256, 128}; ε = 1e-5.
//  log-spectral distance in dB (lower is better):
//    LSD(x, y) = mean_frames sqrt( mean_bins (10·log10((P_x+ε)/(P_y+ε)))² )
//    P = |STFT|² with a Hann window of 1024, hop 256; ε = 1e-8.
//  waveform RMSE (lower is better):  sqrt( mean_t (x_t − y_t)² ).
// Thread: any.

#include <vector>

#include <torch/torch.h>

namespace latentrack::models::granular {

inline const std::vector<int> kMetricFftSizes{2048, 1024, 512, 256, 128};

torch::Tensor multiScaleSpectralDistance(const torch::Tensor& x, const torch::Tensor& y);
torch::Tensor logSpectralDistance(const torch::Tensor& x, const torch::Tensor& y);
torch::Tensor waveformRmse(const torch::Tensor& x, const torch::Tensor& y);

/// Magnitudes S_n and ln(S_n + ε) for every n of kMetricFftSizes, for repeated comparisons.
struct MetricSpectra {
    std::vector<torch::Tensor> magnitude; ///< [B, F, frames] per FFT size
    std::vector<torch::Tensor> logMagnitude;
};
MetricSpectra metricSpectra(const torch::Tensor& audio); ///< audio [B, T]

/// MSS between row `row` of `x` and every row of `candidates` ([M, …] each) → [M].
torch::Tensor multiScaleSpectralDistanceTo(const MetricSpectra& x, int64_t row,
                                           const MetricSpectra& candidates);

} // namespace latentrack::models::granular
