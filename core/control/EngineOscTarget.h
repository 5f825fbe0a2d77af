#pragma once
// OscTarget that drives the engine directly: commands through the OSC thread's own command
// port, tempo through the engine's atomic. Used by the CLI, the module and as the base of the
// desktop app's target (which also mirrors changes into the GUI).

#include <atomic>

#include "core/control/OscServer.h"
#include "core/engine/Engine.h"

namespace latentrack::core::control {

class EngineOscTarget : public OscTarget {
public:
    /// `port` must be a command port reserved for the OSC thread.
    EngineOscTarget(engine::Engine& engine, engine::Engine::CommandPort& port)
        : m_engine(engine), m_port(port) {}

    /// Pattern shape used to validate /step. Thread: any (atomics).
    void setShape(int tracks, int steps) noexcept {
        m_tracks.store(tracks);
        m_steps.store(steps);
    }

    void play() override { push(engine::CommandType::Play, 0, 0, 0.0f); }
    void stop() override { push(engine::CommandType::Stop, 0, 0, 0.0f); }
    void setBpm(double bpm) override { m_engine.bpm.store(bpm); }
    void setStep(int track, int step, float velocity) override {
        push(engine::CommandType::SetStep, track, step, velocity);
    }
    int trackCount() const override { return m_tracks.load(); }
    int stepCount() const override { return m_steps.load(); }

private:
    void push(engine::CommandType type, int track, int step, float value) {
        m_port.push(engine::Command{type, static_cast<std::int16_t>(track),
                                    static_cast<std::int16_t>(step), value, nullptr});
    }

    engine::Engine& m_engine;
    engine::Engine::CommandPort& m_port;
    std::atomic<int> m_tracks{8};
    std::atomic<int> m_steps{16};
};

} // namespace latentrack::core::control
