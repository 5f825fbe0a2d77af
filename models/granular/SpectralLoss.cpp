#include "models/granular/SpectralLoss.h"

#include <cmath>

#include "models/granular/GrainSynthesis.h"

namespace latentrack::models::granular {

namespace {
constexpr double kLogEpsilon = 1e-5;

double hzToMel(double hz) {
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}
double melToHz(double mel) {
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}
} // namespace

torch::Tensor stftMagnitude(const torch::Tensor& audio, int fftSize) {
    const auto window = hannWindow(fftSize, audio.options());
    return torch::stft(audio, fftSize, fftSize / 4, fftSize, window, /*center=*/true, "reflect",
                       /*normalized=*/false, /*onesided=*/true, /*return_complex=*/true)
        .abs();
}

torch::Tensor melFilterbank(int fftSize, int numMels, double sampleRate, double minHz) {
    const int bins = fftSize / 2 + 1;
    const double lo = hzToMel(minHz);
    const double hi = hzToMel(sampleRate / 2.0);
    std::vector<double> edges(static_cast<std::size_t>(numMels + 2));
    for (int i = 0; i < numMels + 2; ++i)
        edges[static_cast<std::size_t>(i)] = melToHz(lo + (hi - lo) * i / (numMels + 1));
    auto bank = torch::zeros({numMels, bins});
    auto a = bank.accessor<float, 2>();
    for (int m = 0; m < numMels; ++m) {
        const double left = edges[static_cast<std::size_t>(m)];
        const double centre = edges[static_cast<std::size_t>(m + 1)];
        const double right = edges[static_cast<std::size_t>(m + 2)];
        const double norm = 2.0 / (right - left);
        for (int k = 0; k < bins; ++k) {
            const double hz = k * sampleRate / fftSize;
            double w = 0.0;
            if (hz > left && hz <= centre)
                w = (hz - left) / (centre - left);
            else if (hz > centre && hz < right)
                w = (right - hz) / (right - centre);
            a[m][k] = static_cast<float>(w * norm);
        }
    }
    return bank;
}

MultiScaleSpectralLoss::MultiScaleSpectralLoss(std::vector<int> fftSizes,
                                               std::vector<int> melFftSizes, double sampleRate,
                                               double melMinHz, torch::Device device)
    : m_fftSizes(std::move(fftSizes)), m_melFftSizes(std::move(melFftSizes)) {
    for (int n : m_melFftSizes)
        m_melBanks.push_back(melFilterbank(n, n / 4, sampleRate, melMinHz).to(device));
}

SpectralLossTerms MultiScaleSpectralLoss::operator()(const torch::Tensor& target,
                                                     const torch::Tensor& output) const {
    auto spectral = torch::zeros({}, target.options());
    for (int n : m_fftSizes) {
        const auto s = stftMagnitude(target, n);
        const auto y = stftMagnitude(output, n);
        spectral = spectral + (s - y).abs().mean() +
                   ((s + kLogEpsilon).log() - (y + kLogEpsilon).log()).abs().mean();
    }
    auto mel = torch::zeros({}, target.options());
    for (std::size_t i = 0; i < m_melFftSizes.size(); ++i) {
        const int n = m_melFftSizes[i];
        const auto& bank = m_melBanks[i];
        mel = mel + (torch::matmul(bank, stftMagnitude(target, n)) -
                     torch::matmul(bank, stftMagnitude(output, n)))
                        .abs()
                        .mean();
    }
    return {spectral, mel};
}

} // namespace latentrack::models::granular
