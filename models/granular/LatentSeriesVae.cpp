#include "models/granular/LatentSeriesVae.h"

#include <algorithm>
#include <cmath>
#include <vector>

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
    const auto out =
        !torch::GradMode::is_enabled() && m_config.seriesLayers == 1 && input.device().is_cpu()
            ? constantInputLstm(input.select(1, 0), numGrains)
            : std::get<0>(m_decoder->forward(input));
    return m_out(torch::cat({out, cls}, 2));
}

torch::Tensor LatentSeriesVaeImpl::constantInputLstm(const torch::Tensor& x, int steps) {
    // PyTorch's LSTM: gates = W_ih·x + b_ih + W_hh·h + b_hh, split i, f, g, o.
    const auto params = m_decoder->named_parameters();
    const int h = m_config.seriesHidden;
    const auto inputPart =
        (torch::matmul(x, params["weight_ih_l0"].t()) + params["bias_ih_l0"] + params["bias_hh_l0"])
            .contiguous();                                     // [B, 4H]
    const auto whhT = params["weight_hh_l0"].t().contiguous(); // [H, 4H]
    const float* w = whhT.data_ptr<float>();
    auto out = torch::zeros({x.size(0), steps, h});
    std::vector<float> gates(static_cast<std::size_t>(4 * h));
    std::vector<float> hidden(static_cast<std::size_t>(h)), cell(static_cast<std::size_t>(h));
    const auto sigmoid = [](float v) { return 1.0f / (1.0f + std::exp(-v)); };
    for (int64_t b = 0; b < x.size(0); ++b) {
        std::fill(hidden.begin(), hidden.end(), 0.0f);
        std::fill(cell.begin(), cell.end(), 0.0f);
        const float* in = inputPart[b].data_ptr<float>();
        float* y = out[b].data_ptr<float>();
        for (int t = 0; t < steps; ++t) {
            std::copy(in, in + 4 * h, gates.begin());
            for (int i = 0; i < h; ++i) { // gates += W_hhᵀ[i] · h[i] (contiguous, vectorises)
                const float hi = hidden[static_cast<std::size_t>(i)];
                const float* row = w + static_cast<std::ptrdiff_t>(i) * 4 * h;
                for (int j = 0; j < 4 * h; ++j)
                    gates[static_cast<std::size_t>(j)] += row[j] * hi;
            }
            for (int j = 0; j < h; ++j) {
                const auto u = static_cast<std::size_t>(j);
                const float ig = sigmoid(gates[u]);
                const float fg = sigmoid(gates[u + h]);
                const float gg = std::tanh(gates[u + 2 * h]);
                const float og = sigmoid(gates[u + 3 * h]);
                cell[u] = fg * cell[u] + ig * gg;
                hidden[u] = og * std::tanh(cell[u]);
            }
            std::copy(hidden.begin(), hidden.end(), y + static_cast<std::ptrdiff_t>(t) * h);
        }
    }
    return out;
}

} // namespace latentrack::models::granular
