#include "models/rave/WaveDiscriminator.h"

#include <algorithm>

namespace latentrack::models::rave {

namespace {

torch::nn::LeakyReLU lrelu() {
    return torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2));
}

/// One scale's layers, each followed by its activation except the score layer.
torch::nn::ModuleList scaleLayers(const RaveConfig& c) {
    using torch::nn::Conv1d;
    using torch::nn::Conv1dOptions;
    torch::nn::ModuleList layers;
    const int capacity = c.discriminatorCapacity;
    const int m = c.discriminatorMultiplier;
    const int perGroup = std::max(1, capacity / m);
    layers->push_back(
        torch::nn::Sequential(Conv1d(Conv1dOptions(1, capacity, 15).padding(7)), lrelu()));
    int in = capacity;
    for (int i = 0; i < c.discriminatorLayers; ++i) {
        const int out = std::min(c.discriminatorMaxChannels, in * m);
        int groups = std::max(1, in / perGroup);
        while (in % groups != 0 || out % groups != 0) // a group count that divides both
            --groups;
        layers->push_back(torch::nn::Sequential(
            Conv1d(Conv1dOptions(in, out, 41).stride(m).padding(20).groups(groups)), lrelu()));
        in = out;
    }
    layers->push_back(torch::nn::Sequential(Conv1d(Conv1dOptions(in, in, 5).padding(2)), lrelu()));
    layers->push_back(torch::nn::Sequential(Conv1d(Conv1dOptions(in, 1, 1))));
    return layers;
}

} // namespace

WaveDiscriminatorImpl::WaveDiscriminatorImpl(const RaveConfig& c) {
    for (int s = 0; s < c.discriminatorScales; ++s)
        m_scales->push_back(scaleLayers(c));
    m_scales = register_module("scales", m_scales);
}

std::vector<std::vector<torch::Tensor>> WaveDiscriminatorImpl::forward(const torch::Tensor& audio) {
    namespace F = torch::nn::functional;
    std::vector<std::vector<torch::Tensor>> out;
    auto x = audio.unsqueeze(1); // [B, 1, T]
    for (std::size_t s = 0; s < m_scales->size(); ++s) {
        if (s > 0)
            x = F::avg_pool1d(x, F::AvgPool1dFuncOptions(2));
        std::vector<torch::Tensor> features;
        auto h = x;
        for (const auto& layer : *m_scales[s]->as<torch::nn::ModuleList>()) {
            h = layer->as<torch::nn::Sequential>()->forward(h);
            features.push_back(h);
        }
        out.push_back(std::move(features));
    }
    return out;
}

torch::Tensor discriminatorHingeLoss(WaveDiscriminator& d, const torch::Tensor& real,
                                     const torch::Tensor& fake) {
    const auto r = d->forward(real);
    const auto f = d->forward(fake.detach());
    auto loss = torch::zeros({}, real.options());
    for (std::size_t s = 0; s < r.size(); ++s)
        loss = loss + torch::relu(1.0 - r[s].back()).mean() + torch::relu(1.0 + f[s].back()).mean();
    return loss;
}

GeneratorAdversarialTerms generatorAdversarialTerms(WaveDiscriminator& d, const torch::Tensor& real,
                                                    const torch::Tensor& fake) {
    std::vector<std::vector<torch::Tensor>> r;
    {
        torch::NoGradGuard noGrad;
        r = d->forward(real);
    }
    const auto f = d->forward(fake);
    GeneratorAdversarialTerms t{torch::zeros({}, fake.options()), torch::zeros({}, fake.options())};
    for (std::size_t s = 0; s < f.size(); ++s) {
        t.adversarial = t.adversarial - f[s].back().mean();
        const std::size_t layers = f[s].size() - 1; // the score map is not a feature
        auto matching = torch::zeros({}, fake.options());
        for (std::size_t l = 0; l < layers; ++l)
            matching = matching + (r[s][l] - f[s][l]).abs().mean();
        t.featureMatching = t.featureMatching + matching / static_cast<double>(layers);
    }
    return t;
}

} // namespace latentrack::models::rave
