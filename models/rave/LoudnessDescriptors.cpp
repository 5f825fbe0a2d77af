#include "models/rave/LoudnessDescriptors.h"

#include <array>
#include <cmath>
#include <stdexcept>

#include "core/dsp/ZwickerLoudness.h"
#include "core/dsp/ZwickerTables.h"
#include "models/rave/RaveData.h"
#include "models/rave/SpectralDescriptors.h"

namespace latentrack::models::rave {

namespace {

namespace iso = core::dsp::iso532;
using core::dsp::Descriptor;
constexpr int kCriticalBands = 21;   ///< the 20 of ISO 532-1 and a 21st of zero core loudness
constexpr int kLowThirdOctaves = 11; ///< 25 … 250 Hz, corrected and summed into 3 bands
constexpr int kRanges = static_cast<int>(iso::kRns.size()); ///< 18
constexpr int kColumns = 8; ///< of kUsl: 0 … 6 serve one band each, 7 the bands from 7 up
constexpr double kSilentLoudness = 1e-9; ///< the analyzer's threshold (sone)

torch::Tensor doubles(const std::vector<double>& v) {
    return torch::tensor(v, torch::kFloat64);
}

/// The upper slope of ISO 532-1's specific-loudness pattern as a function of position, for
/// one steepness column of kUsl: the level falls from kRns[0] at position 0 (Bark) through the
/// ranges of kRns, at steepness kUsl[k][column] in range k, to 0. Levels above kRns[0] lie at
/// negative positions (steepness kUsl[0]).
struct SlopeColumn {
    std::vector<double> steep; ///< [18] kUsl[k][column]
    torch::Tensor knots;       ///< [18] position of level kRns[k]
    /// Per segment s (0 … 18, s = the number of knots at or before a position): the level
    /// and position it starts from and its steepness (segment 18: past the end, level 0).
    torch::Tensor baseLevel, basePosition, baseSteep;

    explicit SlopeColumn(int column) {
        std::vector<double> at{0.0};
        for (int k = 0; k < kRanges; ++k) {
            steep.push_back(iso::kUsl[k][column]);
            if (k + 1 < kRanges)
                at.push_back(at.back() + (iso::kRns[static_cast<std::size_t>(k)] -
                                          iso::kRns[static_cast<std::size_t>(k + 1)]) /
                                             iso::kUsl[k + 1][column]);
        }
        std::vector<double> level{iso::kRns[0]}, position{0.0}, s{steep[0]};
        for (int k = 1; k < kRanges; ++k) {
            level.push_back(iso::kRns[static_cast<std::size_t>(k - 1)]);
            position.push_back(at[static_cast<std::size_t>(k - 1)]);
            s.push_back(steep[static_cast<std::size_t>(k)]);
        }
        level.push_back(0.0);
        position.push_back(at.back());
        s.push_back(0.0);
        knots = doubles(at);
        baseLevel = doubles(level);
        basePosition = doubles(position);
        baseSteep = doubles(s);
    }

    /// Position P(nm) [..] on this slope of the level `nm` [..] (sone/Bark, ≥ 0).
    torch::Tensor position(const torch::Tensor& nm) const {
        auto p = -torch::relu(nm - iso::kRns[0]) / steep[0];
        for (int k = 1; k < kRanges; ++k) {
            const double high = iso::kRns[static_cast<std::size_t>(k - 1)];
            const double span = high - iso::kRns[static_cast<std::size_t>(k)];
            p = p + (high - nm).clamp(0.0, span) / steep[static_cast<std::size_t>(k)];
        }
        return p;
    }

    /// Level N(p) [..] at positions `p` [..] on this slope (0 past its end).
    torch::Tensor level(const torch::Tensor& p) const {
        const auto segment = torch::searchsorted(knots, p.detach().contiguous(), false, true);
        return (baseLevel.index({segment}) -
                baseSteep.index({segment}) * (p - basePosition.index({segment})))
            .clamp_min(0.0);
    }
};

} // namespace

/// Everything operator() needs that depends on the config alone (CPU, float64 unless named).
struct LoudnessDescriptors::Tables {
    torch::Tensor bandWeights; ///< [bins, 28] float32 third-octave power weights (ThirdOctaveBank)
    torch::Tensor lowThreshold; ///< [7, 11] kRap − kDll: the ranges of the low-frequency correction
    torch::Tensor lowReduction; ///< [11, 8] kDll per band and range
    torch::Tensor lowGroups;    ///< [11, 3] which of the first three critical bands each joins
    torch::Tensor a0, ltq, dcb; ///< [20] the ear's transmission, threshold, band conversion
    torch::Tensor plateau;      ///< [21, 240] 1 where step n lies in band i
    torch::Tensor above; ///< [21, 240] Bark from band i's upper edge up to step n (far below)
    std::vector<SlopeColumn> columns;             ///< [8]
    torch::Tensor sharpness, booming, boomingLow; ///< [240] the descriptors' step weights

    explicit Tables(const core::dsp::DescriptorConfig& dc) {
        const int bins = dc.loudnessFrameSize / 2 + 1;
        const core::dsp::ThirdOctaveBank bank(bins, dc.sampleRate / dc.loudnessFrameSize);
        std::vector<float> weights(static_cast<std::size_t>(bins * core::dsp::kThirdOctaveBands));
        for (int b = 0; b < core::dsp::kThirdOctaveBands; ++b) {
            const auto& w = bank.weights(b);
            for (std::size_t i = 0; i < w.size(); ++i) {
                const auto k = static_cast<std::size_t>(bank.firstBin(b)) + i;
                if (k < static_cast<std::size_t>(bins))
                    weights[k * core::dsp::kThirdOctaveBands + static_cast<std::size_t>(b)] = w[i];
            }
        }
        bandWeights = torch::tensor(weights).view({bins, core::dsp::kThirdOctaveBands});

        std::vector<double> thresholds, reductions, groups(kLowThirdOctaves * 3, 0.0);
        for (int j = 0; j < 8; ++j)
            for (int i = 0; i < kLowThirdOctaves; ++i) {
                if (j < 7)
                    thresholds.push_back(iso::kRap[static_cast<std::size_t>(j)] - iso::kDll[j][i]);
                reductions.push_back(iso::kDll[j][i]);
            }
        for (int i = 0; i < kLowThirdOctaves; ++i)
            groups[static_cast<std::size_t>(3 * i + (i < 6 ? 0 : (i < 9 ? 1 : 2)))] = 1.0;
        lowThreshold = doubles(thresholds).view({7, kLowThirdOctaves});
        lowReduction = doubles(reductions).view({8, kLowThirdOctaves}).t().contiguous();
        lowGroups = doubles(groups).view({kLowThirdOctaves, 3});
        a0 = doubles({iso::kA0.begin(), iso::kA0.end()});
        ltq = doubles({iso::kLtq.begin(), iso::kLtq.end()});
        dcb = doubles({iso::kDcb.begin(), iso::kDcb.end()});

        const int steps = core::dsp::kSpecificLoudnessSteps;
        constexpr double kFar = 1e9; // a position past every slope's end
        std::vector<double> inBand(static_cast<std::size_t>(kCriticalBands * steps), 0.0);
        std::vector<double> up(inBand.size(), kFar);
        for (int i = 0; i < kCriticalBands; ++i) {
            const double lower = i == 0 ? 0.0 : iso::kZup[static_cast<std::size_t>(i - 1)] + 1e-4;
            const double upper = iso::kZup[static_cast<std::size_t>(i)] + 1e-4;
            for (int n = 0; n < steps; ++n) {
                const double z = 0.1 * (n + 1);
                const auto at = static_cast<std::size_t>(i * steps + n);
                if (z > lower && z <= upper)
                    inBand[at] = 1.0;
                if (z > upper)
                    up[at] = z - upper;
            }
        }
        plateau = doubles(inBand).view({kCriticalBands, steps});
        above = doubles(up).view({kCriticalBands, steps});
        for (int column = 0; column < kColumns; ++column)
            columns.emplace_back(column);

        std::vector<double> sharp, boom, low;
        for (int n = 0; n < steps; ++n) {
            sharp.push_back(core::dsp::sharpnessWeight(n));
            boom.push_back(core::dsp::boomingWeight(n));
            low.push_back(core::dsp::boomingLow(n) ? 1.0 : 0.0);
        }
        sharpness = doubles(sharp);
        booming = doubles(boom);
        boomingLow = doubles(low);
    }

    /// Core loudness [F, 21] (sone/Bark) of third-octave levels `lt` [F, 28] (dB SPL, free
    /// field, float64 on the CPU), as coreLoudness() in core/dsp/ZwickerLoudness.cpp; the range
    /// of the low-frequency correction and the threshold test are taken on the detached levels.
    torch::Tensor coreLoudness(const torch::Tensor& lt) const {
        // Bands 25 … 250 Hz: lowered along the equal-loudness contours, summed into three.
        const auto low = lt.narrow(1, 0, kLowThirdOctaves).clamp_max(120.0);
        const auto range = (low.detach().unsqueeze(1) > lowThreshold.unsqueeze(0)).sum(1);
        const auto lowered = low + lowReduction.unsqueeze(0)
                                       .expand({low.size(0), -1, -1})
                                       .gather(2, range.unsqueeze(-1))
                                       .squeeze(-1);
        const auto gi = torch::pow(10.0, lowered / 10.0).matmul(lowGroups);       // [F, 3]
        auto le = torch::cat({10.0 * torch::log10(gi), lt.narrow(1, 11, 17)}, 1); // [F, 20]
        le = le - a0;
        const auto audible = le.detach() > ltq;
        le = le - dcb;
        constexpr double s = 0.25;
        const auto mp1 = 0.0635 * torch::pow(10.0, 0.025 * ltq);
        const auto mp2 = torch::pow(1.0 - s + s * torch::pow(10.0, 0.1 * (le - ltq)), 0.25) - 1.0;
        auto nm = torch::where(audible, torch::relu(mp1 * mp2), torch::zeros_like(le));
        // The threshold varies within the lowest critical band.
        const auto first = nm.narrow(1, 0, 1);
        const auto korry = 0.4 + 0.32 * first.clamp_min(1e-12).pow(0.2);
        nm = torch::cat({torch::where(korry <= 1.0, first * korry, first), nm.narrow(1, 1, 19)}, 1);
        return torch::cat({nm, torch::zeros({nm.size(0), 1}, nm.options())}, 1);
    }

    /// Specific loudness N'(z) [F, 240] of core loudness `nm` [F, 21]: each band's plateau up
    /// to its upper edge, then its upper slope, falling through the ranges of kRns with the
    /// steepness column of the band above it (the simplification named in the header); where
    /// slopes and plateaus overlap, the highest. The slopes of one column never cross, so the
    /// highest of them is the one at the smallest position.
    torch::Tensor specificLoudness(const torch::Tensor& nm) const {
        auto pattern = nm.matmul(plateau); // [F, 240]
        for (int column = 0; column < kColumns; ++column) {
            const auto& slope = columns[static_cast<std::size_t>(column)];
            const int count = column < kColumns - 1 ? 1 : kCriticalBands - column;
            const auto position = slope.position(nm.narrow(1, column, count)).unsqueeze(-1) +
                                  above.narrow(0, column, count).unsqueeze(0); // [F, count, 240]
            pattern = torch::maximum(pattern, slope.level(std::get<0>(position.min(1))));
        }
        return pattern;
    }
};

LoudnessDescriptors::LoudnessDescriptors(const RaveConfig& config,
                                         const core::dsp::DescriptorRange& range)
    : m_config(config), m_range(range) {
    config.validate();
    m_tables = std::make_shared<const Tables>(latentDescriptorConfig(config));
}

torch::Tensor LoudnessDescriptors::raw(const torch::Tensor& audio) const {
    const auto dc = latentDescriptorConfig(m_config);
    const auto& t = *m_tables;
    // Levels and loudness in float64 on the CPU: small ([B·L, 28] and after), and 120 dB is
    // 10^12 in intensity.
    const auto power = framePower(latentFrames(audio.to(torch::kFloat32), m_config,
                                               dc.loudnessFrameSize)); // [B, L, bins]
    const auto frames = power.size(1);
    const auto bands = power.matmul(t.bandWeights.to(power.device()))
                           .to(torch::kCPU, torch::kFloat64)
                           .flatten(0, 1); // [F, 28]
    const auto levels =
        torch::where(bands > 1e-20, dc.dbSplAtUnitRms + 10.0 * torch::log10(bands.clamp_min(1e-20)),
                     torch::full_like(bands, -100.0));
    const auto n01 = 0.1 * t.specificLoudness(t.coreLoudness(levels)); // [F, 240]
    const auto total = n01.sum(-1);
    const auto sounding = total.detach() > kSilentLoudness;
    const auto safe = total.clamp_min(kSilentLoudness);
    const auto sharpness = (n01 * t.sharpness).sum(-1) / safe;
    const auto booming = (n01 * t.booming).sum(-1) * (n01 * t.boomingLow).sum(-1) / safe;
    const auto zero = torch::zeros_like(total);
    return torch::stack(
               {torch::where(sounding, sharpness, zero), torch::where(sounding, booming, zero)}, 1)
        .view({audio.size(0), frames, kLoudnessDescriptors})
        .transpose(1, 2)
        .to(audio.device(), audio.scalar_type());
}

torch::Tensor LoudnessDescriptors::operator()(const torch::Tensor& audio) const {
    return normaliseDescriptors(raw(audio).to(torch::kFloat64), m_range,
                                static_cast<int>(Descriptor::Sharpness))
        .to(audio.scalar_type());
}

} // namespace latentrack::models::rave
