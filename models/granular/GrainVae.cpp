#include "models/granular/GrainVae.h"

#include <cmath>

#include "models/granular/GrainSynthesis.h"

namespace latentrack::models::granular {

namespace nn = torch::nn;

namespace {
constexpr double kSlope = 0.2;

nn::LeakyReLU leaky() {
    return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(kSlope));
}

/// DDSP's exponentiated sigmoid, scaled: ceiling·sigmoid(x)^ln 10 + 1e-7 (range 1e-7 …
/// ceiling, wide in dB; DDSP's ceiling is 2).
torch::Tensor expSigmoid(const torch::Tensor& x, double ceiling) {
    return ceiling * torch::sigmoid(x).pow(std::log(10.0)) + 1e-7;
}
} // namespace

ResidualBlockImpl::ResidualBlockImpl(int channels, int dilation) {
    m_dilated = register_module(
        "dilated",
        nn::Conv1d(nn::Conv1dOptions(channels, channels, 3).dilation(dilation).padding(dilation)));
    m_mix = register_module("mix", nn::Conv1d(nn::Conv1dOptions(channels, channels, 1)));
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& x) {
    namespace F = nn::functional;
    const auto opts = F::LeakyReLUFuncOptions().negative_slope(kSlope);
    return x + m_mix(F::leaky_relu(m_dilated(F::leaky_relu(x, opts)), opts));
}

GrainVaeImpl::GrainVaeImpl(const GranularConfig& config, int numClasses)
    : m_config(config), m_numClasses(numClasses) {
    config.validate();
    const int c = config.encoderChannels;
    m_convs = nn::Sequential();
    for (int stage = 0; stage < 3; ++stage) {
        m_convs->push_back(
            nn::Conv1d(nn::Conv1dOptions(stage == 0 ? 1 : c, c, 9).stride(4).padding(4)));
        m_convs->push_back(leaky());
        int dilation = 1;
        for (int b = 0; b < config.residualBlocks; ++b, dilation *= 3)
            m_convs->push_back(ResidualBlock(c, dilation));
    }
    register_module("convs", m_convs);
    const int flat = c * (config.grainSize / 64);
    m_encIn = register_module("enc_in", nn::Linear(flat + numClasses, config.hidden));
    m_encHidden = register_module("enc_hidden", nn::Linear(config.hidden, config.hidden));
    m_mean = register_module("mean", nn::Linear(config.hidden, config.latentDim));
    m_logVar = register_module("log_var", nn::Linear(config.hidden, config.latentDim));

    m_dec = register_module("dec",
                            nn::Sequential(nn::Linear(config.latentDim + numClasses, config.hidden),
                                           leaky(), nn::Linear(config.hidden, config.hidden),
                                           leaky(), nn::Linear(config.hidden, config.hidden),
                                           leaky(), nn::Linear(config.hidden, config.numBins())));
    m_post = register_module(
        "post",
        nn::Conv1d(
            nn::Conv1dOptions(1, 1, config.postKernel).padding(config.postKernel / 2).bias(false)));
    // Start the post-filter as the identity (a unit impulse at its centre).
    torch::NoGradGuard noGrad;
    m_post->weight.zero_();
    m_post->weight[0][0][config.postKernel / 2] = 1.0;
}

torch::Tensor GrainVaeImpl::oneHot(const torch::Tensor& classes) const {
    return nn::functional::one_hot(classes.to(torch::kLong), m_numClasses).to(torch::kFloat32);
}

GaussianParams GrainVaeImpl::encode(const torch::Tensor& audio, const torch::Tensor& classes) {
    namespace F = nn::functional;
    const auto grains = frameGrains(audio, m_config.grainSize, m_config.hop); // [B, N, L]
    const auto b = grains.size(0);
    const auto n = grains.size(1);
    auto h = m_convs->forward(grains.reshape({b * n, 1, m_config.grainSize})).flatten(1);
    const auto cls = oneHot(classes).unsqueeze(1).expand({b, n, m_numClasses}).reshape({b * n, -1});
    const auto opts = F::LeakyReLUFuncOptions().negative_slope(kSlope);
    h = F::leaky_relu(m_encIn(torch::cat({h, cls}, 1)), opts);
    h = F::leaky_relu(m_encHidden(h), opts);
    return {m_mean(h).reshape({b, n, -1}), m_logVar(h).clamp(-12.0, 6.0).reshape({b, n, -1})};
}

torch::Tensor GrainVaeImpl::decodeMagnitudes(const torch::Tensor& z, const torch::Tensor& classes) {
    const auto b = z.size(0);
    const auto n = z.size(1);
    const auto cls = oneHot(classes).unsqueeze(1).expand({b, n, m_numClasses});
    return expSigmoid(m_dec->forward(torch::cat({z, cls}, 2)), m_config.magnitudeCeiling);
}

torch::Tensor GrainVaeImpl::synthesize(const torch::Tensor& magnitudes,
                                       std::optional<at::Generator> generator) {
    const auto b = magnitudes.size(0);
    const auto n = magnitudes.size(1);
    const c10::optional<at::Generator> gen =
        generator ? c10::optional<at::Generator>(*generator) : c10::nullopt;
    const auto noise =
        torch::rand({b, n, m_config.grainSize}, gen, magnitudes.options()) * 2.0 - 1.0;
    const auto grains = filterNoise(magnitudes, noise);
    if (!torch::GradMode::is_enabled() && magnitudes.device().is_cpu()) // inference
        return postFilterDirect(overlapAddDirect(grains, m_config.hop, true), m_post->weight,
                                m_config.postSoftsign);
    const auto audio = m_post(overlapAdd(grains, m_config.hop, true).unsqueeze(1)).squeeze(1);
    return m_config.postSoftsign ? nn::functional::softsign(audio) : audio;
}

torch::Tensor GrainVaeImpl::decode(const torch::Tensor& z, const torch::Tensor& classes,
                                   std::optional<at::Generator> generator) {
    return synthesize(decodeMagnitudes(z, classes), std::move(generator));
}

torch::Tensor reparameterise(const GaussianParams& q) {
    return q.mean + torch::exp(0.5 * q.logVar) * torch::randn_like(q.mean);
}

torch::Tensor klDivergence(const GaussianParams& q) {
    return (-0.5 * (1.0 + q.logVar - q.mean.pow(2) - q.logVar.exp())).sum(-1).mean();
}

} // namespace latentrack::models::granular
