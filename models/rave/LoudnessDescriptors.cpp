#include "models/rave/LoudnessDescriptors.h"

#include <cmath>
#include <stdexcept>

#include "core/dsp/ZwickerLoudness.h"
#include "core/dsp/ZwickerTables.h"
#include "models/rave/RaveData.h"

namespace latentrack::models::rave {

namespace {

namespace iso = core::dsp::iso532;
using core::dsp::Descriptor;
constexpr int kCriticalBands = 21;   ///< the 20 of ISO 532-1 and a 21st of zero core loudness
constexpr int kLowThirdOctaves = 11; ///< 25 … 250 Hz, corrected and summed into 3 bands
constexpr int kRanges = static_cast<int>(iso::kRns.size()); ///< 18
constexpr double kSilentLoudness = 1e-9;                    ///< the analyzer's threshold (sone)

torch::Tensor doubles(const std::vector<double>& v) {
    return torch::tensor(v, torch::kFloat64);
}

/// Core loudness [F, 21] (sone/Bark) of third-octave levels `lt` [F, 28] (dB SPL, free field),
/// as coreLoudness() in core/dsp/ZwickerLoudness.cpp; the range of the low-frequency
/// correction and the threshold test are taken on the detached levels.
torch::Tensor coreLoudness(const torch::Tensor& lt) {
    const auto f64 = torch::TensorOptions().dtype(torch::kFloat64).device(lt.device());
    // Bands 25 … 250 Hz: lowered along the equal-loudness contours, summed into three.
    std::vector<double> thresholds, reductions;
    for (int j = 0; j < 8; ++j)
        for (int i = 0; i < kLowThirdOctaves; ++i) {
            if (j < 7)
                thresholds.push_back(iso::kRap[static_cast<std::size_t>(j)] - iso::kDll[j][i]);
            reductions.push_back(iso::kDll[j][i]);
        }
    const auto threshold = doubles(thresholds).view({7, kLowThirdOctaves}).to(f64);
    const auto reduction = doubles(reductions).view({8, kLowThirdOctaves}).t().to(f64); // [11, 8]
    const auto low = lt.narrow(1, 0, kLowThirdOctaves).clamp_max(120.0);
    const auto range = (low.detach().unsqueeze(1) > threshold.unsqueeze(0)).sum(1); // [F, 11]
    const auto lowered = low + reduction.unsqueeze(0)
                                   .expand({low.size(0), -1, -1})
                                   .gather(2, range.unsqueeze(-1))
                                   .squeeze(-1);
    auto groups = torch::zeros({kLowThirdOctaves, 3}, f64);
    for (int i = 0; i < kLowThirdOctaves; ++i)
        groups[i][i < 6 ? 0 : (i < 9 ? 1 : 2)] = 1.0;
    const auto gi = torch::pow(10.0, lowered / 10.0).matmul(groups);          // [F, 3]
    auto le = torch::cat({10.0 * torch::log10(gi), lt.narrow(1, 11, 17)}, 1); // [F, 20]

    std::vector<double> a0(iso::kA0.begin(), iso::kA0.end());
    std::vector<double> ltq(iso::kLtq.begin(), iso::kLtq.end());
    std::vector<double> dcb(iso::kDcb.begin(), iso::kDcb.end());
    const auto quiet = doubles(ltq).to(f64);
    le = le - doubles(a0).to(f64);
    const auto audible = le.detach() > quiet;
    le = le - doubles(dcb).to(f64);
    constexpr double s = 0.25;
    const auto mp1 = 0.0635 * torch::pow(10.0, 0.025 * quiet);
    const auto mp2 = torch::pow(1.0 - s + s * torch::pow(10.0, 0.1 * (le - quiet)), 0.25) - 1.0;
    auto nm = torch::where(audible, torch::relu(mp1 * mp2), torch::zeros_like(le));
    // The threshold varies within the lowest critical band.
    const auto first = nm.narrow(1, 0, 1);
    const auto korry = 0.4 + 0.32 * first.clamp_min(1e-12).pow(0.2);
    nm = torch::cat({torch::where(korry <= 1.0, first * korry, first), nm.narrow(1, 1, 19)}, 1);
    return torch::cat({nm, torch::zeros({nm.size(0), 1}, f64)}, 1);
}

/// The upper slope of ISO 532-1's specific-loudness pattern as a function of position, for
/// one steepness column of kUsl: the level falls from kRns[0] at position 0 (Bark) through the
/// ranges of kRns, at steepness kUsl[k][column] in range k, to 0. Levels above kRns[0] lie at
/// negative positions (steepness kUsl[0]).
struct SlopeColumn {
    std::vector<double> knots; ///< [18] position where range k + 1 starts (level kRns[k])
    std::vector<double> steep; ///< [18] kUsl[k][column]

    explicit SlopeColumn(int column) {
        double at = 0.0;
        for (int k = 0; k < kRanges; ++k) {
            steep.push_back(iso::kUsl[k][column]);
            knots.push_back(at);
            if (k + 1 < kRanges)
                at += (iso::kRns[static_cast<std::size_t>(k)] -
                       iso::kRns[static_cast<std::size_t>(k + 1)]) /
                      iso::kUsl[k + 1][column];
        }
    }
};

/// Position P(nm) [..] on `column`'s slope of the level `nm` [..] (sone/Bark, ≥ 0).
torch::Tensor slopePosition(const torch::Tensor& nm, const SlopeColumn& column) {
    auto p = -torch::relu(nm - iso::kRns[0]) / column.steep[0];
    for (int k = 1; k < kRanges; ++k) {
        const double high = iso::kRns[static_cast<std::size_t>(k - 1)];
        const double span = high - iso::kRns[static_cast<std::size_t>(k)];
        p = p + (high - nm).clamp(0.0, span) / column.steep[static_cast<std::size_t>(k)];
    }
    return p;
}

/// Level N(p) [..] at positions `p` [..] on `column`'s slope (0 past its end).
torch::Tensor slopeLevel(const torch::Tensor& p, const SlopeColumn& column) {
    const auto f64 = torch::TensorOptions().dtype(torch::kFloat64).device(p.device());
    // Segment k (0 … 18) of each position: k = 0 above kRns[0], k = 18 past the end.
    std::vector<double> baseLevel{iso::kRns[0]}, basePosition{0.0}, steep{column.steep[0]};
    for (int k = 1; k < kRanges; ++k) {
        baseLevel.push_back(iso::kRns[static_cast<std::size_t>(k - 1)]);
        basePosition.push_back(column.knots[static_cast<std::size_t>(k - 1)]);
        steep.push_back(column.steep[static_cast<std::size_t>(k)]);
    }
    baseLevel.push_back(0.0);
    basePosition.push_back(column.knots.back());
    steep.push_back(0.0);
    const auto knots = doubles(column.knots).to(f64);
    const auto segment = torch::searchsorted(knots, p.detach().contiguous(), false, true);
    const auto at = [&](const std::vector<double>& v) {
        return doubles(v).to(f64).index({segment});
    };
    return (at(baseLevel) - at(steep) * (p - at(basePosition))).clamp_min(0.0);
}

/// Specific loudness N'(z) [F, 240] of core loudness `nm` [F, 21]: each band's plateau up to
/// its upper edge, then its upper slope, falling through the ranges of kRns with the
/// steepness column of the band above it (the simplification named in the header); where
/// slopes and plateaus overlap, the highest. The slopes of one column never cross, so the
/// highest of them is the one at the smallest position.
torch::Tensor specificLoudness(const torch::Tensor& nm) {
    const auto f64 = torch::TensorOptions().dtype(torch::kFloat64).device(nm.device());
    const int steps = core::dsp::kSpecificLoudnessSteps;
    constexpr double kFar = 1e9; // a position past every slope's end
    auto plateau = torch::zeros({kCriticalBands, steps}, torch::kFloat64);
    auto above = torch::full({kCriticalBands, steps}, kFar, torch::kFloat64);
    for (int i = 0; i < kCriticalBands; ++i) {
        const double lower = i == 0 ? 0.0 : iso::kZup[static_cast<std::size_t>(i - 1)] + 1e-4;
        const double upper = iso::kZup[static_cast<std::size_t>(i)] + 1e-4;
        for (int n = 0; n < steps; ++n) {
            const double z = 0.1 * (n + 1);
            if (z > lower && z <= upper)
                plateau[i][n] = 1.0;
            if (z > upper)
                above[i][n] = z - upper;
        }
    }
    plateau = plateau.to(f64);
    above = above.to(f64);
    auto pattern = nm.matmul(plateau); // [F, 240]
    // Columns 0 … 6 of kUsl serve one band each, column 7 the bands from 7 up.
    constexpr int kShared = 7;
    for (int column = 0; column <= kShared; ++column) {
        const SlopeColumn slope(column);
        const int first = column;
        const int count = column < kShared ? 1 : kCriticalBands - kShared;
        const auto position = slopePosition(nm.narrow(1, first, count), slope).unsqueeze(-1) +
                              above.narrow(0, first, count).unsqueeze(0); // [F, count, 240]
        const auto nearest = std::get<0>(position.min(1));
        pattern = torch::maximum(pattern, slopeLevel(nearest, slope));
    }
    return pattern;
}

} // namespace

LoudnessDescriptors::LoudnessDescriptors(const RaveConfig& config,
                                         const core::dsp::DescriptorRange& range) {
    config.validate();
    const auto dc = latentDescriptorConfig(config);
    m_hop = config.compression();
    m_frameSize = dc.loudnessFrameSize;
    m_dbSplAtUnitRms = dc.dbSplAtUnitRms;
    const int bins = m_frameSize / 2 + 1;
    const core::dsp::ThirdOctaveBank bank(bins, dc.sampleRate / m_frameSize);
    m_bandWeights = torch::zeros({bins, core::dsp::kThirdOctaveBands}, torch::kFloat32);
    for (int b = 0; b < core::dsp::kThirdOctaveBands; ++b) {
        const auto& w = bank.weights(b);
        for (std::size_t i = 0; i < w.size(); ++i)
            if (bank.firstBin(b) + static_cast<int>(i) < bins)
                m_bandWeights[bank.firstBin(b) + static_cast<int64_t>(i)][b] = w[i];
    }
    m_window = torch::hann_window(m_frameSize, torch::kFloat32); // periodic, as core/dsp's
    const double scale = 1.0 / (m_frameSize * m_window.square().sum().item<double>());
    m_sides = torch::full({bins}, 2.0 * scale, torch::kFloat32);
    m_sides.index_put_({0}, scale);
    m_sides.index_put_({bins - 1}, scale);
    std::vector<double> sharp, boom, low;
    for (int n = 0; n < core::dsp::kSpecificLoudnessSteps; ++n) {
        sharp.push_back(core::dsp::sharpnessWeight(n));
        boom.push_back(core::dsp::boomingWeight(n));
        low.push_back(core::dsp::boomingLow(n) ? 1.0 : 0.0);
    }
    m_sharpness = doubles(sharp);
    m_booming = doubles(boom);
    m_boomingLow = doubles(low);
    const auto s = static_cast<std::size_t>(Descriptor::Sharpness);
    const auto b = static_cast<std::size_t>(Descriptor::Boominess);
    m_low = doubles({range.min[s], range.min[b]});
    m_span = doubles({range.max[s] - range.min[s], range.max[b] - range.min[b]});
}

torch::Tensor LoudnessDescriptors::raw(const torch::Tensor& audio) const {
    if (audio.dim() != 2 || audio.size(1) <= 0 || audio.size(1) % m_hop != 0)
        throw std::invalid_argument("loudnessDescriptors: audio must be [B, T] with T a positive "
                                    "multiple of the compression (" +
                                    std::to_string(m_hop) + ")");
    const auto device = audio.device();
    const int n = m_frameSize;
    const int64_t frames = audio.size(1) / m_hop;
    // As latentFrameDescriptors(): frame j centred on sample hop/2 + j·hop, zeros outside.
    const int64_t offset = m_hop / 2;
    const auto x = torch::constant_pad_nd(
        audio.to(torch::kFloat32).narrow(1, offset, audio.size(1) - offset), {n / 2, n / 2});
    const auto framed = x.unfold(1, n, m_hop).narrow(1, 0, frames); // [B, L, n]
    const auto spectrum = torch::fft_rfft(framed * m_window.to(device), n, -1);
    const auto power = torch::view_as_real(spectrum).square().sum(-1) * m_sides.to(device);
    const auto bands =
        power.matmul(m_bandWeights.to(device)).to(torch::kFloat64).flatten(0, 1); // [F, 28]
    const auto levels =
        torch::where(bands > 1e-20, m_dbSplAtUnitRms + 10.0 * torch::log10(bands.clamp_min(1e-20)),
                     torch::full_like(bands, -100.0));
    const auto n01 = 0.1 * specificLoudness(coreLoudness(levels)); // [F, 240]
    const auto total = n01.sum(-1);
    const auto sounding = total.detach() > kSilentLoudness;
    const auto safe = total.clamp_min(kSilentLoudness);
    const auto sharpness = (n01 * m_sharpness.to(device)).sum(-1) / safe;
    const auto booming =
        (n01 * m_booming.to(device)).sum(-1) * (n01 * m_boomingLow.to(device)).sum(-1) / safe;
    const auto zero = torch::zeros_like(total);
    return torch::stack(
               {torch::where(sounding, sharpness, zero), torch::where(sounding, booming, zero)}, 1)
        .view({audio.size(0), frames, kLoudnessDescriptors})
        .transpose(1, 2)
        .to(audio.scalar_type());
}

torch::Tensor LoudnessDescriptors::operator()(const torch::Tensor& audio) const {
    const auto values = raw(audio).to(torch::kFloat64);
    const auto low = m_low.to(audio.device()).view({1, kLoudnessDescriptors, 1});
    const auto span = m_span.to(audio.device()).view({1, kLoudnessDescriptors, 1});
    const auto normalised = 2.0 * (values - low) / span.clamp_min(1e-12) - 1.0;
    return torch::where(span > 0.0, normalised, torch::zeros_like(normalised))
        .to(audio.scalar_type());
}

} // namespace latentrack::models::rave
