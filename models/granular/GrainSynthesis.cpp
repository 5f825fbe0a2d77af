#include "models/granular/GrainSynthesis.h"

#include <stdexcept>

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

} // namespace latentrack::models::granular
