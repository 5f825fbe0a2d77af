#include "models/preset/PresetMacros.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/dsp/MelSpectrogram.h"
#include "models/preset/PresetInterpolation.h"

namespace latentrack::models::preset {

namespace fm = core::fm;
using json = nlohmann::json;

std::vector<MacroDimension> sweepMacros(PresetInferencer& inf,
                                        std::span<const fm::DxVoice> sweepFrom,
                                        std::span<const fm::DxVoice> scaleFrom,
                                        const MacroSweepOptions& options) {
    if (sweepFrom.empty())
        throw std::invalid_argument("the macro sweep needs at least one voice to start from");
    if (scaleFrom.size() < 2)
        throw std::invalid_argument("the macro sweep needs at least two voices to measure scales");
    std::vector<torch::Tensor> points;
    for (const auto& v : scaleFrom)
        points.push_back(inf.latentOf(v));
    const auto scale = torch::stack(points).std(0).clamp_min(1e-4);
    const auto dims = static_cast<int>(scale.size(0));

    // moves[d] summed over voices; change[d][k]: descriptor k's (+σ) − (−σ), summed.
    std::vector<double> moves(static_cast<std::size_t>(dims), 0.0);
    std::vector<SoundDescriptors> change(static_cast<std::size_t>(dims), SoundDescriptors{});
    std::vector<SoundDescriptors> seen; // every rendering's descriptors, for their spread
    for (std::size_t v = 0; v < sweepFrom.size(); ++v) {
        const auto z = inf.latentOf(sweepFrom[v]);
        seen.push_back(soundDescriptors(inf.renderer().renderLogMel(sweepFrom[v]), inf.config()));
        for (int d = 0; d < dims; ++d) {
            auto step = torch::zeros_like(z);
            step[d] = scale[d];
            const auto up = inf.renderer().renderLogMel(inf.voiceAt(z + step));
            const auto down = inf.renderer().renderLogMel(inf.voiceAt(z - step));
            const auto i = static_cast<std::size_t>(d);
            moves[i] += core::dsp::logMelDistance(up, down);
            const auto du = soundDescriptors(up, inf.config());
            const auto dd = soundDescriptors(down, inf.config());
            seen.push_back(du);
            seen.push_back(dd);
            for (int k = 0; k < kInterpolationDescriptors; ++k)
                change[i][static_cast<std::size_t>(k)] +=
                    du[static_cast<std::size_t>(k)] - dd[static_cast<std::size_t>(k)];
        }
        if (options.progress)
            options.progress(static_cast<int>(v + 1), static_cast<int>(sweepFrom.size()));
    }
    // Spread of each descriptor over every rendering of the sweep; at least a small fraction of
    // its magnitude, so that a descriptor that never varies is not divided by zero.
    SoundDescriptors spread{};
    for (int k = 0; k < kInterpolationDescriptors; ++k) {
        const auto kk = static_cast<std::size_t>(k);
        double sum = 0.0, sq = 0.0;
        for (const auto& b : seen) {
            sum += b[kk];
            sq += b[kk] * b[kk];
        }
        const double n = static_cast<double>(seen.size());
        const double mean = sum / n;
        spread[kk] = std::max(std::sqrt(std::max(sq / n - mean * mean, 0.0)),
                              std::max(1e-3 * std::abs(mean), 1e-6));
    }
    std::vector<int> order(static_cast<std::size_t>(dims));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&moves](int a, int b) {
        return moves[static_cast<std::size_t>(a)] > moves[static_cast<std::size_t>(b)];
    });
    const double voices = static_cast<double>(sweepFrom.size());
    std::vector<MacroDimension> out;
    for (int r = 0; r < std::min(options.macros, dims); ++r) {
        const auto i = static_cast<std::size_t>(order[static_cast<std::size_t>(r)]);
        MacroDimension m;
        m.dimension = static_cast<int>(i);
        m.scale = scale[static_cast<long>(i)].item<double>();
        m.movesDb = moves[i] / voices;
        int best = 0;
        for (int k = 1; k < kInterpolationDescriptors; ++k)
            if (std::abs(change[i][static_cast<std::size_t>(k)] /
                         spread[static_cast<std::size_t>(k)]) >
                std::abs(change[i][static_cast<std::size_t>(best)] /
                         spread[static_cast<std::size_t>(best)]))
                best = k;
        m.descriptor = interpolationDescriptorName(best);
        m.effect = change[i][static_cast<std::size_t>(best)] /
                   spread[static_cast<std::size_t>(best)] / voices;
        out.push_back(m);
    }
    return out;
}

json macrosJson(const std::vector<MacroDimension>& macros) {
    json list = json::array();
    for (const auto& m : macros)
        list.push_back({{"dimension", m.dimension},
                        {"scale", m.scale},
                        {"movesDb", m.movesDb},
                        {"descriptor", m.descriptor},
                        {"effect", m.effect}});
    return list;
}

std::vector<MacroDimension> macrosFromJson(const json& j, int latentSize) {
    if (!j.is_array())
        throw std::invalid_argument("\"macros\" must be a list");
    std::vector<MacroDimension> out;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string where = "macro " + std::to_string(i + 1);
        const json& e = j[i];
        if (!e.is_object() || !e.contains("dimension") || !e["dimension"].is_number_integer() ||
            !e.contains("scale") || !e["scale"].is_number())
            throw std::invalid_argument(where + " needs an integer \"dimension\" and a \"scale\"");
        MacroDimension m;
        m.dimension = e["dimension"].get<int>();
        m.scale = e["scale"].get<double>();
        if (m.dimension < 0 || m.dimension >= latentSize)
            throw std::invalid_argument(where + ": dimension " + std::to_string(m.dimension) +
                                        " is outside the model's " + std::to_string(latentSize) +
                                        " latent dimensions");
        if (!std::isfinite(m.scale) || m.scale <= 0.0)
            throw std::invalid_argument(where + ": the scale must be a positive number");
        m.movesDb = e.value("movesDb", 0.0);
        m.descriptor = e.value("descriptor", std::string());
        m.effect = e.value("effect", 0.0);
        out.push_back(m);
    }
    return out;
}

torch::Tensor macroLatent(const torch::Tensor& base, const std::vector<MacroDimension>& macros,
                          std::span<const float> positions) {
    auto z = base.clone();
    const auto n = std::min(macros.size(), positions.size());
    for (std::size_t i = 0; i < n; ++i)
        z[macros[i].dimension] += static_cast<double>(positions[i]) * kMacroReach * macros[i].scale;
    return z;
}

std::string macroLabel(const MacroDimension& m) {
    if (m.descriptor.empty())
        return "latent " + std::to_string(m.dimension + 1);
    std::string words; // "temporalCentroid" → "temporal centroid"
    for (char c : m.descriptor) {
        if (c >= 'A' && c <= 'Z') {
            words += ' ';
            c = static_cast<char>(c - 'A' + 'a');
        }
        words += c;
    }
    return words + (m.effect >= 0.0 ? " \u2191" : " \u2193");
}

} // namespace latentrack::models::preset
