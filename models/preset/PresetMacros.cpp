#include "models/preset/PresetMacros.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/dsp/Correlation.h"
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

    // moves[d] summed over voices; change[v][d][k]: descriptor k's (+σ) − (−σ) around voice v.
    std::vector<double> moves(static_cast<std::size_t>(dims), 0.0);
    std::vector<std::vector<SoundDescriptors>> change(sweepFrom.size());
    std::vector<SoundDescriptors> seen; // every rendering's descriptors, for their spread
    for (std::size_t v = 0; v < sweepFrom.size(); ++v) {
        const auto z = inf.latentOf(sweepFrom[v]);
        seen.push_back(soundDescriptors(inf.renderer().renderLogMel(sweepFrom[v]), inf.config()));
        change[v].resize(static_cast<std::size_t>(dims));
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
            for (std::size_t k = 0; k < du.size(); ++k)
                change[v][i][k] = du[k] - dd[k];
        }
        if (options.progress)
            options.progress(static_cast<int>(v + 1), static_cast<int>(sweepFrom.size()));
    }
    // Spread of each descriptor over every rendering of the sweep; at least a small fraction of
    // its magnitude, so that a descriptor that never varies is not divided by zero.
    SoundDescriptors spread{};
    for (std::size_t k = 0; k < spread.size(); ++k) {
        double sum = 0.0, sq = 0.0;
        for (const auto& b : seen) {
            sum += b[k];
            sq += b[k] * b[k];
        }
        const double n = static_cast<double>(seen.size());
        const double mean = sum / n;
        spread[k] = std::max(std::sqrt(std::max(sq / n - mean * mean, 0.0)),
                             std::max(1e-3 * std::abs(mean), 1e-6));
    }
    // Each dimension's most reliable effect: the descriptor whose mean change (in spreads),
    // weighted by how much more often than chance the voices agree on its sign, is largest.
    const double voices = static_cast<double>(sweepFrom.size());
    std::vector<MacroDimension> all(static_cast<std::size_t>(dims));
    std::vector<double> score(static_cast<std::size_t>(dims), -1.0);
    for (std::size_t i = 0; i < all.size(); ++i) {
        auto& m = all[i];
        m.dimension = static_cast<int>(i);
        m.scale = scale[static_cast<long>(i)].item<double>();
        m.movesDb = moves[i] / voices;
        for (std::size_t k = 0; k < spread.size(); ++k) {
            double mean = 0.0;
            for (const auto& c : change)
                mean += c[i][k] / spread[k] / voices;
            double agree = 0.0;
            for (const auto& c : change)
                agree += c[i][k] * mean > 0.0 ? 1.0 / voices : 0.0;
            const double s = std::abs(mean) * std::max(0.0, 2.0 * agree - 1.0);
            if (s > score[i]) {
                score[i] = s;
                m.descriptor = interpolationDescriptorName(static_cast<int>(k));
                m.effect = mean;
                m.agreement = agree;
            }
        }
    }
    std::vector<std::size_t> order(all.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&score](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    // Best first, at most kMacrosPerDescriptor knobs for one descriptor while others are left.
    std::vector<MacroDimension> out;
    std::vector<bool> taken(all.size(), false);
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i : order) {
            if (static_cast<int>(out.size()) >= options.macros)
                break;
            const auto same = std::count_if(out.begin(), out.end(), [&](const MacroDimension& m) {
                return m.descriptor == all[i].descriptor;
            });
            if (!taken[i] && (pass == 1 || same < kMacrosPerDescriptor)) {
                taken[i] = true;
                out.push_back(all[i]);
            }
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
                        {"effect", m.effect},
                        {"agreement", m.agreement}});
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
        m.agreement = e.value("agreement", 0.0);
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

VoiceMacros::VoiceMacros(PresetInferencer& inf, const fm::DxVoice& base,
                         std::vector<MacroDimension> macros)
    : m_macros(std::move(macros)), m_z(inf.latentOf(base)) {}

fm::DxVoice VoiceMacros::voiceAt(PresetInferencer& inf, std::span<const float> positions,
                                 const std::string& name) const {
    return inf.voiceAt(macroLatent(m_z, m_macros, positions), name);
}

std::vector<MacroKnobCheck> checkMacros(PresetInferencer& inf,
                                        const std::vector<MacroDimension>& macros,
                                        std::span<const fm::DxVoice> voices, int positions) {
    if (voices.empty())
        throw std::invalid_argument("the macro check needs at least one voice");
    if (positions < 3)
        throw std::invalid_argument("the macro check needs at least 3 knob positions");
    for (std::size_t m = 0; m < macros.size(); ++m)
        if (interpolationDescriptorIndex(macros[m].descriptor) < 0)
            throw std::invalid_argument("macro " + std::to_string(m + 1) +
                                        " has no descriptor label to check (\"" +
                                        macros[m].descriptor + "\")");
    constexpr std::size_t kLevel = 4; // soundDescriptors' level (dB)
    std::vector<MacroKnobCheck> out(macros.size());
    std::vector<double> at(static_cast<std::size_t>(positions));
    for (int i = 0; i < positions; ++i)
        at[static_cast<std::size_t>(i)] = -1.0 + 2.0 * i / (positions - 1);
    for (const auto& voice : voices) {
        const VoiceMacros knobs(inf, voice, macros);
        const double baseLevel =
            soundDescriptors(inf.renderer().renderLogMel(voice), inf.config())[kLevel];
        for (std::size_t m = 0; m < macros.size(); ++m) {
            const auto k =
                static_cast<std::size_t>(interpolationDescriptorIndex(macros[m].descriptor));
            const double sign = macros[m].effect >= 0.0 ? 1.0 : -1.0;
            std::vector<double> values;
            core::dsp::LogMel first, last; // the renderings at −1 and +1
            int dropouts = 0;
            for (double p : at) {
                std::vector<float> knob(macros.size(), 0.0f);
                knob[m] = static_cast<float>(p);
                last = inf.renderer().renderLogMel(knobs.voiceAt(inf, knob, "CHECK"));
                if (values.empty())
                    first = last;
                const auto d = soundDescriptors(last, inf.config());
                values.push_back(d[k]);
                dropouts += d[kLevel] <= baseLevel - 20.0 ? 1 : 0;
            }
            auto& c = out[m];
            c.labelHolds += (values.back() - values.front()) * sign > 0.0 ? 1.0 : 0.0;
            c.rankCorrelation += sign * core::dsp::spearman(at, values);
            c.movesDb += core::dsp::logMelDistance(first, last);
            c.dropoutShare += static_cast<double>(dropouts) / positions;
        }
    }
    const double n = static_cast<double>(voices.size());
    for (auto& c : out) {
        c.labelHolds /= n;
        c.rankCorrelation /= n;
        c.movesDb /= n;
        c.dropoutShare /= n;
    }
    return out;
}

json macroChecksJson(const std::vector<MacroKnobCheck>& checks, int voices, int positions) {
    json knobs = json::array();
    MacroKnobCheck mean;
    for (const auto& c : checks) {
        knobs.push_back({{"labelHolds", c.labelHolds},
                         {"rankCorrelation", c.rankCorrelation},
                         {"movesDb", c.movesDb},
                         {"dropoutShare", c.dropoutShare}});
        mean.labelHolds += c.labelHolds;
        mean.rankCorrelation += c.rankCorrelation;
        mean.movesDb += c.movesDb;
        mean.dropoutShare += c.dropoutShare;
    }
    const double n = std::max<double>(1.0, static_cast<double>(checks.size()));
    return {{"voices", voices},
            {"positions", positions},
            {"knobs", knobs},
            {"labelHolds", mean.labelHolds / n},
            {"rankCorrelation", mean.rankCorrelation / n},
            {"movesDb", mean.movesDb / n},
            {"dropoutShare", mean.dropoutShare / n}};
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
