#include "models/rave/LatentDiscriminator.h"

namespace latentrack::models::rave {

namespace {
torch::nn::LeakyReLU lrelu() {
    return torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2));
}
} // namespace

LatentDiscriminatorImpl::LatentDiscriminatorImpl(int latentDim, int attributes, int bins)
    : m_attributes(attributes), m_bins(bins) {
    using torch::nn::Conv1dOptions;
    int in = latentDim;
    for (int i = 0; i < 2; ++i) {
        m_trunk->push_back(torch::nn::Conv1d(Conv1dOptions(in, 128, 7).padding(3)));
        m_trunk->push_back(torch::nn::BatchNorm1d(128));
        m_trunk->push_back(lrelu());
        in = 128;
    }
    m_trunk->push_back(torch::nn::Conv1d(Conv1dOptions(128, 64, 1)));
    m_trunk->push_back(lrelu());
    m_trunk = register_module("trunk", m_trunk);
    for (int a = 0; a < attributes; ++a) {
        torch::nn::Sequential head(torch::nn::Conv1d(Conv1dOptions(64, 32, 1)), lrelu(),
                                   torch::nn::Conv1d(Conv1dOptions(32, bins, 1)));
        m_heads->push_back(head);
    }
    m_heads = register_module("heads", m_heads);
}

torch::Tensor LatentDiscriminatorImpl::forward(const torch::Tensor& z) {
    const auto h = m_trunk->forward(z);
    std::vector<torch::Tensor> logits;
    for (const auto& head : *m_heads)
        logits.push_back(head->as<torch::nn::Sequential>()->forward(h));
    return torch::stack(logits, 1); // [B, A, bins, L]
}

torch::Tensor LatentDiscriminatorImpl::crossEntropy(const torch::Tensor& z,
                                                    const torch::Tensor& bins) {
    const auto logits = forward(z);
    // [B, A, bins, L] → [B·A, bins, L] against [B·A, L]
    return torch::nn::functional::cross_entropy(logits.reshape({-1, m_bins, logits.size(3)}),
                                                bins.reshape({-1, bins.size(2)}));
}

torch::Tensor LatentDiscriminatorImpl::accuracy(const torch::Tensor& z, const torch::Tensor& bins) {
    const auto predicted = forward(z).argmax(2); // [B, A, L]
    return (predicted == bins).to(torch::kFloat32).mean(std::vector<int64_t>{0, 2});
}

} // namespace latentrack::models::rave
