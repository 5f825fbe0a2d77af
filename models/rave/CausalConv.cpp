#include "models/rave/CausalConv.h"

#include <stdexcept>

namespace latentrack::models::rave {

CausalConv1dImpl::CausalConv1dImpl(int in, int out, int kernel, int stride, int dilation)
    : m_pad((kernel - 1) * dilation - (stride - 1)) {
    if (m_pad < 0)
        throw std::invalid_argument("causal conv: kernel too short for its stride");
    m_conv = register_module(
        "conv", torch::nn::Conv1d(
                    torch::nn::Conv1dOptions(in, out, kernel).stride(stride).dilation(dilation)));
}

void CausalConv1dImpl::setStreaming(bool on) {
    m_streaming = on;
    m_cache = torch::Tensor();
}

torch::Tensor CausalConv1dImpl::forward(const torch::Tensor& x) {
    if (m_pad == 0)
        return m_conv(x);
    torch::Tensor padded;
    if (m_streaming) {
        if (!m_cache.defined() || m_cache.size(0) != x.size(0))
            m_cache = torch::zeros({x.size(0), x.size(1), m_pad}, x.options());
        padded = torch::cat({m_cache, x}, 2);
        m_cache = padded.narrow(2, padded.size(2) - m_pad, m_pad).detach().clone();
    } else {
        padded = torch::constant_pad_nd(x, {m_pad, 0});
    }
    return m_conv(padded);
}

UpsampleImpl::UpsampleImpl(int in, int out, int ratio) : m_ratio(ratio) {
    m_conv = register_module("conv", CausalConv1d(in, out, 2 * ratio + 1));
}

torch::Tensor UpsampleImpl::forward(const torch::Tensor& x) {
    return m_conv(x.repeat_interleave(m_ratio, 2));
}

ResidualUnitImpl::ResidualUnitImpl(int channels, int dilation) {
    m_dilated = register_module("dilated", CausalConv1d(channels, channels, 3, 1, dilation));
    m_mix = register_module("mix", CausalConv1d(channels, channels, 1));
}

torch::Tensor ResidualUnitImpl::forward(const torch::Tensor& x) {
    namespace F = torch::nn::functional;
    const auto act = F::LeakyReLUFuncOptions().negative_slope(0.2);
    return x + m_mix(F::leaky_relu(m_dilated(F::leaky_relu(x, act)), act));
}

namespace {
template <typename F> void forEachConv(torch::nn::Module& module, F&& f) {
    for (const auto& m : module.modules(/*include_self=*/true))
        if (auto* conv = dynamic_cast<CausalConv1dImpl*>(m.get()))
            f(*conv);
}
} // namespace

void setStreaming(torch::nn::Module& module, bool on) {
    forEachConv(module, [on](CausalConv1dImpl& c) { c.setStreaming(on); });
}

void resetStream(torch::nn::Module& module) {
    forEachConv(module, [](CausalConv1dImpl& c) { c.resetStream(); });
}

} // namespace latentrack::models::rave
