#include "models/granular/AudioMetrics.h"

#include "models/granular/SpectralLoss.h"

namespace latentrack::models::granular {

namespace {
constexpr double kLogEpsilon = 1e-5;
constexpr double kPowerEpsilon = 1e-8;

torch::Tensor pairDistance(const torch::Tensor& s, const torch::Tensor& t) { // [.., F, frames]
    return (s - t).abs().mean({-2, -1}) +
           ((s + kLogEpsilon).log() - (t + kLogEpsilon).log()).abs().mean({-2, -1});
}
} // namespace

std::vector<torch::Tensor> metricSpectra(const torch::Tensor& audio) {
    std::vector<torch::Tensor> out;
    for (int n : kMetricFftSizes)
        out.push_back(stftMagnitude(audio, n));
    return out;
}

torch::Tensor multiScaleSpectralDistance(const torch::Tensor& x, const torch::Tensor& y) {
    torch::NoGradGuard noGrad;
    auto sum = torch::zeros({x.size(0)});
    for (int n : kMetricFftSizes)
        sum += pairDistance(stftMagnitude(x, n), stftMagnitude(y, n));
    return sum / static_cast<double>(kMetricFftSizes.size());
}

torch::Tensor multiScaleSpectralDistanceTo(const std::vector<torch::Tensor>& xs,
                                           const std::vector<torch::Tensor>& cs) {
    torch::NoGradGuard noGrad;
    auto sum = torch::zeros({cs.at(0).size(0)});
    for (std::size_t i = 0; i < xs.size(); ++i)
        sum += pairDistance(xs[i].unsqueeze(0), cs[i]);
    return sum / static_cast<double>(xs.size());
}

torch::Tensor logSpectralDistance(const torch::Tensor& x, const torch::Tensor& y) {
    torch::NoGradGuard noGrad;
    const auto px = stftMagnitude(x, 1024).pow(2);
    const auto py = stftMagnitude(y, 1024).pow(2);
    const auto diff = 10.0 * ((px + kPowerEpsilon) / (py + kPowerEpsilon)).log10();
    return diff.pow(2).mean(1).sqrt().mean(1);
}

torch::Tensor waveformRmse(const torch::Tensor& x, const torch::Tensor& y) {
    torch::NoGradGuard noGrad;
    return (x - y).pow(2).mean(1).sqrt();
}

} // namespace latentrack::models::granular
