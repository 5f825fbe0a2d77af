#include "models/rave/SpectralDescriptors.h"

#include <stdexcept>

#include "models/rave/RaveData.h"

namespace latentrack::models::rave {

namespace {
// Floors that keep the gradient finite where the analyzer's value has none (a silent frame, a
// pure tone's zero spread); each is far below any level or spread the data has.
constexpr double kMeanSquareFloor = 1e-24; ///< per frame and per bin, −240 dB
constexpr double kSpreadFloorHz2 = 1e-3;
constexpr double kSilentMagnitudeSum = 1e-12; ///< the analyzer's own threshold
} // namespace

torch::Tensor latentFrames(const torch::Tensor& audio, const RaveConfig& c, int n) {
    const int hop = c.compression();
    if (audio.dim() != 2 || audio.size(1) <= 0 || audio.size(1) % hop != 0)
        throw std::invalid_argument("descriptors: audio must be [B, T] with T a positive "
                                    "multiple of the compression (" +
                                    std::to_string(hop) + ")");
    // As latentFrameDescriptors(): the analysis starts half a latent frame in, and sees zeros
    // outside what follows; frame j is centred on sample hop/2 + j·hop.
    const int64_t offset = hop / 2;
    const auto x =
        torch::constant_pad_nd(audio.narrow(1, offset, audio.size(1) - offset), {n / 2, n / 2});
    return x.unfold(1, n, hop).narrow(1, 0, audio.size(1) / hop);
}

torch::Tensor framePower(const torch::Tensor& frames) {
    const auto n = frames.size(-1);
    const auto window = torch::hann_window(
        n, torch::TensorOptions().dtype(frames.scalar_type()).device(frames.device())); // periodic
    const auto spectrum = torch::fft_rfft(frames * window, n, -1);
    // The analyzer's one-sided mean square per bin: DC and Nyquist once, the others twice.
    const auto bins = n / 2 + 1;
    auto sides = torch::full({bins}, 2.0, frames.options());
    sides.index_put_({0}, 1.0);
    sides.index_put_({bins - 1}, 1.0);
    const double scale = 1.0 / (static_cast<double>(n) * window.square().sum().item<double>());
    return torch::view_as_real(spectrum).square().sum(-1) * sides * scale;
}

torch::Tensor normaliseDescriptors(const torch::Tensor& values,
                                   const core::dsp::DescriptorRange& range, int first) {
    const auto k = values.size(1);
    std::vector<double> lo, span;
    for (int64_t d = 0; d < k; ++d) {
        const auto i = static_cast<std::size_t>(first + d);
        lo.push_back(range.min.at(i));
        span.push_back(range.max.at(i) - range.min.at(i));
    }
    const auto opts = values.options();
    const auto low = torch::tensor(lo).to(opts).view({1, k, 1});
    const auto width = torch::tensor(span).to(opts).view({1, k, 1});
    const auto normalised = 2.0 * (values - low) / width.clamp_min(1e-12) - 1.0;
    return torch::where(width > 0.0, normalised, torch::zeros_like(normalised));
}

torch::Tensor spectralDescriptors(const torch::Tensor& audio, const RaveConfig& c,
                                  const core::dsp::DescriptorRange& range) {
    const auto dc = latentDescriptorConfig(c);
    const int n = dc.frameSize;
    const auto framed = latentFrames(audio, c, n); // [B, L, n]
    // RMS of the unwindowed frame.
    const auto rms = torch::sqrt(framed.square().mean(-1) + kMeanSquareFloor);
    const auto power = framePower(framed);
    const int bins = n / 2 + 1;
    // √(p + f) − √f: √p wherever there is sound, exactly 0 for a silent bin, a bounded slope.
    const auto magnitude = torch::sqrt(power + kMeanSquareFloor) - std::sqrt(kMeanSquareFloor);
    const auto hz = torch::arange(bins, audio.options()) * (dc.sampleRate / n);

    const auto sum = magnitude.sum(-1);
    const auto safeSum = sum.clamp_min(kSilentMagnitudeSum);
    const auto centroid = (magnitude * hz).sum(-1) / safeSum;
    const auto spread = (magnitude * (hz - centroid.unsqueeze(-1)).square()).sum(-1) / safeSum;
    const auto bandwidth = torch::sqrt(spread + kSpreadFloorHz2);
    const auto sounding = sum.detach() > kSilentMagnitudeSum;
    const auto zero = torch::zeros_like(centroid);

    const auto values = torch::stack(
        {rms, torch::where(sounding, centroid, zero), torch::where(sounding, bandwidth, zero)},
        1); // [B, 3, L]
    return normaliseDescriptors(values, range, 0);
}

} // namespace latentrack::models::rave
