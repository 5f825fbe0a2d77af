#include "models/preset/PresetLoss.h"

#include <cmath>

#include "models/preset/PresetRepresentation.h"

namespace latentrack::models::preset {

PresetTargets presetTargets(const std::vector<core::fm::DxVoice>& voices, double labelSmoothing) {
    const auto& rep = PresetRepresentation::shared();
    const auto b = static_cast<int64_t>(voices.size());
    PresetTargets t;
    t.invertible = torch::zeros({b, rep.vectorSize()});
    t.numeric = torch::zeros({b, rep.numericCount()});
    t.classes = torch::zeros({b, rep.categoricalCount()}, torch::kLong);
    t.numericMask = torch::zeros({b, rep.numericCount()});
    t.categoricalMask = torch::zeros({b, rep.categoricalCount()});
    for (int64_t i = 0; i < b; ++i) {
        const auto& v = voices[static_cast<std::size_t>(i)];
        rep.encode(
            v, {t.numeric[i].data_ptr<float>(), static_cast<std::size_t>(rep.numericCount())},
            {t.classes[i].data_ptr<int64_t>(), static_cast<std::size_t>(rep.categoricalCount())});
        rep.mask(v,
                 {t.numericMask[i].data_ptr<float>(), static_cast<std::size_t>(rep.numericCount())},
                 {t.categoricalMask[i].data_ptr<float>(),
                  static_cast<std::size_t>(rep.categoricalCount())});
        const auto inv = invertibleTarget(v, labelSmoothing);
        std::copy(inv.begin(), inv.end(), t.invertible[i].data_ptr<float>());
    }
    return t;
}

PresetLossTerms presetLoss(PresetModel& model, const torch::Tensor& spectrogram,
                           const PresetTargets& targets, double beta, bool sample) {
    const auto& c = model->config();
    const auto& rep = PresetRepresentation::shared();
    const auto [mean, logVar] = model->encode(spectrogram);
    const auto z = sample ? mean + torch::exp(0.5 * logVar) * torch::randn_like(mean) : mean;
    PresetLossTerms t;
    t.spectrogram = (model->decode(z) - spectrogram).pow(2).mean();
    t.kl = (0.5 * (mean.pow(2) + logVar.exp() - 1.0 - logVar)).mean();
    const auto v = model->regress(z);

    const auto numeric = v.narrow(1, 0, rep.numericCount());
    const auto nMask = targets.numericMask;
    t.numeric = ((numeric - targets.numeric).pow(2) * nMask).sum() / nMask.sum().clamp_min(1.0);

    const double eps = c.labelSmoothing;
    auto ce = torch::zeros({}, v.options());
    auto centre = torch::zeros({}, v.options());
    const auto cMask = targets.categoricalMask;
    for (int k = 0; k < rep.categoricalCount(); ++k) {
        const auto& p = rep.categorical()[static_cast<std::size_t>(k)];
        const auto logits = v.narrow(1, p.offset, p.classes);
        const auto logp = torch::log_softmax(logits, 1);
        const auto target = targets.classes.select(1, k);
        const auto nll = -logp.gather(1, target.unsqueeze(1)).squeeze(1);
        const auto uniform = -logp.mean(1);
        // Label smoothing spread over the other classes: ε/(K − 1) each.
        const double other = p.classes > 1 ? eps / (p.classes - 1) : 0.0;
        const auto smoothed = (1.0 - eps - other) * nll + other * p.classes * uniform;
        const auto w = cMask.select(1, k);
        ce = ce + (smoothed * w).sum() / w.sum().clamp_min(1.0);
        centre = centre + logits.mean(1).pow(2).mean();
    }
    t.categorical = ce / rep.categoricalCount();
    const auto centring = 0.01 * centre / rep.categoricalCount();
    t.latent = (model->presetToLatent(targets.invertible) - mean.detach()).pow(2).mean();
    const double ramp = c.beta > 0.0 ? beta / c.beta : 1.0;
    t.total = t.spectrogram + beta * t.kl +
              c.parameterWeight * (t.numeric + c.categoricalWeight * t.categorical + centring) +
              ramp * c.latentWeight * t.latent;
    return t;
}

std::vector<float> invertibleTarget(const core::fm::DxVoice& voice, double labelSmoothing) {
    const auto& rep = PresetRepresentation::shared();
    auto v = rep.oneHot(voice);
    for (const auto& p : rep.categorical()) {
        const double eps = p.classes > 1 ? labelSmoothing : 0.0;
        const double hot = std::log(std::max(1e-6, 1.0 - eps));
        const double cold = std::log(std::max(1e-6, p.classes > 1 ? eps / (p.classes - 1) : 1.0));
        const double mean = (hot + (p.classes - 1) * cold) / p.classes;
        for (int k = 0; k < p.classes; ++k) {
            auto& x = v[static_cast<std::size_t>(p.offset + k)];
            x = static_cast<float>((x > 0.5f ? hot : cold) - mean);
        }
    }
    return v;
}

} // namespace latentrack::models::preset
