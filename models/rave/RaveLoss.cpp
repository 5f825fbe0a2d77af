#include "models/rave/RaveLoss.h"

#include "models/granular/SpectralLoss.h"
#include "models/rave/RaveData.h"

namespace latentrack::models::rave {

namespace {
constexpr double kLogEpsilon = 1e-7;
}

torch::Tensor magnitude(const torch::Tensor& audio, int fftSize) {
    const auto window = torch::hann_window(fftSize, audio.options());
    const auto spectrum =
        torch::stft(audio, fftSize, fftSize / 4, fftSize, window, /*center=*/true, "reflect",
                    /*normalized=*/false, /*onesided=*/true, /*return_complex=*/true);
    return torch::sqrt(torch::view_as_real(spectrum).square().sum(-1) + 1e-12);
}

torch::Tensor multiScaleStftDistance(const torch::Tensor& target, const torch::Tensor& output,
                                     const std::vector<int>& fftSizes) {
    auto total = torch::zeros({}, target.options());
    for (int n : fftSizes) {
        const auto s = magnitude(target, n);
        const auto sHat = magnitude(output, n);
        const auto convergence = (s - sHat).norm() / (s.norm() + kLogEpsilon);
        const auto logDistance =
            (torch::log(s + kLogEpsilon) - torch::log(sHat + kLogEpsilon)).abs().mean();
        total = total + convergence + logDistance;
    }
    return total;
}

torch::Tensor loudnessDistance(const torch::Tensor& target, const torch::Tensor& output) {
    namespace F = torch::nn::functional;
    const auto level = [](const torch::Tensor& x) {
        const auto power =
            F::avg_pool1d(x.square().unsqueeze(1), F::AvgPool1dFuncOptions(1024).stride(256));
        return 10.0 * torch::log10(power + 1e-7);
    };
    return (level(target) - level(output)).abs().mean() / 20.0;
}

torch::Tensor logMelDistance(const torch::Tensor& target, const torch::Tensor& output,
                             int sampleRate) {
    constexpr int kFft = 2048, kMels = 128;
    const auto mel =
        granular::melFilterbank(kFft, kMels, sampleRate, 20.0).to(target.device(), target.dtype());
    const auto logPower = [&](const torch::Tensor& x) {
        return torch::log(torch::matmul(mel, magnitude(x, kFft).square()) + 1e-10);
    };
    return 0.5 * (logPower(target) - logPower(output)).abs().mean();
}

torch::Tensor klDivergence(const LatentPosterior& p) {
    const auto var = p.scale.square();
    return 0.5 * (p.mean.square() + var - torch::log(var) - 1.0).sum(1).mean();
}

torch::Tensor pitchDistance(const torch::Tensor& predicted, const torch::Tensor& target) {
    const auto pitched = (target > 0.0).to(predicted.dtype());
    return ((predicted - target).abs() * pitched).sum() / (12.0 * pitched.sum().clamp_min(1.0));
}

RaveLossTerms reconstructionLoss(RaveModel& model, const torch::Tensor& audio,
                                 const torch::Tensor& attributes, double beta,
                                 LatentPosterior* posteriorOut, bool freezeEncoder,
                                 const torch::Tensor& pitch) {
    const auto& c = model->config();
    auto& pqmf = model->pqmf();
    const auto targetBands = pqmf.analyse(audio);
    LatentPosterior posterior;
    {
        torch::AutoGradMode graph(!freezeEncoder && torch::GradMode::is_enabled());
        posterior = model->encode(audio);
    }
    const auto z = posterior.mean + posterior.scale * torch::randn_like(posterior.scale);
    const auto given =
        c.pitchInput && pitch.defined() ? fillUnvoiced(pitch).to(pitch.device()) : torch::Tensor();
    const auto bands = model->decodeBands(z, attributes, given);
    const auto output = pqmf.synthesise(bands);
    const auto target = pqmf.synthesise(targetBands);

    std::vector<int> bandSizes;
    for (int n : c.fftSizes)
        bandSizes.push_back(n / c.bands);
    const auto flat = [&](const torch::Tensor& b) { return b.reshape({-1, b.size(2)}); };

    RaveLossTerms t;
    t.fullBand = multiScaleStftDistance(target, output, c.fftSizes);
    t.bands = multiScaleStftDistance(flat(targetBands), flat(bands), bandSizes);
    t.loudness = loudnessDistance(target, output);
    t.mel = c.melWeight > 0.0 ? logMelDistance(target, output, c.sampleRate)
                              : torch::zeros({}, target.options());
    t.pitch = c.harmonics > 0 && pitch.defined() ? pitchDistance(model->pitch(z, attributes), pitch)
                                                 : torch::zeros({}, target.options());
    t.kl = klDivergence(posterior);
    t.total = t.fullBand + t.bands + c.loudnessWeight * t.loudness + c.melWeight * t.mel +
              c.pitchWeight * t.pitch + beta * t.kl;
    t.target = target;
    t.output = output;
    if (posteriorOut != nullptr)
        *posteriorOut = posterior;
    return t;
}

} // namespace latentrack::models::rave
