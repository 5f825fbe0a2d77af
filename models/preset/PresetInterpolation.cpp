#include "models/preset/PresetInterpolation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/dsp/SignTest.h"
#include "models/preset/PresetRepresentation.h"

namespace latentrack::models::preset {

namespace fm = core::fm;
using json = nlohmann::json;

const char* interpolationDescriptorName(int d) {
    static const char* names[kInterpolationDescriptors] = {
        "centroid", "bandwidth", "flatness", "rolloff", "level", "attack", "temporalCentroid"};
    return names[std::clamp(d, 0, kInterpolationDescriptors - 1)];
}

int interpolationDescriptorIndex(const std::string& name) {
    for (int d = 0; d < kInterpolationDescriptors; ++d)
        if (name == interpolationDescriptorName(d))
            return d;
    return -1;
}

SoundDescriptors soundDescriptors(const core::dsp::LogMel& mel, const PresetConfig& c) {
    // Band centres on the HTK mel scale, as MelSpectrogram lays them out.
    const double lo = 2595.0 * std::log10(1.0 + c.minHz / 700.0);
    const double hi = 2595.0 * std::log10(1.0 + c.maxHz / 700.0);
    std::vector<double> hz(static_cast<std::size_t>(mel.mels));
    for (int m = 0; m < mel.mels; ++m)
        hz[static_cast<std::size_t>(m)] =
            700.0 * (std::pow(10.0, (lo + (hi - lo) * (m + 1) / (mel.mels + 1)) / 2595.0) - 1.0);
    SoundDescriptors d{};
    double total = 0.0, peak = 0.0, tc = 0.0;
    std::vector<double> framePower(static_cast<std::size_t>(mel.frames));
    const double hop = static_cast<double>(c.hop) / c.sampleRate;
    for (int t = 0; t < mel.frames; ++t) {
        double p = 0.0, cen = 0.0, logSum = 0.0;
        std::vector<double> band(static_cast<std::size_t>(mel.mels));
        for (int m = 0; m < mel.mels; ++m) {
            const double x = std::pow(10.0, mel.at(t, m) / 10.0);
            band[static_cast<std::size_t>(m)] = x;
            p += x;
            cen += x * hz[static_cast<std::size_t>(m)];
            logSum += std::log(std::max(x, 1e-30));
        }
        framePower[static_cast<std::size_t>(t)] = p;
        if (p <= 0.0)
            continue;
        cen /= p;
        double bw = 0.0, cum = 0.0, roll = hz.back();
        for (int m = 0; m < mel.mels; ++m) {
            const double x = band[static_cast<std::size_t>(m)];
            bw += x * std::pow(hz[static_cast<std::size_t>(m)] - cen, 2.0);
            cum += x;
            if (cum >= 0.85 * p && roll == hz.back())
                roll = hz[static_cast<std::size_t>(m)];
        }
        const double flat = std::exp(logSum / mel.mels) / (p / mel.mels);
        d[0] += p * cen;
        d[1] += p * std::sqrt(bw / p);
        d[2] += p * flat;
        d[3] += p * roll;
        total += p;
        tc += p * t * hop;
        peak = std::max(peak, p);
    }
    if (total <= 0.0)
        return d;
    for (int k = 0; k < 4; ++k)
        d[static_cast<std::size_t>(k)] /= total;
    d[4] = 10.0 * std::log10(total / mel.frames);
    int attack = 0;
    while (attack < mel.frames && framePower[static_cast<std::size_t>(attack)] < 0.9 * peak)
        ++attack;
    d[5] = attack * hop;
    d[6] = tc / total;
    return d;
}

namespace {

/// Least-squares monotone non-decreasing fit of y, in place (pool adjacent violators).
void isotonicIncreasing(std::vector<double>& y) {
    std::vector<double> value, weight;
    std::vector<std::size_t> length;
    for (double x : y) {
        value.push_back(x);
        weight.push_back(1.0);
        length.push_back(1);
        while (value.size() > 1 && value[value.size() - 2] > value.back()) {
            const auto k = value.size() - 1;
            const double w = weight[k - 1] + weight[k];
            value[k - 1] = (value[k - 1] * weight[k - 1] + value[k] * weight[k]) / w;
            weight[k - 1] = w;
            length[k - 1] += length[k];
            value.pop_back();
            weight.pop_back();
            length.pop_back();
        }
    }
    std::size_t at = 0;
    for (std::size_t k = 0; k < value.size(); ++k)
        for (std::size_t i = 0; i < length[k]; ++i)
            y[at++] = value[k];
}

/// The row at position u ∈ [0, 1] of evenly spaced grid rows [G, D], linear between the two
/// nearest.
torch::Tensor gridRowAt(const torch::Tensor& rows, double u) {
    const auto last = rows.size(0) - 1;
    const double x = std::clamp(u, 0.0, 1.0) * static_cast<double>(last);
    const auto i = std::min(static_cast<int64_t>(x), last - 1);
    const double f = x - static_cast<double>(i);
    return rows[i] * (1.0 - f) + rows[i + 1] * f;
}

} // namespace

const char* latentPathKindName(LatentPathKind kind) {
    switch (kind) {
    case LatentPathKind::EvenPace:
        return "evenPace";
    case LatentPathKind::Sound:
        return "sound";
    case LatentPathKind::SoundBoxed:
        return "soundBoxed";
    case LatentPathKind::SoundUnbounded:
        return "soundUnbounded";
    case LatentPathKind::FlowInverse:
        break;
    }
    return "flowInverse";
}

LatentPath::LatentPath(PresetInferencer& inf, const fm::DxVoice& a, const fm::DxVoice& b,
                       LatentPathKind kind)
    : m_kind(kind), m_a(a), m_b(b) {
    torch::NoGradGuard g;
    if (kind == LatentPathKind::EvenPace) {
        std::vector<fm::DxVoice> grid;
        for (int k = 0; k < kMonotoneGrid; ++k)
            grid.push_back(naiveVoiceAt(a, b, static_cast<double>(k) / (kMonotoneGrid - 1)));
        m_pace = latentPace(inf, grid, &m_grid);
        return;
    }
    if (kind == LatentPathKind::FlowInverse) {
        m_za = inf.latentOf(a);
        m_zb = inf.latentOf(b);
        m_ra = torch::zeros_like(m_za);
        m_rb = torch::zeros_like(m_zb);
        return;
    }
    if (kind != LatentPathKind::SoundUnbounded) {
        const auto& rep = PresetRepresentation::shared();
        const auto ta = torch::tensor(rep.oneHot(a));
        const auto tb = torch::tensor(rep.oneHot(b));
        const auto n = rep.numericCount();
        // Numeric values: between A's and B's. Logits: A's and B's classes free, every other
        // class pinned far below them.
        const auto allowed = (ta + tb).narrow(0, n, ta.size(0) - n) > 0.5;
        const float unbounded = std::numeric_limits<float>::infinity();
        const auto pinned = torch::full(allowed.sizes(), -1e9f);
        m_lo = torch::cat({torch::minimum(ta, tb).narrow(0, 0, n),
                           torch::where(allowed, torch::full_like(pinned, -unbounded), pinned)});
        m_hi = torch::cat({torch::maximum(ta, tb).narrow(0, 0, n),
                           torch::where(allowed, torch::full_like(pinned, unbounded), pinned)});
    }
    const auto pa = inf.placeOf(a);
    const auto pb = inf.placeOf(b);
    m_za = pa.z;
    m_zb = pb.z;
    m_ra = pa.residual;
    m_rb = pb.residual;
    if (kind == LatentPathKind::Sound)
        makeMonotone(inf, a, b);
}

void LatentPath::makeMonotone(PresetInferencer& inf, const fm::DxVoice& a, const fm::DxVoice& b) {
    std::vector<torch::Tensor> rows;
    for (int g = 0; g < kMonotoneGrid; ++g)
        rows.push_back(boxedVector(inf, static_cast<double>(g) / (kMonotoneGrid - 1)));
    auto profile = torch::stack(rows).to(torch::kFloat64).contiguous(); // [G, D]
    auto p = profile.accessor<double, 2>();
    const auto& rep = PresetRepresentation::shared();
    // The ends' numeric values (0 … 1) and classes.
    std::vector<float> na(static_cast<std::size_t>(rep.numericCount()));
    std::vector<float> nb(na.size());
    std::vector<std::int64_t> ca(static_cast<std::size_t>(rep.categoricalCount()));
    std::vector<std::int64_t> cb(ca.size());
    rep.encode(a, na, ca);
    rep.encode(b, nb, cb);
    std::vector<double> column(kMonotoneGrid);
    // Numeric: each parameter's course made monotone from A's value to B's (least squares).
    for (int j = 0; j < rep.numericCount(); ++j) {
        const double sign =
            nb[static_cast<std::size_t>(j)] >= na[static_cast<std::size_t>(j)] ? 1.0 : -1.0;
        for (int g = 0; g < kMonotoneGrid; ++g)
            column[static_cast<std::size_t>(g)] = sign * p[g][j];
        isotonicIncreasing(column);
        for (int g = 0; g < kMonotoneGrid; ++g)
            p[g][j] = sign * column[static_cast<std::size_t>(g)];
    }
    // Categorical: one switch from A's class to B's, where the model's preference for B's,
    // made monotone, passes one half.
    for (std::size_t c = 0; c < ca.size(); ++c) {
        if (ca[c] == cb[c])
            continue;
        const auto ia = rep.categorical()[c].offset + ca[c];
        const auto ib = rep.categorical()[c].offset + cb[c];
        for (int g = 0; g < kMonotoneGrid; ++g)
            column[static_cast<std::size_t>(g)] = p[g][ib] > p[g][ia] ? 1.0 : 0.0;
        isotonicIncreasing(column);
        for (int g = 0; g < kMonotoneGrid; ++g) {
            const bool toB = column[static_cast<std::size_t>(g)] >= 0.5;
            p[g][ia] = toB ? 0.0 : 1.0;
            p[g][ib] = toB ? 1.0 : 0.0;
        }
    }
    m_profile = profile.to(torch::kFloat32);
}

torch::Tensor LatentPath::boxedVector(PresetInferencer& inf, double t) const {
    auto v = inf.regress(latentAt(t)) + m_ra * (1.0 - t) + m_rb * t;
    if (m_lo.defined())
        v = torch::maximum(torch::minimum(v, m_hi), m_lo);
    return v;
}

torch::Tensor LatentPath::latentAt(double t) const {
    t = std::clamp(t, 0.0, 1.0);
    if (m_grid.defined())
        return gridRowAt(m_grid, positionAtPace(m_pace, t));
    return m_za * (1.0 - t) + m_zb * t;
}

fm::DxVoice LatentPath::voiceAt(PresetInferencer& inf, double t, const std::string& name) const {
    torch::NoGradGuard g;
    t = std::clamp(t, 0.0, 1.0);
    if (m_kind == LatentPathKind::EvenPace) {
        auto v = naiveVoiceAt(m_a, m_b, positionAtPace(m_pace, t));
        v.setName(name);
        return v;
    }
    const auto v =
        (m_profile.defined() ? gridRowAt(m_profile, t) : boxedVector(inf, t)).contiguous();
    return PresetRepresentation::shared().decode(
        {v.data_ptr<float>(), static_cast<std::size_t>(v.numel())}, name);
}

std::vector<fm::DxVoice> LatentPath::steps(PresetInferencer& inf, int steps) const {
    std::vector<fm::DxVoice> out;
    for (int i = 0; i < steps; ++i)
        out.push_back(voiceAt(inf, static_cast<double>(i) / std::max(1, steps - 1),
                              "MORPH " + std::to_string(i + 1)));
    return out;
}

std::vector<double> latentPace(PresetInferencer& inf, const std::vector<fm::DxVoice>& voices,
                               torch::Tensor* latents) {
    torch::NoGradGuard g;
    std::vector<double> pace(voices.size(), 0.0);
    std::vector<torch::Tensor> z;
    for (std::size_t i = 0; i < voices.size(); ++i) {
        z.push_back(inf.encode(inf.renderer().renderLogMel(voices[i])));
        if (i > 0)
            pace[i] = pace[i - 1] + (z[i] - z[i - 1]).norm().item<double>();
    }
    if (latents != nullptr && !z.empty())
        *latents = torch::stack(z);
    const double total = pace.empty() ? 0.0 : pace.back();
    for (std::size_t i = 0; i < pace.size(); ++i)
        pace[i] = total > 0.0 ? pace[i] / total
                              : static_cast<double>(i) / std::max<std::size_t>(1, pace.size() - 1);
    return pace;
}

double positionAtPace(const std::vector<double>& pace, double t) {
    const auto n = pace.size();
    if (n < 2 || t <= 0.0 || t >= 1.0) // the ends are the ends, even where the sound stands still
        return std::clamp(t, 0.0, 1.0);
    // The first segment that reaches t; inside it, linear.
    const auto it = std::lower_bound(pace.begin() + 1, pace.end(), t);
    const auto k = static_cast<std::size_t>(std::min(it, pace.end() - 1) - pace.begin());
    const double span = pace[k] - pace[k - 1];
    const double f = span > 0.0 ? std::clamp((t - pace[k - 1]) / span, 0.0, 1.0) : 0.0;
    return (static_cast<double>(k - 1) + f) / static_cast<double>(n - 1);
}

std::vector<fm::DxVoice> latentInterpolation(PresetInferencer& inf, const fm::DxVoice& a,
                                             const fm::DxVoice& b, int steps, LatentPathKind kind) {
    return LatentPath(inf, a, b, kind).steps(inf, steps);
}

fm::DxVoice naiveVoiceAt(const fm::DxVoice& a, const fm::DxVoice& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    fm::DxVoice v = t < 0.5 ? a : b;
    for (int p : PresetRepresentation::shared().numeric()) {
        const auto k = static_cast<std::size_t>(p);
        v.params[k] = static_cast<std::uint8_t>(
            std::lround((1.0 - t) * a.params[k] + t * static_cast<double>(b.params[k])));
    }
    return v;
}

std::vector<fm::DxVoice> naiveInterpolation(const fm::DxVoice& a, const fm::DxVoice& b, int steps) {
    std::vector<fm::DxVoice> out;
    for (int i = 0; i < steps; ++i) {
        auto v = naiveVoiceAt(a, b, static_cast<double>(i) / (steps - 1));
        v.setName("NAIVE " + std::to_string(i + 1));
        out.push_back(v);
    }
    return out;
}

namespace {

/// RMS of the second difference, and RMS deviation from the line between the ends.
std::pair<double, double> smoothness(const std::vector<double>& x) {
    const auto n = x.size();
    double s2 = 0.0, lin = 0.0;
    for (std::size_t i = 1; i + 1 < n; ++i)
        s2 += std::pow(x[i + 1] - 2.0 * x[i] + x[i - 1], 2.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double line = x.front() + (x.back() - x.front()) * static_cast<double>(i) / (n - 1);
        lin += std::pow(x[i] - line, 2.0);
    }
    return {std::sqrt(s2 / std::max<std::size_t>(1, n - 2)), std::sqrt(lin / n)};
}

} // namespace

json compareInterpolations(PresetInferencer& inf,
                           const std::vector<std::pair<fm::DxVoice, fm::DxVoice>>& pairs,
                           int steps) {
    // Methods: the five latent kinds, then naive; descriptors[method][pair][step].
    constexpr int kMethods = 6, kNaive = 5;
    static const char* keys[kMethods] = {"latent",         "sound",       "soundBoxed",
                                         "soundUnbounded", "flowInverse", "naive"};
    std::vector<std::vector<std::vector<SoundDescriptors>>> all(kMethods);
    for (const auto& [a, b] : pairs) {
        const std::vector<fm::DxVoice> paths[kMethods] = {
            latentInterpolation(inf, a, b, steps, LatentPathKind::EvenPace),
            latentInterpolation(inf, a, b, steps, LatentPathKind::Sound),
            latentInterpolation(inf, a, b, steps, LatentPathKind::SoundBoxed),
            latentInterpolation(inf, a, b, steps, LatentPathKind::SoundUnbounded),
            latentInterpolation(inf, a, b, steps, LatentPathKind::FlowInverse),
            naiveInterpolation(a, b, steps)};
        for (int m = 0; m < kMethods; ++m) {
            std::vector<SoundDescriptors> row;
            for (const auto& v : paths[m])
                row.push_back(soundDescriptors(inf.renderer().renderLogMel(v), inf.config()));
            all[static_cast<std::size_t>(m)].push_back(row);
        }
    }
    json perDescriptor = json::object();
    int wins[kMethods] = {};
    for (int d = 0; d < kInterpolationDescriptors; ++d) {
        // Standardise over every rendering of every method.
        double sum = 0.0, sq = 0.0, n = 0.0;
        for (const auto& method : all)
            for (const auto& row : method)
                for (const auto& s : row) {
                    sum += s[static_cast<std::size_t>(d)];
                    sq += s[static_cast<std::size_t>(d)] * s[static_cast<std::size_t>(d)];
                    n += 1.0;
                }
        const double mean = sum / n;
        const double sd = std::sqrt(std::max(sq / n - mean * mean, 1e-24));
        double smooth[kMethods] = {}, nonlin[kMethods] = {};
        std::vector<double> perPair[kMethods]; // each pair's smoothness; smooth is their mean
        for (int m = 0; m < kMethods; ++m)
            for (const auto& row : all[static_cast<std::size_t>(m)]) {
                std::vector<double> x;
                for (const auto& s : row)
                    x.push_back((s[static_cast<std::size_t>(d)] - mean) / sd);
                const auto [s2, lin] = smoothness(x);
                perPair[m].push_back(s2);
                smooth[m] += s2 / static_cast<double>(pairs.size());
                nonlin[m] += lin / static_cast<double>(pairs.size());
            }
        json entry = json::object();
        for (int m = 0; m < kMethods; ++m) {
            wins[m] += m != kNaive && smooth[m] < smooth[kNaive];
            entry[std::string(keys[m]) + "Smoothness"] = smooth[m];
            entry[std::string(keys[m]) + "Nonlinearity"] = nonlin[m];
            if (m == kNaive)
                continue;
            // Pair by pair against naive: how often smoother, and the sign test's p.
            int smoother = 0, rougher = 0;
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                smoother += perPair[m][i] < perPair[kNaive][i] - 1e-12;
                rougher += perPair[m][i] > perPair[kNaive][i] + 1e-12;
            }
            entry[std::string(keys[m]) + "SmootherPairs"] = smoother;
            entry[std::string(keys[m]) + "RougherPairs"] = rougher;
            entry[std::string(keys[m]) + "SignTestP"] = core::dsp::signTestP(smoother, rougher);
        }
        perDescriptor[interpolationDescriptorName(d)] = entry;
    }
    return {{"pairs", pairs.size()},
            {"steps", steps},
            {"latentPath", latentPathKindName(LatentPathKind::EvenPace)},
            {"descriptors", perDescriptor},
            {"latentSmootherOn", wins[0]},
            {"soundSmootherOn", wins[1]},
            {"soundBoxedSmootherOn", wins[2]},
            {"soundUnboundedSmootherOn", wins[3]},
            {"flowInverseSmootherOn", wins[4]},
            {"of", kInterpolationDescriptors}};
}

} // namespace latentrack::models::preset
