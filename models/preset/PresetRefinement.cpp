#include "models/preset/PresetRefinement.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>

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
    Search(PresetRenderer& r, const core::dsp::LogMel& t, const RefinementOptions& o,
           const fm::DxVoice& first)
        : renderer(r), target(t), options(o), began(Clock::now()), base(first), best(first) {}

    PresetRenderer& renderer;
    const core::dsp::LogMel& target;
    const RefinementOptions& options;
    Clock::time_point began;
    fm::DxVoice base;
    std::vector<int> params;
    fm::DxVoice best;
    double bestDb = 1e300;
    int evaluations = 0;     ///< renderings
    int evaluationLimit = 0; ///< > 0: no rendering past this count (this start's share)
    bool cancelled = false;
    /// Distance of every voice rendered so far, keyed by its parameter bytes: the search
    /// rounds to the parameters' steps, so it often asks for a voice it has already heard.
    std::unordered_map<std::string, double> heard;

    double seconds() const { return std::chrono::duration<double>(Clock::now() - began).count(); }

    fm::DxVoice voiceAt(const std::vector<double>& x) const {
        fm::DxVoice v = base;
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int max = fm::paramMax(params[i]);
            v.params[static_cast<std::size_t>(params[i])] =
                static_cast<std::uint8_t>(std::lround(std::clamp(x[i], 0.0, 1.0) * max));
        }
        return v;
    }

    /// The distance of `v`, rendered unless heard before. Throws nlopt::forced_stop when the
    /// rendering would pass evaluationLimit.
    double distance(const fm::DxVoice& v) {
        std::string key(reinterpret_cast<const char*>(v.params.data()), v.params.size());
        if (const auto it = heard.find(key); it != heard.end())
            return it->second;
        if (evaluationLimit > 0 && evaluations >= evaluationLimit)
            throw nlopt::forced_stop();
        ++evaluations;
        const double d = core::dsp::logMelDistance(renderer.renderLogMel(v), target);
        heard.emplace(std::move(key), d);
        if (d < bestDb) {
            bestDb = d;
            best = v;
            if (options.progress)
                options.progress(seconds(), d);
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

/// Subplex restarts from the best voice of one start until its time (`until`, seconds since
/// the search began) or its renderings run out. A run ends when its steps fall below half a
/// parameter step; the next starts from the best point with the initial step if the run
/// improved, half its last one otherwise, and the start ends when that step is below one
/// parameter step. Returns true when the time ended it.
bool searchFrom(Search& s, double until) {
    s.params = searchedParameters(s.base);
    const auto n = static_cast<unsigned>(s.params.size());
    std::vector<double> x(n), halfStep(n);
    for (unsigned i = 0; i < n; ++i) {
        const int max = fm::paramMax(s.params[i]);
        x[i] = static_cast<double>(s.base.params[static_cast<std::size_t>(s.params[i])]) / max;
        halfStep[i] = 0.5 / max;
    }
    double here = s.distance(s.base);
    constexpr double kInitialStep = 0.06;
    constexpr double kFinestStep = 1.0 / 99.0; // one step of the 0 … 99 parameters
    double step = kInitialStep;
    while (step >= kFinestStep) {
        const double left = until - s.seconds();
        if (left <= 0.01)
            return true;
        nlopt::opt opt(nlopt::LN_SBPLX, n);
        opt.set_lower_bounds(std::vector<double>(n, 0.0));
        opt.set_upper_bounds(std::vector<double>(n, 1.0));
        opt.set_initial_step(step);
        opt.set_xtol_abs(halfStep);
        opt.set_min_objective(objective, &s);
        opt.set_maxtime(left);
        double value = here;
        try {
            if (opt.optimize(x, value) == nlopt::MAXTIME_REACHED)
                return true;
        } catch (const nlopt::forced_stop&) {
            return false; // cancelled or out of renderings
        } catch (const std::exception&) {
            // NLopt's roundoff-limited and similar ends: go on from the best point.
        }
        step = value < here - 1e-9 ? kInitialStep : 0.5 * step;
        here = std::min(here, value);
    }
    return false;
}

} // namespace

RefinementResult refinePreset(PresetRenderer& renderer, const core::dsp::LogMel& target,
                              const std::vector<fm::DxVoice>& starts,
                              const RefinementOptions& options) {
    if (starts.empty())
        throw std::invalid_argument("refinePreset: no start voice");
    Search s(renderer, target, options, starts.front());
    RefinementResult r;
    // The starts in order of their distance, each given an equal share of what is left.
    std::vector<std::pair<double, fm::DxVoice>> ranked;
    for (const auto& v : starts)
        ranked.emplace_back(s.distance(v), v);
    r.startDb = s.bestDb;
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t k = 0; k < ranked.size() && !s.cancelled; ++k) {
        const auto left = static_cast<double>(ranked.size() - k);
        const double spent = s.seconds();
        const double share = (options.seconds - spent) / left;
        if (share <= 0.05) {
            r.timeLimited = true;
            break;
        }
        if (options.maxEvaluations > 0) {
            const int evaluationShare = static_cast<int>(
                static_cast<double>(options.maxEvaluations - s.evaluations) / left);
            if (evaluationShare < 1)
                break;
            s.evaluationLimit = s.evaluations + evaluationShare;
        }
        s.base = ranked[k].second;
        r.timeLimited |= searchFrom(s, spent + share);
    }
    r.voice = s.best;
    r.bestDb = s.bestDb;
    r.evaluations = s.evaluations;
    r.seconds = s.seconds();
    r.cancelled = s.cancelled;
    return r;
}

} // namespace latentrack::models::preset
