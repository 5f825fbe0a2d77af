#include "models/rave/RaveModel.h"

#include <stdexcept>
#include <string>

namespace latentrack::models::rave {

namespace {

torch::nn::LeakyReLU lrelu() {
    return torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2));
}

int channelsAt(const RaveConfig& c, int stage) {
    return c.capacity << stage;
}

} // namespace

RaveEncoderImpl::RaveEncoderImpl(const RaveConfig& c) {
    m_net->push_back(CausalConv1d(c.bands, channelsAt(c, 0), 7));
    for (std::size_t i = 0; i < c.ratios.size(); ++i) {
        const int stage = static_cast<int>(i);
        for (int d : c.dilations)
            m_net->push_back(ResidualUnit(channelsAt(c, stage), d));
        m_net->push_back(lrelu());
        const int r = c.ratios[i];
        m_net->push_back(CausalConv1d(channelsAt(c, stage), channelsAt(c, stage + 1), 2 * r, r));
    }
    m_net->push_back(lrelu());
    m_net = register_module("net", m_net);
    m_out = register_module(
        "out", CausalConv1d(channelsAt(c, static_cast<int>(c.ratios.size())), 2 * c.latentDim, 3));
}

LatentPosterior RaveEncoderImpl::forward(const torch::Tensor& bands) {
    const auto h = m_out(m_net->forward(bands));
    const auto parts = h.chunk(2, 1);
    return {parts[0], torch::nn::functional::softplus(parts[1]) + 1e-4};
}

RaveDecoderImpl::RaveDecoderImpl(const RaveConfig& c) : m_bands(c.bands) {
    const int stages = static_cast<int>(c.ratios.size());
    m_net->push_back(CausalConv1d(c.latentDim + c.attributes, channelsAt(c, stages), 7));
    for (int stage = stages - 1; stage >= 0; --stage) {
        m_net->push_back(lrelu());
        m_net->push_back(Upsample(channelsAt(c, stage + 1), channelsAt(c, stage),
                                  c.ratios[static_cast<std::size_t>(stage)]));
        for (int d : c.dilations)
            m_net->push_back(ResidualUnit(channelsAt(c, stage), d));
    }
    m_net->push_back(lrelu());
    m_net = register_module("net", m_net);
    m_out = register_module("out", CausalConv1d(channelsAt(c, 0), 2 * c.bands, 7));
}

torch::Tensor RaveDecoderImpl::forward(const torch::Tensor& input) {
    const auto h = m_out(m_net->forward(input));
    const auto parts = h.chunk(2, 1);
    return torch::tanh(parts[0]) * torch::sigmoid(parts[1]);
}

RaveModelImpl::RaveModelImpl(const RaveConfig& config)
    : m_config((config.validate(), config)), m_pqmf(config.bands) {
    m_encoder = register_module("encoder", RaveEncoder(config));
    m_decoder = register_module("decoder", RaveDecoder(config));
}

void RaveModelImpl::setStreaming(bool on) {
    m_streaming = on;
    rave::setStreaming(*this, on);
    m_pqmf.resetStream();
}

LatentPosterior RaveModelImpl::encode(const torch::Tensor& audio) {
    if (audio.dim() != 2 || audio.size(1) % compression() != 0)
        throw std::invalid_argument("rave encode: audio must be [B, T] with T a multiple of " +
                                    std::to_string(compression()) + " samples");
    return m_encoder(m_pqmf.analyse(audio, m_streaming));
}

torch::Tensor RaveModelImpl::decodeBands(const torch::Tensor& z, const torch::Tensor& attributes) {
    if (z.dim() != 3 || z.size(1) != m_config.latentDim)
        throw std::invalid_argument("rave decode: z must be [B, " +
                                    std::to_string(m_config.latentDim) + ", L]");
    torch::Tensor input = z;
    if (m_config.attributes > 0) {
        if (!attributes.defined() || attributes.dim() != 3 || attributes.size(0) != z.size(0) ||
            attributes.size(1) != m_config.attributes || attributes.size(2) != z.size(2))
            throw std::invalid_argument("rave decode: attributes must be [B, " +
                                        std::to_string(m_config.attributes) + ", L] like z");
        input = torch::cat({z, attributes}, 1);
    }
    return m_decoder(input);
}

torch::Tensor RaveModelImpl::decode(const torch::Tensor& z, const torch::Tensor& attributes) {
    return m_pqmf.synthesise(decodeBands(z, attributes), m_streaming);
}

} // namespace latentrack::models::rave
