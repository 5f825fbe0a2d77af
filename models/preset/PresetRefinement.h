#pragma once
// Refinement of an inferred preset by gradient-free search on the audio distance (beyond the
// papers: inference gives the start, the FM engine's speed does the rest). From each start
// voice in turn (the inferred preset and its alternatives, best first), NLopt's Subplex
// (LN_SBPLX, Rowan 1990) minimises the log-mel distance between the voice's rendering
// (PresetRenderer) and the target, over the parameters that shape an audible operator (its
// 13 numeric values, coarse ratio and detune) and the feedback, each scaled to [0, 1] and
// rounded to its steps. The algorithm, modes and curves of the start are kept. A Subplex run
// ends when its steps fall below half a parameter step and restarts from the best point
// (with the initial step after an improvement, a halved one otherwise); a voice already heard
// is not rendered again. The budget (a wall-clock time, and optionally a number of
// renderings, whichever ends first) is shared among the starts; the best voice found anywhere
// is returned. With an evaluation budget that ends first, the result does not depend on the
// machine's speed (the same start and target give the same voice).
//
// Thread: a worker (it renders and blocks for up to `seconds`); cancel from any thread through
// the flag. Allocates.

#include <atomic>
#include <functional>
#include <vector>

#include "core/dsp/MelSpectrogram.h"
#include "core/fm/DxVoice.h"
#include "models/preset/PresetRenderer.h"

namespace latentrack::models::preset {

struct RefinementOptions {
    double seconds = 10.0;  ///< wall-clock budget, all starts together
    int maxEvaluations = 0; ///< > 0: at most this many renderings, all starts together
    const std::atomic<bool>* cancel = nullptr; ///< set to stop early (the best so far is kept)
    /// Called after each improvement: (seconds spent, best distance in dB).
    std::function<void(double, double)> progress;
};

struct RefinementResult {
    core::fm::DxVoice voice;
    double startDb = 0.0;     ///< distance of the best start
    double bestDb = 0.0;      ///< distance of the result
    int evaluations = 0;      ///< renderings (a voice heard twice counts once)
    double seconds = 0.0;     ///< wall-clock time spent
    bool timeLimited = false; ///< the time budget ended a search (not the evaluation count)
    bool cancelled = false;
};

/// starts: at least one voice. Throws std::invalid_argument when empty.
RefinementResult refinePreset(PresetRenderer& renderer, const core::dsp::LogMel& target,
                              const std::vector<core::fm::DxVoice>& starts,
                              const RefinementOptions& options);

} // namespace latentrack::models::preset
