#pragma once
// Causal, streamable convolutions for the RAVE-style model (after RAVE's cached_conv, Caillon &
// Esling 2022 "Streamable neural audio synthesis with non-causal convolutions", here causal
// throughout): every convolution pads only on the left, so an output frame depends on the
// present and the past. Offline (the default) the left padding is zeros; streaming (after
// setStreaming(true)) it is the end of the previous block, kept per batch row, so a signal cut
// into blocks — each a multiple of the module's total stride — gives exactly the offline
// output. Shapes: [B, channels, frames]. Thread: one module per thread.

#include <torch/torch.h>

namespace latentrack::models::rave {

/// Conv1d with left padding (kernel − 1)·dilation − (stride − 1): T input frames (a multiple of
/// stride) give T / stride output frames.
class CausalConv1dImpl : public torch::nn::Module {
public:
    CausalConv1dImpl(int in, int out, int kernel, int stride = 1, int dilation = 1);
    torch::Tensor forward(const torch::Tensor& x);
    void setStreaming(bool on);
    void resetStream() { m_cache = torch::Tensor(); }
    int padding() const { return m_pad; }

private:
    torch::nn::Conv1d m_conv{nullptr};
    int m_pad;
    bool m_streaming = false;
    torch::Tensor m_cache;
};
TORCH_MODULE(CausalConv1d);

/// ×ratio in time: each frame repeated `ratio` times, then a causal conv of kernel 2·ratio + 1
/// (no transposed convolution: no checkerboard, nothing to overlap between blocks).
class UpsampleImpl : public torch::nn::Module {
public:
    UpsampleImpl(int in, int out, int ratio);
    torch::Tensor forward(const torch::Tensor& x);

private:
    int m_ratio;
    CausalConv1d m_conv{nullptr};
};
TORCH_MODULE(Upsample);

/// x + Conv1x1(LReLU(CausalConv3_dilated(LReLU(x)))), LReLU slope 0.2.
class ResidualUnitImpl : public torch::nn::Module {
public:
    ResidualUnitImpl(int channels, int dilation);
    torch::Tensor forward(const torch::Tensor& x);

private:
    CausalConv1d m_dilated{nullptr};
    CausalConv1d m_mix{nullptr};
};
TORCH_MODULE(ResidualUnit);

/// Switches every CausalConv1d under `module` to streaming (true) or offline (false); either
/// way their stream state is cleared.
void setStreaming(torch::nn::Module& module, bool on);
/// Clears the stream state of every CausalConv1d under `module` (a new stream starts silent).
void resetStream(torch::nn::Module& module);

} // namespace latentrack::models::rave
