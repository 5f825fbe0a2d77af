#pragma once
// The attribute-fader voice as it plays in the app: a worker thread decodes the model block by
// block (RaveStreamDecoder) and writes it, resampled to the engine's rate (libsamplerate), into
// a stream player's ring (core::engine::StreamPlayer), keeping only `aheadSeconds` queued, so
// that a fader move is heard within aheadSeconds plus one block. The worker also measures the
// descriptors of what it decoded, for the panel's target-vs-measured plot.
// Thread: the setters and readers from any thread (short mutex or atomics, never the audio
// thread); the worker is the ring's only producer. Destroy before the engine.

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/control/Modulator.h"
#include "core/io/TakeRecorder.h"
#include "core/rt/AudioRing.h"
#include "models/rave/RaveStreamDecoder.h"

namespace latentrack::models::rave {

class RaveVoice {
public:
    static constexpr int kAttributes = RaveStreamDecoder::kMaxAttributes;
    static constexpr double kDefaultAheadSeconds = 0.03;

    /// Starts the worker, silent until play(). `blockFrames` latent frames per decode.
    RaveVoice(std::shared_ptr<RaveBundle> bundle, core::rt::AudioRing& ring, double engineRate,
              double aheadSeconds = kDefaultAheadSeconds, int blockFrames = 2);
    ~RaveVoice();
    RaveVoice(const RaveVoice&) = delete;
    RaveVoice& operator=(const RaveVoice&) = delete;

    void play(bool on);
    bool playing() const { return m_playing.load(); }
    /// Fader of attribute `a`, travel −1 … 1 (RaveStreamDecoder::setFader: 0 = the training
    /// data's median; absolute: replaces a looped sound's own curve).
    void setFader(int a, float value, bool absolute = false);
    void setModulator(int a, const core::control::ModulatorSettings& m);
    /// Attribute `a` follows `curve` (RaveStreamDecoder::setFollow); empty: its modulator.
    void setFollow(int a, std::vector<float> curve);
    void setFirstLatent(float value);
    /// A model with a pitch input: the note (MIDI) and the transposition (semitones) its
    /// oscillator plays (RaveStreamDecoder::setNote / setTranspose); ignored by other models.
    void setNote(double midi);
    void setTranspose(double semitones);
    /// The pitch (MIDI) the last block ended on; 0 before one, or without a pitch input.
    float pitch() const { return m_pitch.load(); }
    bool hasPitchInput() const { return m_bundle->config().pitchInput; }
    /// Loops `audio` (mono at the model's rate) through the model; empty: back to the prior.
    /// The encoding happens on the worker. Throws std::invalid_argument for a sound shorter
    /// than one latent frame.
    void loop(std::vector<float> audio);
    /// Plays `liveInput` (mono at the engine's rate; this voice becomes its only reader)
    /// through the model, resampled to the model's rate on the worker, one block of
    /// `blockFrames` latent frames at a time as it arrives; its attributes are its own
    /// descriptors (RaveStreamDecoder's live source) plus the faders. Null: back to the prior.
    void listen(core::rt::AudioRing* liveInput);

    /// The attributes the last block was decoded with, and the descriptors measured on the
    /// decoded audio, both normalised; the measurement lags the decoding by about 2048 samples
    /// (the half loudness window).
    std::array<float, kAttributes> targets() const;
    std::array<float, kAttributes> measured() const;
    /// Seconds from a setter call to the first block decoded after it reaching the ring's
    /// reader (stream time at the engine rate); −1 until measured.
    double reactionSeconds() const { return m_reaction.load(); }
    std::uint64_t blocks() const { return m_blocks.load(); }
    /// One decoded block, seconds: what the live input lags by (besides the resamplers).
    double blockSeconds() const {
        return static_cast<double>(m_blockFrames) * m_bundle->config().compression() /
               m_bundle->config().sampleRate;
    }
    const RaveBundle& bundle() const { return *m_bundle; }
    /// Appends what the worker writes to the ring (mono, the engine's rate) to `take` (it
    /// records while armed; it must outlive the voice or be replaced first); null: none.
    void recordTo(core::io::TakeRecorder* take) { m_take = take; }

private:
    struct Pending;
    void run();
    void markChange(); ///< with m_mutex held

    std::shared_ptr<RaveBundle> m_bundle;
    core::rt::AudioRing& m_ring;
    double m_engineRate;
    double m_ahead;
    int m_blockFrames;
    std::unique_ptr<Pending> m_pending; ///< settings not yet taken by the worker
    mutable std::mutex m_mutex;
    std::array<std::atomic<float>, kAttributes> m_targets{};
    std::array<std::atomic<float>, kAttributes> m_measured{};
    std::atomic<double> m_reaction{-1.0};
    std::atomic<float> m_pitch{0.0f};
    std::atomic<std::uint64_t> m_blocks{0};
    std::atomic<bool> m_playing{false};
    std::atomic<core::io::TakeRecorder*> m_take{nullptr};
    std::atomic<bool> m_running{true};
    std::thread m_thread;
};

} // namespace latentrack::models::rave
