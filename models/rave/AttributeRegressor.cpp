#include "models/rave/AttributeRegressor.h"

#include <algorithm>
#include <stdexcept>

#include "models/granular/SpectralLoss.h"

namespace latentrack::models::rave {

namespace {
constexpr int kMels = 64;
constexpr int kChannels = 64;
} // namespace

AttributeRegressorImpl::AttributeRegressorImpl(const RaveConfig& c)
    : m_hop(c.compression()), m_fftSize(std::min(2048, 4 * c.compression())) {
    c.validate();
    if (c.attributes <= 0)
        throw std::invalid_argument("attribute regressor: the model has no attributes");
    m_mel = register_buffer("mel", granular::melFilterbank(m_fftSize, kMels, c.sampleRate, 20.0));
    using torch::nn::Conv1dOptions;
    int in = kMels;
    for (int dilation : {1, 2, 4}) {
        m_net->push_back(torch::nn::Conv1d(
            Conv1dOptions(in, kChannels, 5).dilation(dilation).padding(2 * dilation)));
        m_net->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
        in = kChannels;
    }
    m_net->push_back(torch::nn::Conv1d(Conv1dOptions(kChannels, c.attributes, 1)));
    m_net = register_module("net", m_net);
}

torch::Tensor AttributeRegressorImpl::forward(const torch::Tensor& audio) {
    const auto frames = audio.size(1) / m_hop;
    // Frame j centred on sample j·c + c/2, as the descriptors of latent frame j (RaveData.h).
    const auto shifted = audio.narrow(1, m_hop / 2, audio.size(1) - m_hop / 2);
    const auto window = torch::hann_window(m_fftSize, audio.options());
    const auto spectrum =
        torch::stft(shifted, m_fftSize, m_hop, m_fftSize, window, /*center=*/true, "constant",
                    /*normalized=*/false, /*onesided=*/true, /*return_complex=*/true);
    const auto power = torch::view_as_real(spectrum).square().sum(-1).narrow(2, 0, frames);
    const auto logMel = torch::log(torch::matmul(m_mel, power) + 1e-6) / 10.0;
    return m_net->forward(logMel);
}

} // namespace latentrack::models::rave
