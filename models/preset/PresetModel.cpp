#include "models/preset/PresetModel.h"

namespace latentrack::models::preset {

namespace nn = torch::nn;

torch::Tensor scaleSpectrogram(const torch::Tensor& db, const PresetConfig& c) {
    return ((db - c.floorDb) / (c.ceilingDb - c.floorDb)).clamp(0.0, 1.0) * 2.0 - 1.0;
}

RealNvpImpl::RealNvpImpl(int dim, int couplings, int hidden) : m_dim(dim) {
    std::vector<int64_t> even, odd;
    for (int i = 0; i < dim; ++i)
        (i % 2 ? odd : even).push_back(i);
    m_even = register_buffer("even", torch::tensor(even, torch::kLong));
    m_odd = register_buffer("odd", torch::tensor(odd, torch::kLong));
    for (int k = 0; k < couplings; ++k) {
        // Layer k transforms the odd half when k is even, from the even half, and vice versa.
        const auto in = static_cast<int64_t>(k % 2 ? odd.size() : even.size());
        const auto out = static_cast<int64_t>(k % 2 ? even.size() : odd.size());
        auto net =
            nn::Sequential(nn::Linear(in, hidden), nn::LeakyReLU(), nn::Linear(hidden, hidden),
                           nn::LeakyReLU(), nn::Linear(hidden, 2 * out));
        // Start as the identity: the last layer outputs zeros.
        auto last = net->ptr<nn::LinearImpl>(4);
        torch::NoGradGuard g;
        last->weight.zero_();
        last->bias.zero_();
        m_nets.push_back(register_module("coupling" + std::to_string(k), net));
    }
}

std::pair<torch::Tensor, torch::Tensor> RealNvpImpl::coupling(std::size_t layer,
                                                              const torch::Tensor& x) {
    const auto h = m_nets[layer]->forward(x);
    const auto parts = h.chunk(2, 1);
    return {torch::tanh(parts[0]) * 2.0, parts[1]};
}

torch::Tensor RealNvpImpl::forward(const torch::Tensor& z) {
    auto x = z;
    for (std::size_t k = 0; k < m_nets.size(); ++k) {
        const auto& fixed = k % 2 ? m_odd : m_even;
        const auto& moved = k % 2 ? m_even : m_odd;
        const auto [logScale, shift] = coupling(k, x.index_select(1, fixed));
        const auto y = x.index_select(1, moved) * torch::exp(logScale) + shift;
        x = x.index_copy(1, moved, y);
    }
    return x;
}

torch::Tensor RealNvpImpl::inverse(const torch::Tensor& v) {
    auto x = v;
    for (std::size_t k = m_nets.size(); k-- > 0;) {
        const auto& fixed = k % 2 ? m_odd : m_even;
        const auto& moved = k % 2 ? m_even : m_odd;
        const auto [logScale, shift] = coupling(k, x.index_select(1, fixed));
        const auto y = (x.index_select(1, moved) - shift) * torch::exp(-logScale);
        x = x.index_copy(1, moved, y);
    }
    return x;
}

PresetModelImpl::PresetModelImpl(const PresetConfig& config, int vectorSize)
    : m_config(config), m_vectorSize(vectorSize) {
    config.validate();
    m_encoder = nn::Sequential();
    int64_t in = 1;
    m_codeMels = config.mels;
    m_codeFrames = config.frames;
    for (int ch : config.encoderChannels) {
        m_encoder->push_back(
            nn::Conv2d(nn::Conv2dOptions(in, ch, 5).stride(2).padding(2).bias(false)));
        m_encoder->push_back(nn::BatchNorm2d(ch));
        m_encoder->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.1)));
        in = ch;
        m_codeMels = (m_codeMels + 1) / 2;
        m_codeFrames = (m_codeFrames + 1) / 2;
    }
    register_module("encoder", m_encoder);
    const int64_t code = in * m_codeMels * m_codeFrames;
    m_toLatent = register_module("toLatent", nn::Linear(code, 2 * vectorSize));
    m_fromLatent = register_module("fromLatent", nn::Linear(vectorSize, code));
    m_decoder = nn::Sequential();
    const auto& chs = config.encoderChannels;
    for (std::size_t i = chs.size(); i-- > 0;) {
        const int64_t out = i > 0 ? chs[i - 1] : 1;
        m_decoder->push_back(nn::ConvTranspose2d(
            nn::ConvTranspose2dOptions(chs[i], out, 4).stride(2).padding(1).bias(i == 0)));
        if (i > 0) {
            m_decoder->push_back(nn::BatchNorm2d(out));
            m_decoder->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.1)));
        }
    }
    register_module("decoder", m_decoder);
    m_flow = register_module("flow", RealNvp(vectorSize, config.couplings, config.flowHidden));
}

std::pair<torch::Tensor, torch::Tensor> PresetModelImpl::encode(const torch::Tensor& spectrogram) {
    const auto h = m_encoder->forward(spectrogram).flatten(1);
    const auto stats = m_toLatent->forward(h).chunk(2, 1);
    return {stats[0], stats[1].clamp(-12.0, 6.0)};
}

torch::Tensor PresetModelImpl::decode(const torch::Tensor& z) {
    const auto h = m_fromLatent->forward(z).view(
        {z.size(0), m_config.encoderChannels.back(), m_codeMels, m_codeFrames});
    const auto y = m_decoder->forward(h);
    return y.narrow(2, 0, m_config.mels).narrow(3, 0, m_config.frames);
}

} // namespace latentrack::models::preset
