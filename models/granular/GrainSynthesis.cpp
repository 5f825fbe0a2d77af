#include "models/granular/GrainSynthesis.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace latentrack::models::granular {

namespace F = torch::nn::functional;

torch::Tensor hannWindow(int length, const torch::TensorOptions& options) {
    return torch::hann_window(length, /*periodic=*/true, options.dtype(torch::kFloat32));
}

torch::Tensor frameGrains(const torch::Tensor& audio, int grainSize, int hop) {
    const auto t = audio.size(-1);
    if (audio.dim() != 2 || t < grainSize || (t - grainSize) % hop != 0)
        throw std::invalid_argument(
            "frameGrains: audio must be [B, T] with T − L a multiple of hop");
    return audio.unfold(1, grainSize, hop) * hannWindow(grainSize, audio.options());
}

torch::Tensor grainSpectrum(const torch::Tensor& audio, int grainSize, int hop) {
    // Uniform noise of variance 1/3 filtered by |X|·√(3/Σw²) has the windowed grain's mean
    // power. The decoder then windows each noise grain and divides the overlap-add by Σw, and
    // the grains are independent, so the output keeps only Σw²/(Σw)² of it (per sample, over
    // the grains overlapping there; 3/8 for a Hann window at hop L/4, −4.3 dB): the gain
    // restores its mean over a hop.
    const auto window = hannWindow(grainSize);
    const auto overlapping = window.reshape({grainSize / hop, hop});
    const double keptPower =
        (overlapping.pow(2).sum(0) / overlapping.sum(0).pow(2).clamp_min(1e-12))
            .mean()
            .item<double>();
    const double gain = std::sqrt(3.0 / window.pow(2).sum().item<double>() / keptPower);
    return torch::fft::rfft(frameGrains(audio, grainSize, hop), grainSize, -1).abs() * gain;
}

torch::Tensor filterNoise(const torch::Tensor& magnitudes, const torch::Tensor& noise) {
    const auto length = noise.size(-1);
    return torch::fft::irfft(torch::fft::rfft(noise, length, -1) * magnitudes, length, -1);
}

torch::Tensor overlapAdd(const torch::Tensor& grains, int hop, bool applyWindow) {
    const auto numGrains = grains.size(1);
    const auto length = grains.size(2);
    const auto total = (numGrains - 1) * hop + length;
    const auto window = hannWindow(static_cast<int>(length), grains.options());
    auto fold = [&](const torch::Tensor& g) { // [B, N, L] → [B, T]
        return F::fold(g.transpose(1, 2),
                       F::FoldFuncOptions({1, total}, {1, length}).stride({1, hop}))
            .reshape({g.size(0), total});
    };
    const auto signal = fold(applyWindow ? grains * window : grains);
    const auto windowSum = fold(window.expand({1, numGrains, length}).contiguous());
    return signal / windowSum.clamp_min(1e-3);
}

torch::Tensor overlapAddDirect(const torch::Tensor& grains, int hop, bool applyWindow) {
    const auto g = grains.to(torch::kFloat32).contiguous();
    const auto batch = g.size(0);
    const auto numGrains = g.size(1);
    const auto length = g.size(2);
    const auto total = (numGrains - 1) * hop + length;
    const auto windowT = hannWindow(static_cast<int>(length)).contiguous();
    const float* w = windowT.data_ptr<float>();
    std::vector<float> windowSum(static_cast<std::size_t>(total), 0.0f);
    for (int64_t n = 0; n < numGrains; ++n)
        for (int64_t i = 0; i < length; ++i)
            windowSum[static_cast<std::size_t>(n * hop + i)] += w[i];
    auto out = torch::zeros({batch, total});
    for (int64_t b = 0; b < batch; ++b) {
        float* y = out[b].data_ptr<float>();
        const float* src = g[b].data_ptr<float>();
        for (int64_t n = 0; n < numGrains; ++n) {
            const float* grain = src + n * length;
            float* dst = y + n * hop;
            if (applyWindow)
                for (int64_t i = 0; i < length; ++i)
                    dst[i] += grain[i] * w[i];
            else
                for (int64_t i = 0; i < length; ++i)
                    dst[i] += grain[i];
        }
        for (int64_t t = 0; t < total; ++t)
            y[t] /= std::max(windowSum[static_cast<std::size_t>(t)], 1e-3f);
    }
    return out;
}

torch::Tensor postFilterDirect(const torch::Tensor& audio, const torch::Tensor& kernel,
                               bool softsign) {
    const auto x = audio.to(torch::kFloat32).contiguous();
    const auto k = kernel.to(torch::kFloat32).contiguous().flatten();
    const auto taps = k.size(0);
    const auto half = taps / 2;
    const auto total = x.size(1);
    const float* w = k.data_ptr<float>();
    auto out = torch::zeros_like(x);
    std::vector<float> padded(static_cast<std::size_t>(total + taps - 1), 0.0f);
    for (int64_t b = 0; b < x.size(0); ++b) {
        const float* src = x[b].data_ptr<float>();
        std::copy(src, src + total, padded.begin() + half);
        float* y = out[b].data_ptr<float>();
        // y[t] = Σ_j w[j]·x[t + j − half]: one pass per tap, contiguous in t (vectorises).
        for (int64_t j = 0; j < taps; ++j) {
            const float wj = w[j];
            const float* p = padded.data() + j;
            for (int64_t t = 0; t < total; ++t)
                y[t] += wj * p[t];
        }
        if (softsign)
            for (int64_t t = 0; t < total; ++t)
                y[t] = y[t] / (1.0f + std::abs(y[t]));
    }
    return out;
}

} // namespace latentrack::models::granular
