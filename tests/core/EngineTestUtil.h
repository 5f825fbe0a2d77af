#pragma once
// Helpers for engine tests: synthetic samples and an engine with a command port.

#include <memory>
#include <vector>

#include "core/engine/DrumMachine.h"
#include "core/engine/Engine.h"
#include "core/engine/FmInstrument.h"
#include "core/engine/StreamPlayer.h"
#include "core/voice/Sample.h"

namespace latentrack::test {

/// A single-frame impulse of amplitude 1 (mono).
std::unique_ptr<core::voice::Sample> impulseSample(double sampleRate);
/// `frames` frames of constant value (mono).
std::unique_ptr<core::voice::Sample> constantSample(double sampleRate, int frames, float value);

/// An engine with the desktop app's instruments (drum machine, FM synthesizer, one stream
/// player), prepared, and one command port.
struct TestEngine {
    explicit TestEngine(double sampleRate = 48000.0, int maxBlock = 2048)
        : drums(engine.add<core::engine::DrumMachine>()),
          fm(engine.add<core::engine::FmInstrument>()),
          stream(engine.add<core::engine::StreamPlayer>()) {
        engine.prepare(sampleRate, maxBlock);
        port = &engine.openPort();
    }
    void send(core::engine::CommandType type, int track = 0, int step = 0, float value = 0.0f) {
        port->push(core::engine::Command{type, static_cast<std::int16_t>(track),
                                         static_cast<std::int16_t>(step), value, nullptr});
    }
    /// Renders `frames` frames in blocks of `block`; returns the left channel.
    std::vector<float> render(long frames, int block, std::vector<float>* right = nullptr);

    core::engine::Engine engine;
    core::engine::DrumMachine& drums;
    core::engine::FmInstrument& fm;
    core::engine::StreamPlayer& stream;
    core::engine::Engine::CommandPort* port = nullptr;
};

/// Renders `blocks` blocks of `frames` frames through engine.process(); returns the largest
/// absolute left-channel sample.
float renderPeak(core::engine::Engine& engine, int blocks, int frames = 256);

/// Frame indices where |x| rises above `threshold` after having been below it.
std::vector<long> risingEdges(const std::vector<float>& x, float threshold);

} // namespace latentrack::test
