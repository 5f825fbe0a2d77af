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

MetricSpectra metricSpectra(const torch::Tensor& audio) {
    torch::NoGradGuard noGrad;
    MetricSpectra out;
    for (int n : kMetricFftSizes) {
        out.magnitude.push_back(stftMagnitude(audio, n));
        out.logMagnitude.push_back((out.magnitude.back() + kLogEpsilon).log());
    }
    return out;
}

torch::Tensor multiScaleSpectralDistance(const torch::Tensor& x, const torch::Tensor& y) {
    torch::NoGradGuard noGrad;
    auto sum = torch::zeros({x.size(0)});
    for (int n : kMetricFftSizes)
        sum += pairDistance(stftMagnitude(x, n), stftMagnitude(y, n));
    return sum / static_cast<double>(kMetricFftSizes.size());
}

torch::Tensor multiScaleSpectralDistanceTo(const MetricSpectra& x, int64_t row,
                                           const MetricSpectra& c) {
    torch::NoGradGuard noGrad;
    auto sum = torch::zeros({c.magnitude.at(0).size(0)});
    for (std::size_t i = 0; i < x.magnitude.size(); ++i)
        sum += (c.magnitude[i] - x.magnitude[i][row]).abs().mean({-2, -1}) +
               (c.logMagnitude[i] - x.logMagnitude[i][row]).abs().mean({-2, -1});
    return sum / static_cast<double>(x.magnitude.size());
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
