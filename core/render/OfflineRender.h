#pragma once
// Offline rendering through the very same Engine::process() the audio callback uses.

#include <array>
#include <vector>

#include "core/engine/Engine.h"

namespace latentrack::core::render {

struct RenderedAudio {
    std::array<std::vector<float>, 2> channel; ///< planar stereo
    double sampleRate = 0.0;
};

/// Starts the transport and renders `bars` bars of 16 steps at the engine's tempo, plus
/// `tailSeconds` of ring-out, in blocks of `blockFrames` (≤ engine.maxBlockFrames()).
/// The engine must be prepared; commands already queued on `port` are applied first.
/// Thread: the engine's owner; nothing else may call process() meanwhile.
RenderedAudio renderBars(engine::Engine& engine, engine::Engine::CommandPort& port, int bars,
                         int blockFrames, double tailSeconds = 0.0);

} // namespace latentrack::core::render
