#include "models/preset/PresetRefinement.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include <nlopt.hpp>

namespace latentrack::models::preset {

namespace fm = core::fm;
using Clock = std::chrono::steady_clock;

namespace {

/// The parameter indices searched for one start voice.
std::vector<int> searchedParameters(const fm::DxVoice& v) {
    std::vector<int> out;
    const fm::OpParam shaping[] = {
        fm::OpParam::Rate1,     fm::OpParam::Rate2,      fm::OpParam::Rate3,
        fm::OpParam::Rate4,     fm::OpParam::Level1,     fm::OpParam::Level2,
        fm::OpParam::Level3,    fm::OpParam::Level4,     fm::OpParam::BreakPoint,
        fm::OpParam::LeftDepth, fm::OpParam::RightDepth, fm::OpParam::OutputLevel,
        fm::OpParam::Fine,      fm::OpParam::Coarse,     fm::OpParam::Detune};
    for (int op = 1; op <= fm::kNumOperators; ++op) {
        if (v.op(op, fm::OpParam::OutputLevel) == 0)
            continue;
        for (auto p : shaping)
            out.push_back(fm::DxVoice::opOffset(op) + static_cast<int>(p));
    }
    out.push_back(static_cast<int>(fm::VoiceParam::Feedback));
    return out;
}

struct Search {
    PresetRenderer& renderer;
    const core::dsp::LogMel& target;
    const RefinementOptions& options;
    Clock::time_point began;
    fm::DxVoice base;
    std::vector<int> params;
    fm::DxVoice best;
    double bestDb = 1e300;
    int evaluations = 0;
    bool cancelled = false;

    fm::DxVoice voiceAt(const std::vector<double>& x) const {
        fm::DxVoice v = base;
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int max = fm::paramMax(params[i]);
            v.params[static_cast<std::size_t>(params[i])] =
                static_cast<std::uint8_t>(std::lround(std::clamp(x[i], 0.0, 1.0) * max));
        }
        return v;
    }

    double distance(const fm::DxVoice& v) {
        ++evaluations;
        const double d = core::dsp::logMelDistance(renderer.renderLogMel(v), target);
        if (d < bestDb) {
            bestDb = d;
            best = v;
            if (options.progress)
                options.progress(std::chrono::duration<double>(Clock::now() - began).count(), d);
        }
        return d;
    }
};

double objective(const std::vector<double>& x, std::vector<double>& /*grad*/, void* data) {
    auto& s = *static_cast<Search*>(data);
    if (s.options.cancel && s.options.cancel->load()) {
        s.cancelled = true;
        throw nlopt::forced_stop();
    }
    return s.distance(s.voiceAt(x));
}

} // namespace

RefinementResult refinePreset(PresetRenderer& renderer, const core::dsp::LogMel& target,
                              const std::vector<fm::DxVoice>& starts,
                              const RefinementOptions& options) {
    if (starts.empty())
        throw std::invalid_argument("refinePreset: no start voice");
    Search s{renderer, target, options, Clock::now(), starts.front(), {}, starts.front()};
    RefinementResult r;
    // The starts in order of their distance, each given an equal share of what is left.
    std::vector<std::pair<double, fm::DxVoice>> ranked;
    for (const auto& v : starts)
        ranked.emplace_back(s.distance(v), v);
    r.startDb = s.bestDb;
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t k = 0; k < ranked.size() && !s.cancelled; ++k) {
        const double spent = std::chrono::duration<double>(Clock::now() - s.began).count();
        const auto left = static_cast<double>(ranked.size() - k);
        const double share = (options.seconds - spent) / left;
        if (share <= 0.05) {
            r.timeLimited = true;
            break;
        }
        const int evaluationShare =
            options.maxEvaluations > 0
                ? static_cast<int>(static_cast<double>(options.maxEvaluations - s.evaluations) /
                                   left)
                : 0;
        if (options.maxEvaluations > 0 && evaluationShare < 1)
            break;
        s.base = ranked[k].second;
        s.params = searchedParameters(s.base);
        const auto n = static_cast<unsigned>(s.params.size());
        std::vector<double> x(n);
        for (unsigned i = 0; i < n; ++i)
            x[i] = static_cast<double>(s.base.params[static_cast<std::size_t>(s.params[i])]) /
                   fm::paramMax(s.params[i]);
        nlopt::opt opt(nlopt::LN_SBPLX, n);
        opt.set_lower_bounds(std::vector<double>(n, 0.0));
        opt.set_upper_bounds(std::vector<double>(n, 1.0));
        opt.set_initial_step(0.06);
        opt.set_min_objective(objective, &s);
        opt.set_maxtime(share);
        if (evaluationShare > 0)
            opt.set_maxeval(evaluationShare);
        double value = 0.0;
        try {
            if (opt.optimize(x, value) == nlopt::MAXTIME_REACHED)
                r.timeLimited = true;
        } catch (const nlopt::forced_stop&) {
            s.cancelled = true;
        } catch (const std::exception&) {
            // NLopt's roundoff-limited and similar ends keep the best point already recorded.
        }
    }
    r.voice = s.best;
    r.bestDb = s.bestDb;
    r.evaluations = s.evaluations;
    r.seconds = std::chrono::duration<double>(Clock::now() - s.began).count();
    r.cancelled = s.cancelled;
    return r;
}

} // namespace latentrack::models::preset
