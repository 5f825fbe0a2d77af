#pragma once
// Runs a SoundGenerator on its own worker thread for the drum machine: requests go in from any
// control thread (GUI, OSC, MIDI); the worker generates, resamples to the engine's rate
// (libsamplerate), fades the tail out, and sends the voice::Sample to the engine by pointer
// through its own command port (DrumMachine::setTrackSample). The audio thread only swaps a
// pointer: sounding hits keep their old sample and the next step plays the new one, with no click.
// Results (the model-rate audio and its recipe, for the GUI and the project) are collected
// with poll().
// Thread: request(), poll() and pending() from any thread (short mutex, never the audio
// thread); the worker runs generate() and is the only producer on `port`.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/engine/DrumMachine.h"
#include "core/engine/Engine.h"
#include "core/gen/SoundGenerator.h"

namespace latentrack::core::gen {

struct GenerationResult {
    int track = 0;
    GenerationRecipe recipe;
    std::vector<float> audio; ///< mono, at sampleRate (the model's rate); empty on failure
    double sampleRate = 0.0;
    std::string error;    ///< why it failed (then nothing was sent to the engine)
    double seconds = 0.0; ///< wall time of generate() + resampling
    std::uint64_t requestId = 0;
};

class GenerationService {
public:
    /// `port` is a command port of `engine` reserved for this service (the worker is its only
    /// producer); the engine must be prepared (its rate is read here) and have a DrumMachine
    /// (std::logic_error otherwise). `onFinished` (optional) is
    /// called on the worker thread after each request, once the sample is in the engine's
    /// queue; it must not block (e.g. an OSC reply).
    GenerationService(std::shared_ptr<SoundGenerator> generator, engine::Engine& engine,
                      engine::Engine::CommandPort& port,
                      std::function<void(const GenerationResult&)> onFinished = {});
    ~GenerationService();
    GenerationService(const GenerationService&) = delete;
    GenerationService& operator=(const GenerationService&) = delete;

    /// Queues a request for `track` (0 … seq::kMaxTracks−1); a newer request for the same
    /// track that is still waiting replaces the older one. Returns its id; `onFinished` of the
    /// constructor, then `done` (optional, worker thread, must not block) run when it is over.
    std::uint64_t request(int track, const GenerationRecipe& recipe,
                          std::function<void(const GenerationResult&)> done = {});
    /// Next finished result, if any.
    std::optional<GenerationResult> poll();
    /// Requests waiting or running.
    int pending() const;
    /// Blocks until nothing is pending (tests, offline use) or `timeoutSeconds` pass.
    bool waitIdle(double timeoutSeconds) const;

    SoundGenerator& generator() { return *m_generator; }

private:
    struct Request {
        int track;
        GenerationRecipe recipe;
        std::uint64_t id;
        std::function<void(const GenerationResult&)> done;
    };
    void run();
    GenerationResult execute(const Request& r);

    std::shared_ptr<SoundGenerator> m_generator;
    engine::Engine& m_engine;
    engine::DrumMachine& m_drums;
    engine::Engine::CommandPort& m_port;
    std::function<void(const GenerationResult&)> m_onFinished;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_cv;
    std::deque<Request> m_requests;
    std::deque<GenerationResult> m_results;
    int m_running = 0;
    std::uint64_t m_nextId = 1;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace latentrack::core::gen
