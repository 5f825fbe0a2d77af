#pragma once
// A TorchScript (nn~ / RAVE) model as it plays in the app and the module: a worker runs the
// model buffer by buffer (TorchScriptStream) and writes its output, resampled from the model's
// rate to the engine's (libsamplerate, on the worker), into a stream player's ring.
// Sources:
// - none: Generate (a latent random walk through decode), `aheadSeconds` kept queued;
// - a looped sound (mono at the model's rate): Transfer (encode → knobs → decode) or, for a
//   model with forward only or when forward is preferred, Forward; also kept queued ahead;
// - the live input (the engine's capture ring, mono at the engine's rate): resampled to the
//   model's rate and played as each buffer fills, so the output lags the input by one buffer
//   (nn~'s latency) plus the resamplers' filters.
// A model error (an exception inside it, NaN output, a wrong shape) silences the voice and is
// kept in error() until the source or the mode changes.
//
// Threads: the setters and readers from any thread except the audio thread (short mutex,
// atomics); the worker is the output ring's only producer and the live ring's only consumer.
// Destroy before the engine. The model is the worker's alone while the voice lives.

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/io/TakeRecorder.h"
#include "core/rt/AudioRing.h"
#include "models/torchscript/TorchScriptStream.h"

namespace latentrack::models::torchscript {

class TorchScriptVoice {
public:
    static constexpr double kDefaultAheadSeconds = 0.03;

    /// Starts the worker, silent until play(). `bufferSamples` 0 = the model's default buffer
    /// (nn~'s); throws TorchScriptError when the model can play neither Generate nor Forward,
    /// or the buffer does not suit its ratios.
    TorchScriptVoice(std::shared_ptr<TorchScriptModel> model, core::rt::AudioRing& out,
                     double engineRate, double aheadSeconds = kDefaultAheadSeconds,
                     int bufferSamples = 0, std::uint64_t seed = 1);
    ~TorchScriptVoice();
    TorchScriptVoice(const TorchScriptVoice&) = delete;
    TorchScriptVoice& operator=(const TorchScriptVoice&) = delete;

    void play(bool on);
    bool playing() const { return m_playing.load(); }
    /// Latent knob of `dimension` (0 … kMaxKnobs − 1).
    void setKnob(int dimension, LatentKnob knob);
    /// Loops `audio` (mono at the model's rate) through the model; empty: back to Generate.
    void loop(std::vector<float> audio);
    /// Plays `liveInput` (mono at the engine's rate; this voice becomes its only reader)
    /// through the model; null: back to the looped sound or Generate.
    void listen(core::rt::AudioRing* liveInput);
    /// With an input, use forward even when encode and decode exist (no knobs).
    void preferForward(bool on);

    /// The mode the worker plays now.
    StreamMode mode() const { return m_mode.load(); }
    /// The last model error, "" while it plays; hasError() without the copy (for polling).
    std::string error() const;
    bool hasError() const { return m_failed.load(); }
    std::uint64_t buffers() const { return m_buffers.load(); }
    int bufferSamples() const noexcept { return m_buffer; }
    /// The model's latency for live input: one buffer, in seconds.
    double bufferSeconds() const { return m_buffer / m_model->info().sampleRate; }
    const TorchScriptInfo& info() const { return m_model->info(); }
    /// The knobs that act: TorchScriptInfo::knobCount().
    int knobCount() const { return info().knobCount(); }
    /// Appends what the worker writes to the ring (mono, the engine's rate) to `take` (it
    /// records while armed; it must outlive the voice or be replaced first); null: none.
    void recordTo(core::io::TakeRecorder* take) { m_take = take; }

private:
    struct Pending;
    void run();
    StreamMode chooseMode(bool hasInput, bool forward) const;
    void writeAll(const std::vector<float>& samples);
    void setError(std::string e); ///< "" clears it

    std::shared_ptr<TorchScriptModel> m_model;
    core::rt::AudioRing& m_out;
    double m_engineRate;
    double m_ahead;
    int m_buffer;
    std::uint64_t m_seed;
    std::unique_ptr<Pending> m_pending;
    mutable std::mutex m_mutex;
    std::string m_error; ///< under m_mutex
    std::atomic<StreamMode> m_mode{StreamMode::Generate};
    std::atomic<bool> m_failed{false}; ///< m_error is not empty
    std::atomic<std::uint64_t> m_buffers{0};
    std::atomic<bool> m_playing{false};
    std::atomic<core::io::TakeRecorder*> m_take{nullptr};
    std::atomic<bool> m_running{true};
    std::thread m_thread;
};

} // namespace latentrack::models::torchscript
