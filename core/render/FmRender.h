#pragma once
// Offline rendering of one DX7 note through the engine's own code path (the same process()
// the audio callback runs), for `latentrack-cli fm render`, the tests and the preset datasets.
// Thread: owner of the engine (not realtime). Allocates.

#include <vector>

#include "core/engine/Engine.h"
#include "core/fm/DxVoice.h"

namespace latentrack::core::render {

struct FmNoteRequest {
    int note = 60;      ///< MIDI 0 … 127
    int velocity = 100; ///< 1 … 127
    double holdSeconds = 3.0;
    double releaseSeconds = 1.0;
    int blockFrames = 64; ///< engine block size (must be ≤ engine.maxBlockFrames())
};

/// Loads `voice`, plays one note and returns the mono output (holdSeconds + releaseSeconds) at
/// engine.sampleRate(). Throws std::invalid_argument for out-of-range requests and
/// std::runtime_error when the command queue is full.
std::vector<float> renderFmNote(engine::Engine& engine, engine::Engine::CommandPort& port,
                                const fm::DxVoice& voice, const FmNoteRequest& request);

} // namespace latentrack::core::render
