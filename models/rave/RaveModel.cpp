#include "models/rave/RaveModel.h"

#include <random>
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

namespace {

/// K noises per band: one white noise per band, split by its spectrum into K equal sub-bands;
/// circular (rfft → mask → irfft), so that the loop has no seam. [M, K, N].
torch::Tensor makeNoiseTable(int bands, int subBands, int length) {
    torch::NoGradGuard noGrad;
    std::mt19937 rng(0x4e6f6973u); // fixed ("Nois"): every model has the same noises
    auto white = torch::empty({bands, 1, length});
    auto* w = white.data_ptr<float>();
    for (int64_t i = 0; i < white.numel(); ++i)
        w[i] = static_cast<float>(rng()) / 2147483648.0f - 1.0f; // uniform −1 … 1
    const auto spectrum = torch::fft::rfft(white);
    const int64_t bins = spectrum.size(2);
    auto mask = torch::zeros({1, subBands, bins});
    for (int k = 0; k < subBands; ++k)
        mask[0][k]
            .narrow(0, bins * k / subBands, bins * (k + 1) / subBands - bins * k / subBands)
            .fill_(1.0);
    return torch::fft::irfft(spectrum * mask, length).contiguous();
}

} // namespace

RaveDecoderImpl::RaveDecoderImpl(const RaveConfig& c)
    : m_bands(c.bands), m_noiseBands(c.noiseBands) {
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
    if (m_noiseBands > 0) {
        m_noise =
            register_module("noise", CausalConv1d(channelsAt(c, 0), c.bands * c.noiseBands, 3));
        m_noiseTable = makeNoiseTable(c.bands, c.noiseBands, kNoiseLength);
    }
    if (c.harmonics > 0) {
        m_harmonic = register_module(
            "harmonic", HarmonicOscillator(c.latentDim + c.attributes, c.harmonics, c.compression(),
                                           c.sampleRate, c.oscillatorNoiseBands));
        m_harmonicPqmf = std::make_shared<Pqmf>(c.bands);
    }
}

void RaveDecoderImpl::setSourceStreaming(bool on) {
    m_sourceStreaming = on;
    m_noisePosition = 0;
    if (m_harmonic) {
        m_harmonic->setStreaming(on);
        m_harmonicPqmf->resetStream();
    }
}

torch::Tensor RaveDecoderImpl::pitch(const torch::Tensor& input) {
    if (!m_harmonic)
        throw std::logic_error("rave decoder: this model has no harmonic oscillator");
    return m_harmonic->controls(input).pitch;
}

std::vector<torch::Tensor> RaveDecoderImpl::oscillatorParameters() const {
    if (!hasOscillator())
        throw std::logic_error("rave decoder: this model has no harmonic oscillator");
    return m_harmonic->parameters();
}

torch::Tensor RaveDecoderImpl::forward(const torch::Tensor& input, const torch::Tensor& pitch) {
    const auto features = m_net->forward(input);
    const auto parts = m_out(features).chunk(2, 1);
    auto bands = torch::tanh(parts[0]) * torch::sigmoid(parts[1]);
    if (m_harmonic) {
        if (m_harmonicPqmf->analysisFilters().device() != input.device())
            m_harmonicPqmf->to(input.device());
        bands =
            bands + m_harmonicPqmf->analyse(m_harmonic->forward(input, pitch), m_sourceStreaming);
    }
    if (m_noiseBands == 0)
        return bands;
    if (m_noiseTable.device() != features.device())
        m_noiseTable = m_noiseTable.to(features.device());
    const auto length = features.size(2);
    const auto amplitude =
        torch::sigmoid(m_noise(features) - 5.0).view({-1, m_bands, m_noiseBands, length});
    const auto start = m_sourceStreaming ? m_noisePosition : 0;
    const auto index = torch::remainder(
        torch::arange(start, start + length,
                      torch::TensorOptions().dtype(torch::kLong).device(features.device())),
        kNoiseLength);
    const auto noise = m_noiseTable.index_select(2, index).to(features.dtype()); // [M, K, T']
    if (m_sourceStreaming)
        m_noisePosition = (m_noisePosition + length) % kNoiseLength;
    return bands + (amplitude * noise.unsqueeze(0)).sum(2);
}

RaveModelImpl::RaveModelImpl(const RaveConfig& config)
    : m_config((config.validate(), config)), m_pqmf(config.bands) {
    m_encoder = register_module("encoder", RaveEncoder(config));
    m_decoder = register_module("decoder", RaveDecoder(config));
}

void RaveModelImpl::setStreaming(bool on) {
    m_streaming = on;
    rave::setStreaming(*this, on);
    m_decoder->setSourceStreaming(on);
    m_pqmf.resetStream();
}

LatentPosterior RaveModelImpl::encode(const torch::Tensor& audio) {
    if (audio.dim() != 2 || audio.size(1) % compression() != 0)
        throw std::invalid_argument("rave encode: audio must be [B, T] with T a multiple of " +
                                    std::to_string(compression()) + " samples");
    return m_encoder(m_pqmf.analyse(audio, m_streaming));
}

torch::Tensor RaveModelImpl::decodeBands(const torch::Tensor& z, const torch::Tensor& attributes,
                                         const torch::Tensor& pitch) {
    const auto input = decoderInput(z, attributes);
    if (!m_config.pitchInput)
        return m_decoder->forward(input);
    if (!pitch.defined() || pitch.dim() != 2 || pitch.size(0) != z.size(0) ||
        pitch.size(1) != z.size(2))
        throw std::invalid_argument(
            "rave decode: this model plays a given pitch: pitch must be [B, L] like z (MIDI)");
    return m_decoder->forward(input, pitch);
}

torch::Tensor RaveModelImpl::pitch(const torch::Tensor& z, const torch::Tensor& attributes) {
    return m_decoder->pitch(decoderInput(z, attributes));
}

torch::Tensor RaveModelImpl::decoderInput(const torch::Tensor& z,
                                          const torch::Tensor& attributes) const {
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
    return input;
}

torch::Tensor RaveModelImpl::decode(const torch::Tensor& z, const torch::Tensor& attributes,
                                    const torch::Tensor& pitch) {
    return m_pqmf.synthesise(decodeBands(z, attributes, pitch), m_streaming);
}

} // namespace latentrack::models::rave
