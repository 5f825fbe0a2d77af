#pragma once
// OscTarget that drives the engine directly: commands through the OSC thread's own command
// port, tempo through the engine's atomic, generated sounds through a GenerationService. Used by
// the CLI, the module and as the base of the desktop app's target (which also mirrors changes into
// the GUI).

#include <array>
#include <atomic>
#include <mutex>
#include <random>
#include <string>

#include "core/control/OscServer.h"
#include "core/engine/Engine.h"
#include "core/gen/GenerationService.h"

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

    /// Where /sample_note and /sample_path go: `service` (null = no model) and the model class
    /// of each track (empty = the model has none for it). Thread: owner (short lock).
    void setGeneration(gen::GenerationService* service,
                       const std::array<std::string, seq::kMaxTracks>& trackClasses) {
        std::lock_guard lock(m_genMutex);
        m_generation = service;
        m_trackClasses = trackClasses;
    }

    /// Requests a sound with a fresh random seed; replies /sample_ready or /error when done.
    std::string sampleSound(int track, gen::GenerationMode mode, const OscReply& reply) override {
        std::lock_guard lock(m_genMutex);
        if (m_generation == nullptr)
            return "no neural model is loaded";
        const auto& cls = m_trackClasses[static_cast<std::size_t>(track)];
        if (cls.empty())
            return "the loaded model has no class for track " + std::to_string(track);
        const gen::GenerationRecipe recipe{mode, cls, m_rng() & 0x7fffffffu, {}};
        m_generation->request(track, recipe, [reply](const gen::GenerationResult& r) {
            if (r.error.empty())
                reply.sampleReady(r.track, r.recipe.mode, r.recipe.className, r.recipe.seed);
            else
                reply.error(r.recipe.mode == gen::GenerationMode::Note ? "/sample_note"
                                                                       : "/sample_path",
                            r.error);
        });
        return {};
    }

private:
    void push(engine::CommandType type, int track, int step, float value) {
        m_port.push(engine::Command{type, static_cast<std::int16_t>(track),
                                    static_cast<std::int16_t>(step), value, nullptr});
    }

    engine::Engine& m_engine;
    engine::Engine::CommandPort& m_port;
    std::atomic<int> m_tracks{8};
    std::atomic<int> m_steps{16};
    std::mutex m_genMutex;
    gen::GenerationService* m_generation = nullptr;
    std::array<std::string, seq::kMaxTracks> m_trackClasses;
    std::mt19937_64 m_rng{std::random_device{}()};
};

} // namespace latentrack::core::control
