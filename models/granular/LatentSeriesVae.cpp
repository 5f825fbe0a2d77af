#include "models/granular/LatentSeriesVae.h"

namespace latentrack::models::granular {

namespace nn = torch::nn;

LatentSeriesVaeImpl::LatentSeriesVaeImpl(const GranularConfig& config, int numClasses)
    : m_config(config), m_numClasses(numClasses) {
    const int h = config.seriesHidden;
    m_encoder =
        register_module("encoder", nn::LSTM(nn::LSTMOptions(config.latentDim + numClasses, h)
                                                .num_layers(config.seriesLayers)
                                                .batch_first(true)));
    m_mean = register_module("mean", nn::Linear(h + numClasses, config.embeddingDim));
    m_logVar = register_module("log_var", nn::Linear(h + numClasses, config.embeddingDim));
    m_decoder =
        register_module("decoder", nn::LSTM(nn::LSTMOptions(config.embeddingDim + numClasses, h)
                                                .num_layers(config.seriesLayers)
                                                .batch_first(true)));
    m_out = register_module("out", nn::Linear(h + numClasses, config.latentDim));
}

torch::Tensor LatentSeriesVaeImpl::oneHot(const torch::Tensor& classes) const {
    return nn::functional::one_hot(classes.to(torch::kLong), m_numClasses).to(torch::kFloat32);
}

GaussianParams LatentSeriesVaeImpl::encode(const torch::Tensor& zSeries,
                                           const torch::Tensor& classes) {
    const auto b = zSeries.size(0);
    const auto n = zSeries.size(1);
    const auto cls = oneHot(classes);
    const auto input = torch::cat({zSeries, cls.unsqueeze(1).expand({b, n, m_numClasses})}, 2);
    const auto last = std::get<0>(m_encoder->forward(input)).select(1, n - 1);
    const auto h = torch::cat({last, cls}, 1);
    return {m_mean(h), m_logVar(h).clamp(-12.0, 6.0)};
}

torch::Tensor LatentSeriesVaeImpl::decode(const torch::Tensor& embedding,
                                          const torch::Tensor& classes, int numGrains) {
    const auto b = embedding.size(0);
    const auto cls = oneHot(classes).unsqueeze(1).expand({b, numGrains, m_numClasses});
    const auto input =
        torch::cat({embedding.unsqueeze(1).expand({b, numGrains, embedding.size(1)}), cls}, 2);
    const auto out = std::get<0>(m_decoder->forward(input));
    return m_out(torch::cat({out, cls}, 2));
}

} // namespace latentrack::models::granular
