#pragma once
// Runs the module faster than real time, without an audio device: the engine is processed
// block by block on the calling thread, the control tick runs at the configured control rate
// and the screen at the display rate, both in stream time; before each block the voice's
// worker is given the time it needs to have that block decoded (so the result is what a
// device would have played, at any machine speed). For tests, demos and the CLI's --render.
//
// Thread: the owner thread (it becomes the "audio" and "control" thread for the run).

#include <functional>
#include <vector>

#include "embedded/module/ModuleInstrument.h"

namespace latentrack::embedded::module {

struct OfflineResult {
    std::vector<float> left, right; ///< [seconds · rate] samples each
    int dryBlocks = 0;              ///< blocks the worker had not decoded in time (5 s wait)
    int ticks = 0;
    int frames = 0; ///< screens drawn
};

/// Plays `seconds` of the runtime at `sampleRate` Hz in blocks of `blockFrames`.
/// `onTick(seconds)`, if given, is called after each control tick (for measurements).
OfflineResult runOffline(ModuleInstrument& instrument, double seconds, double sampleRate,
                         int blockFrames, const std::function<void(double)>& onTick = {});

} // namespace latentrack::embedded::module
